using System.Collections.Concurrent;
using PosAuth.Storage;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// BROKEN on purpose: <see cref="TryUpdateAsync"/> is a synchronous check-then-set (no <c>await</c> in the gap), as
/// <see cref="CheckThenSetAttemptStore"/>; everything else is correct.
/// </summary>
internal sealed class CheckThenSetOperatorStore : IOperatorStore
{
    private readonly ConcurrentDictionary<string, OperatorAccount> _accounts = new(StringComparer.Ordinal);

    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryGetValue(operatorId, out OperatorAccount? a) ? a : null);
    }

    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryAdd(account.OperatorId, account with { Version = 1 }));
    }

    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue(account.OperatorId, out OperatorAccount? current) || current.Version != expectedVersion)
        {
            return new(false);
        }

        _accounts[account.OperatorId] = account with { Version = expectedVersion + 1 };
        return new(true);
    }

    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_accounts.TryRemove(operatorId, out _));
    }

    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new((IReadOnlyList<OperatorAccount>)[.. _accounts.Values.OrderBy(a => a.OperatorId, StringComparer.Ordinal)]);
    }

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _accounts.Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        // Not what this store is for (and not atomic against readers either): checked first, then copied in.
        Dictionary<string, OperatorAccount> replacement = accounts.ToDictionary(a => a.OperatorId, a => a with { Version = 1 }, StringComparer.Ordinal);
        cancellationToken.ThrowIfCancellationRequested();
        _accounts.Clear();
        foreach (KeyValuePair<string, OperatorAccount> pair in replacement)
        {
            _accounts[pair.Key] = pair.Value;
        }

        return ValueTask.CompletedTask;
    }
}
