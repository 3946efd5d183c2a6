using System.Collections.Concurrent;

namespace PosAuth.Operators;

/// <summary>
/// An <see cref="IOperatorStore"/> held in memory, for tests and demos. Lock-free: updates are
/// compare-and-swap operations on a <see cref="ConcurrentDictionary{TKey, TValue}"/>.
/// </summary>
public sealed class InMemoryOperatorStore : IOperatorStore
{
    private readonly ConcurrentDictionary<string, OperatorAccount> _accounts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryGetValue(operatorId, out OperatorAccount? account) ? account : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryAdd(account.OperatorId, account with { Version = 1 }));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue(account.OperatorId, out OperatorAccount? current) || current.Version != expectedVersion)
        {
            return new(false);
        }

        return new(_accounts.TryUpdate(account.OperatorId, account with { Version = expectedVersion + 1 }, current));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryRemove(operatorId, out _));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<OperatorAccount> list = [.. _accounts.Values.OrderBy(a => a.OperatorId, StringComparer.Ordinal)];
        return new(list);
    }

    /// <inheritdoc />
    public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _accounts.Clear();
        return ValueTask.CompletedTask;
    }
}
