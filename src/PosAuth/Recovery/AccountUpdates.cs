using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PosAuth.Hashing;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>Compare-and-swap updates of an operator account, shared by the recovery services.</summary>
internal static class AccountUpdates
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Applies <paramref name="change"/> to the account with a compare-and-swap. A lost race is retried on the fresh
    /// record only when the PIN hash is unchanged (the other writer did housekeeping, such as the authenticator
    /// shortening a temporary PIN's life); a PIN changed meanwhile by someone else wins, and the caller reports
    /// <see cref="RecoveryErrorKind.ConcurrentUpdate"/>.
    /// </summary>
    /// <returns>Whether the change was stored.</returns>
    public static async ValueTask<bool> TrySaveAsync(IOperatorStore store, OperatorAccount read, Func<OperatorAccount, OperatorAccount> change, CancellationToken cancellationToken)
    {
        OperatorAccount current = read;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.TryUpdateAsync(change(current), current.Version, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            OperatorAccount? fresh = await store.FindAsync(read.OperatorId, cancellationToken).ConfigureAwait(false);
            if (fresh is null || !string.Equals(fresh.PinHash, read.PinHash, StringComparison.Ordinal))
            {
                return false;
            }

            current = fresh;
        }

        return false;
    }

    /// <summary>
    /// Generates a one-time PIN for <paramref name="target"/> and stores its hash (must change, expiring at
    /// <paramref name="expires"/>) with <see cref="TrySaveAsync"/>. The digits are wiped on failure.
    /// </summary>
    /// <returns>The digits, owned by the caller, or <see langword="null"/> when the account changed meanwhile.</returns>
    public static async ValueTask<char[]?> TrySetOneTimePinAsync(
        IOperatorStore store,
        IPinHasher hasher,
        RecoveryPinRules rules,
        OperatorAccount target,
        string terminalId,
        PinChangeReason reason,
        DateTimeOffset now,
        DateTimeOffset expires,
        CancellationToken cancellationToken)
    {
        char[] digits = rules.GenerateTemporaryPin(target.Role, target.OperatorId, terminalId);
        try
        {
            string hash = hasher.Hash(digits);
            if (await TrySaveAsync(
                    store,
                    target,
                    a => rules.WithNewPinHash(a, hash, now) with { MustChangePin = true, MustChangePinReason = reason, PinExpiresAt = expires },
                    cancellationToken).ConfigureAwait(false))
            {
                return digits;
            }
        }
        catch
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(digits.AsSpan()));
            throw;
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(digits.AsSpan()));
        return null;
    }
}
