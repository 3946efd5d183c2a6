
using PosAuth.Storage;
namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// BROKEN on purpose: <see cref="ReplaceAllAsync"/> is the factory reset as it used to be, delete every account and
/// then create the new ones one by one. A failure (or a power cut) in between leaves a partial set or none, and a
/// reader in between sees a store with no administrator. Everything else is correct.
/// </summary>
internal sealed class DeleteThenInsertOperatorStore : IOperatorStore
{
    private readonly InMemoryOperatorStore _inner = new();

    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default) => _inner.FindAsync(operatorId, cancellationToken);

    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) => _inner.TryCreateAsync(account, cancellationToken);

    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default) =>
        _inner.TryUpdateAsync(account, expectedVersion, cancellationToken);

    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) => _inner.DeleteAsync(operatorId, cancellationToken);

    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) => _inner.DeleteAllAsync(cancellationToken);

    public async ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        await _inner.DeleteAllAsync(cancellationToken);
        foreach (OperatorAccount account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account, nameof(accounts));
            if (!await _inner.TryCreateAsync(account, cancellationToken))
            {
                throw new ArgumentException("Duplicate operator number.", nameof(accounts));
            }
        }
    }
}
