
using PosAuth.Storage;
namespace PosAuth.Testing.Tests.Broken;

/// <summary>BROKEN on purpose: forgets <see cref="OperatorAccount.PinExpiresAt"/> (a column missing from a mapping), so a temporary PIN never expires.</summary>
internal sealed class FieldLosingOperatorStore : IOperatorStore
{
    private readonly InMemoryOperatorStore _inner = new();

    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default) => _inner.FindAsync(operatorId, cancellationToken);

    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) =>
        _inner.TryCreateAsync(account with { PinExpiresAt = null }, cancellationToken);

    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default) =>
        _inner.TryUpdateAsync(account with { PinExpiresAt = null }, expectedVersion, cancellationToken);

    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) => _inner.DeleteAsync(operatorId, cancellationToken);

    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) => _inner.DeleteAllAsync(cancellationToken);

    public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default) =>
        _inner.ReplaceAllAsync([.. accounts.Select(a => a with { PinExpiresAt = null })], cancellationToken);
}
