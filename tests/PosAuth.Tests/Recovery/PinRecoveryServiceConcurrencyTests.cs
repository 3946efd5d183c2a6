using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class PinRecoveryServiceConcurrencyTests : IDisposable
{
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private PinRecoveryService ServiceOver(IOperatorStore store) => new(
        store, _f.Auth.Authenticator, _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, _f.Sinks, _f.Time,
        Options.Create(_f.RecoveryOptions), Options.Create(_f.PinPolicyOptions), Options.Create(new AuthenticationOptions()), _f.Permissions);

    [Fact]
    public async Task ResetPin_WhenSomeoneElseChangedThePinMeanwhile_ReturnsConcurrentUpdate_AndTheOtherChangeWins()
    {
        await _f.SeedStandardAsync();
        string otherHash = _f.Auth.Hasher.Hash("6193");
        var store = new InterferingStore(_f.Operators, a => a with { PinHash = otherHash });

        RecoveryResult result = await ServiceOver(store).ResetPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01", "4739".AsMemory());

        Assert.Equal(RecoveryErrorKind.ConcurrentUpdate, result.Error!.Kind);
        Assert.Equal("concurrent_update", result.Error.Code);
        Assert.Equal(otherHash, (await _f.AccountAsync("01")).PinHash);
    }

    [Fact]
    public async Task ResetPin_WhenOnlyHousekeepingChangedMeanwhile_RetriesAndSucceeds()
    {
        await _f.SeedStandardAsync();
        var store = new InterferingStore(_f.Operators, a => a with { DisplayName = "renamed" });

        RecoveryResult result = await ServiceOver(store).ResetPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01", "4739".AsMemory());

        Assert.True(result.Succeeded, result.ToString());
        OperatorAccount account = await _f.AccountAsync("01");
        Assert.Equal("renamed", account.DisplayName);
        Assert.Equal(PinVerificationResult.Success, _f.Auth.Hasher.Verify(account.PinHash, "4739"));
    }

    /// <summary>Before the first update, another writer changes the stored account.</summary>
    private sealed class InterferingStore(InMemoryOperatorStore inner, Func<OperatorAccount, OperatorAccount> otherWriter) : IOperatorStore
    {
        private bool _interfered;

        public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default) => inner.FindAsync(operatorId, cancellationToken);

        public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) => inner.TryCreateAsync(account, cancellationToken);

        public async ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
        {
            if (!_interfered)
            {
                _interfered = true;
                OperatorAccount current = (await inner.FindAsync(account.OperatorId, cancellationToken))!;
                Assert.True(await inner.TryUpdateAsync(otherWriter(current), current.Version, cancellationToken));
            }

            return await inner.TryUpdateAsync(account, expectedVersion, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) => inner.DeleteAsync(operatorId, cancellationToken);

        public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) => inner.DeleteAllAsync(cancellationToken);

        public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default) => inner.ReplaceAllAsync(accounts, cancellationToken);
    }
}
