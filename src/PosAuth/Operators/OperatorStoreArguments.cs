using System.Collections.Concurrent;

namespace PosAuth.Storage;

/// <summary>Argument checks shared by the operator stores in the box.</summary>
internal static class OperatorStoreArguments
{
    /// <summary>
    /// Checks the set given to <see cref="IOperatorStore.ReplaceAllAsync"/> (no null, distinct operator numbers) and
    /// returns it keyed by number, every account at version 1.
    /// </summary>
    /// <exception cref="ArgumentNullException">The set or an item is null.</exception>
    /// <exception cref="ArgumentException">Two accounts share a number.</exception>
    internal static ConcurrentDictionary<string, OperatorAccount> BuildReplacement(IReadOnlyList<OperatorAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var set = new ConcurrentDictionary<string, OperatorAccount>(StringComparer.Ordinal);
        for (int i = 0; i < accounts.Count; i++)
        {
            OperatorAccount account = accounts[i] ?? throw new ArgumentNullException(nameof(accounts), $"Account {i} of the replacement set is null; nothing was changed.");
            ArgumentNullException.ThrowIfNull(account.OperatorId, nameof(accounts));
            if (!set.TryAdd(account.OperatorId, account with { Version = 1 }))
            {
                throw new ArgumentException($"The replacement set has two accounts with the same operator number (items {IndexOf(accounts, account.OperatorId)} and {i}); nothing was changed.", nameof(accounts));
            }
        }

        return set;
    }

    private static int IndexOf(IReadOnlyList<OperatorAccount> accounts, string operatorId)
    {
        for (int i = 0; i < accounts.Count; i++)
        {
            if (string.Equals(accounts[i].OperatorId, operatorId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
