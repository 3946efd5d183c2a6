using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authentication;

/// <summary>
/// The outcome of a sign-in in one commit (issue 13): with an <see cref="ISignInStore"/> the refund, the account
/// housekeeping and the audit go in one transaction; on a conflict nothing of it is written and the retrying path runs.
/// </summary>
public sealed class SignInStoreTests : IDisposable
{
    private const string Pin = "739146";
    private readonly AuthenticatorFixture _f = new();
    private readonly InMemoryAuditStore _auditStore = new();

    public void Dispose() => _f.Dispose();

    private (OperatorAuthenticator Authenticator, RecordingSignInStore Store) Build()
    {
        var store = new RecordingSignInStore(_f.Attempts, _auditStore, _f.Operators);
        var authenticator = new OperatorAuthenticator(
            _f.Operators, _f.Hasher, _f.Lockout, [new AuditStoreSink(_auditStore), _f.Audit], _f.Metrics, _f.Time,
            Options.Create(new AuthenticationOptions()), signInStore: store);
        return (authenticator, store);
    }

    [Fact]
    public async Task RightPin_CommitsRefundAndAuditInOneTransaction_AndEverySinkSeesTheEventOnce()
    {
        await _f.SeedAsync("01", Pin);
        (OperatorAuthenticator authenticator, RecordingSignInStore store) = Build();

        AuthenticationResult result = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.Succeeded, result.Outcome);
        SignInCommit commit = Assert.Single(store.Commits);
        Assert.NotEmpty(commit.AttemptWrites); // the subject's charge and the throttle's, given back
        Assert.Equal(AuditEventType.SignInSucceeded, Assert.Single(commit.AuditEvents).Type);
        Assert.Single(await _auditStore.ReadAsync(), r => r.Event.Type == AuditEventType.SignInSucceeded);
        Assert.Single(_f.Audit.Events, e => e.Type == AuditEventType.SignInSucceeded);
        Assert.Equal(3, (await _f.StatusAsync("01")).RemainingAttempts);
    }

    [Fact]
    public async Task RightPin_WhenTheCommitFindsAnotherVersion_WritesNothingOfIt_AndTheRetryingPathRefunds()
    {
        await _f.SeedAsync("01", Pin);
        (OperatorAuthenticator authenticator, RecordingSignInStore store) = Build();
        // Another lane charges the same subject between our charge and our commit.
        _f.Hasher.OnVerify = () => _ = _f.Lockout.TryChargeAsync(new LockoutSubject("T0001", "01", OperatorRole.Operator), default).AsTask().Result;

        AuthenticationResult result = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.Succeeded, result.Outcome);
        Assert.Single(store.Commits);
        Assert.Equal(0, store.Committed);
        Assert.Single(await _auditStore.ReadAsync(), r => r.Event.Type == AuditEventType.SignInSucceeded);
        Assert.Equal(0, (await _f.StatusAsync("01")).FailureCount); // a success clears the run, the other lane's charge with it
    }

    [Fact]
    public async Task WrongPinThatLocks_WritesItsAuditInOneCommit()
    {
        await _f.SeedAsync("01", Pin);
        (OperatorAuthenticator authenticator, RecordingSignInStore store) = Build();

        for (int i = 0; i < 3; i++)
        {
            await authenticator.AuthenticateAsync("T0001", "01", "111111".AsMemory());
        }

        SignInCommit locking = store.Commits[^1];
        Assert.Empty(locking.AttemptWrites);
        Assert.Equal([AuditEventType.SignInFailed, AuditEventType.OperatorLocked], locking.AuditEvents.Select(e => e.Type));
        Assert.Equal(3, store.Commits.Count);
        Assert.Equal(4, (await _auditStore.ReadAsync()).Count);
    }

    [Fact]
    public async Task RightPin_WithARehash_UpdatesTheAccountInTheSameCommit()
    {
        await _f.SeedAsync("01", Pin, hasher: new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions { Iterations = 1_000, MinimumIterations = 1_000, Algorithm = PosAuth.Hashing.Pbkdf2Algorithm.Sha256 }));
        (OperatorAuthenticator authenticator, RecordingSignInStore store) = Build();

        await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        SignInCommit commit = Assert.Single(store.Commits);
        Assert.NotNull(commit.AccountUpdate);
        Assert.Equal(AuditEventType.PinRehashed, Assert.Single(commit.AccountAuditEvents).Type);
        Assert.Contains(await _auditStore.ReadAsync(), r => r.Event.Type == AuditEventType.PinRehashed);
        Assert.NotEqual(0, (await _f.Operators.FindAsync("01"))!.Version);
    }

    /// <summary>A sign-in store over the in-memory stores; one lock makes each commit atomic.</summary>
    private sealed class RecordingSignInStore(InMemoryAttemptStore attempts, InMemoryAuditStore audit, IOperatorStore operators) : ISignInStore
    {
        private readonly Lock _gate = new();

        public List<SignInCommit> Commits { get; } = [];

        public int Committed { get; private set; }

        public IAttemptStore AttemptStore => attempts;

        public IAuditStore AuditStore => audit;

        public IOperatorStore OperatorStore => operators;

        public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                Commits.Add(commit);
            }

            if (commit.AttemptWrites.Count > 0 && !await attempts.TryWriteAsync(commit.AttemptWrites, cancellationToken))
            {
                return new SignInCommitResult(false, false);
            }

            bool accountUpdated = commit.AccountUpdate is { } a && await operators.TryUpdateAsync(a, commit.AccountExpectedVersion, cancellationToken);
            foreach (AuditEvent e in (accountUpdated ? commit.AccountAuditEvents : []).Concat(commit.AuditEvents))
            {
                await audit.AppendAsync(e, cancellationToken);
            }

            Committed++;
            return new SignInCommitResult(true, accountUpdated);
        }
    }
}
