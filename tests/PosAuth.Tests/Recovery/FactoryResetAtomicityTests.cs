using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

/// <summary>
/// The factory reset replaces the accounts in one atomic store operation: a power cut (here: the store failing the
/// k-th write and every one after it, for every k) never leaves a terminal without an administrator.
/// </summary>
public sealed class FactoryResetAtomicityTests
{
    [Fact]
    public async Task FactoryReset_PowerCutAtAnyStoreWrite_LeavesTheOldOrTheFactoryAccountsNeverNoAdministrator()
    {
        for (int cutAt = 1; cutAt <= 8; cutAt++)
        {
            using var f = new RecoveryFixture();
            await f.SeedStandardAsync();
            string[] before = [.. (await f.Operators.ListAsync()).Select(a => a.OperatorId)];
            var store = new PowerCutOperatorStore(f.Operators, cutAt);
            var service = new FactoryResetService(
                store, f.Auth.Authenticator, f.Auth.Hasher, f.Auth.Lockout, f.Sessions, f.AuditStore, f.Sinks, f.Time,
                Microsoft.Extensions.Options.Options.Create(f.RecoveryOptions), f.Permissions);

            try
            {
                await service.FactoryResetAsync(RecoveryFixture.Terminal, FactoryResetActor.System);
            }
            catch (IOException)
            {
                // The power cut.
            }

            string[] after = [.. (await f.Operators.ListAsync()).Select(a => a.OperatorId)];
            Assert.True(
                after.SequenceEqual(before) || after.SequenceEqual(["00", "01", "99"]),
                $"power cut at write {cutAt}: the store holds [{string.Join(", ", after)}], neither the old accounts [{string.Join(", ", before)}] nor the factory ones");
            Assert.NotNull(await f.Operators.FindAsync(OperatorIds.Administrator));
        }
    }

    /// <summary>Performs writes until the <c>cutAt</c>-th, which (like every later one) fails without effect.</summary>
    private sealed class PowerCutOperatorStore(InMemoryOperatorStore inner, int cutAt) : IOperatorStore
    {
        private int _writes;

        public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default) => inner.FindAsync(operatorId, cancellationToken);

        public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) { Write(); return inner.TryCreateAsync(account, cancellationToken); }

        public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default) { Write(); return inner.TryUpdateAsync(account, expectedVersion, cancellationToken); }

        public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) { Write(); return inner.DeleteAsync(operatorId, cancellationToken); }

        public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) { Write(); return inner.DeleteAllAsync(cancellationToken); }

        public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default) { Write(); return inner.ReplaceAllAsync(accounts, cancellationToken); }

        private void Write()
        {
            if (++_writes >= cutAt)
            {
                throw new IOException("power cut");
            }
        }
    }
}
