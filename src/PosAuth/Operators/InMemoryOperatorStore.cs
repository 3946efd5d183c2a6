using System.Collections.Concurrent;

namespace PosAuth.Storage;

/// <summary>
/// An <see cref="IOperatorStore"/> held in memory, for tests and demos. Lock-free: updates are
/// compare-and-swap operations on a <see cref="ConcurrentDictionary{TKey, TValue}"/>, and
/// <see cref="ReplaceAllAsync"/> builds the new set aside and swaps it in with one reference write.
/// </summary>
public sealed class InMemoryOperatorStore : IOperatorStore
{
    // Replaced whole by ReplaceAllAsync. An operation that read the old reference is ordered before the swap (its
    // effect, if any, is then wiped by the replacement), so every operation stays linearizable.
    private ConcurrentDictionary<string, OperatorAccount> _set = new(StringComparer.Ordinal);

    private ConcurrentDictionary<string, OperatorAccount> Accounts => Volatile.Read(ref _set);

    /// <inheritdoc />
    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        cancellationToken.ThrowIfCancellationRequested();
        return new(Accounts.TryGetValue(operatorId, out OperatorAccount? account) ? account : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        return new(Accounts.TryAdd(account.OperatorId, account with { Version = 1 }));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Accounts.TryGetValue(account.OperatorId, out OperatorAccount? current) || current.Version != expectedVersion)
        {
            return new(false);
        }

        return new(Accounts.TryUpdate(account.OperatorId, account with { Version = expectedVersion + 1 }, current));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        cancellationToken.ThrowIfCancellationRequested();
        return new(Accounts.TryRemove(operatorId, out _));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<OperatorAccount> list = [.. Accounts.Values.OrderBy(a => a.OperatorId, StringComparer.Ordinal)];
        return new(list);
    }

    /// <inheritdoc />
    public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Accounts.Clear();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        ConcurrentDictionary<string, OperatorAccount> replacement = OperatorStoreArguments.BuildReplacement(accounts);
        cancellationToken.ThrowIfCancellationRequested();
        Volatile.Write(ref _set, replacement);
        return ValueTask.CompletedTask;
    }
}
