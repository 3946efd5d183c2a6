using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authentication;

/// <summary>
/// The charge and the operator read in one store call (issue 13): once a lane has read an operator number, its next
/// sign-in charges from the policy's view with <see cref="ISignInStore.TryChargeAsync"/>, guarded by the operator being as
/// it was read. What an attacker would try: tell known numbers from unknown ones by the store calls, slip a guess past the
/// limit through the fast path, get a deleted or re-roled operator signed in on the stale belief, or turn a lost reply
/// into a success or a free guess.
/// </summary>
public sealed class PlannedChargeTests : IDisposable
{
    private const string Pin = "739146";
    private const string Wrong = "111111";
    private readonly AuthenticatorFixture _f = new();
    private readonly CountingAttemptStore _attempts;
    private readonly CountingOperatorStore _operators;
    private readonly CountingSignInStore _store;
    private readonly LockoutPolicy _lockout;
    private readonly OperatorAuthenticator _authenticator;

    public PlannedChargeTests()
    {
        _attempts = new CountingAttemptStore(_f.Attempts, Calls);
        _operators = new CountingOperatorStore(_f.Operators, Calls);
        _store = new CountingSignInStore(_attempts, new InMemoryAuditStore(), _operators, Calls);
        _lockout = new LockoutPolicy(_attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time);
        _authenticator = new OperatorAuthenticator(_operators, _f.Hasher, _lockout, [_f.Audit], _f.Metrics, _f.Time, Options.Create(new AuthenticationOptions()), signInStore: _store);
    }

    private List<string> Calls { get; } = [];

    public void Dispose() => _f.Dispose();

    private async Task<(AuthenticationResult Result, string[] Calls)> SignInAsync(string operatorId, string pin, string terminal = AuthenticatorFixture.Terminal)
    {
        Calls.Clear();
        AuthenticationResult result = await _authenticator.AuthenticateAsync(terminal, operatorId, pin.AsMemory());
        return (result, [.. Calls]);
    }

    [Fact]
    public async Task AfterTheFirstSignIn_TheChargeAndTheOperatorRead_AreOneStoreCall()
    {
        await _f.SeedAsync("01", Pin);

        (AuthenticationResult first, string[] firstCalls) = await SignInAsync("01", Pin);
        (AuthenticationResult second, string[] secondCalls) = await SignInAsync("01", Pin);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.Equal(["find", "read pair", "write 2", "commit"], firstCalls);
        Assert.Equal(["charge expecting Operator: committed", "commit"], secondCalls);
        Assert.Equal(0, (await _lockout.GetStatusAsync(new LockoutSubject(AuthenticatorFixture.Terminal, "01", OperatorRole.Operator), default)).FailureCount);
    }

    [Fact]
    public async Task KnownAndUnknownNumbers_TakeTheSameStoreCalls_TheFirstTimeAndEveryTimeAfter()
    {
        await _f.SeedAsync("01", Pin);
        var known = new List<string[]>();
        var unknown = new List<string[]>();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            // A lane each, so the terminal throttle is in the same state for both numbers.
            known.Add((await SignInAsync("01", Wrong, "T0001")).Calls);
            unknown.Add((await SignInAsync("02", Wrong, "T0002")).Calls);
        }

        for (int attempt = 0; attempt < 2; attempt++)
        {
            Assert.Equal(known[attempt].Select(Anonymous), unknown[attempt].Select(Anonymous));
        }

        Assert.Equal("charge expecting Operator: committed", known[1][0]);
        Assert.Equal("charge expecting none: committed", unknown[1][0]);
    }

    [Fact]
    public async Task WrongPins_ThroughThePlannedCharge_AreLimited_AndTheLockedOnesAreNeverVerified()
    {
        await _f.SeedAsync("01", Pin);
        Assert.True((await SignInAsync("01", Pin)).Result.Succeeded);
        int before = _f.Hasher.VerifyCalls;

        var outcomes = new List<AuthenticationOutcome>();
        for (int i = 0; i < 6; i++)
        {
            outcomes.Add((await SignInAsync("01", Wrong)).Result.Outcome);
        }

        Assert.Equal(3, _f.Hasher.VerifyCalls - before);
        Assert.All(outcomes.Skip(3), o => Assert.Equal(AuthenticationOutcome.LockedOut, o));
        Assert.False((await SignInAsync("01", Pin)).Result.Succeeded);
    }

    [Fact]
    public async Task AnOperatorDeletedSinceTheLastSignIn_IsChargedAsAnUnknownNumber_AndNotSignedIn()
    {
        await _f.SeedAsync("01", Pin);
        Assert.True((await SignInAsync("01", Pin)).Result.Succeeded);
        Assert.True(await _f.Operators.DeleteAsync("01"));
        int auditBefore = _f.Audit.Events.Count;

        (AuthenticationResult result, string[] calls) = await SignInAsync("01", Pin);

        Assert.False(result.Succeeded);
        Assert.Null(result.Role);
        Assert.Equal("charge expecting Operator: refused", calls[0]);
        Assert.DoesNotContain("find", calls); // the refused charge read the operator: no second read
        AuditEvent failed = Assert.Single(_f.Audit.Events.Skip(auditBefore));
        Assert.Null(failed.OperatorId); // the number is now nobody's: only its digest is kept
        string digest = failed.Detail!.Split("digest=")[1];
        Assert.StartsWith("?", digest, StringComparison.Ordinal);
        Assert.Equal(0, (await _f.Attempts.GetAsync(new AttemptKey(AuthenticatorFixture.Terminal, "01"), default))!.FailureCount);
        Assert.Equal(1, (await _f.Attempts.GetAsync(new AttemptKey(AuthenticatorFixture.Terminal, digest), default))!.FailureCount);
    }

    [Fact]
    public async Task ANumberCreatedSinceItWasUnknown_IsChargedAsTheNewAccount_AndSignsIn()
    {
        Assert.False((await SignInAsync("05", Pin)).Result.Succeeded); // unknown: remembered as nobody's
        await _f.SeedAsync("05", Pin);

        (AuthenticationResult result, string[] calls) = await SignInAsync("05", Pin);

        Assert.True(result.Succeeded);
        Assert.Equal("charge expecting none: refused", calls[0]);
        Assert.Equal(0, (await _lockout.GetStatusAsync(new LockoutSubject(AuthenticatorFixture.Terminal, "05", OperatorRole.Operator), default)).FailureCount);
    }

    [Fact]
    public async Task ARoleChangedSinceTheLastSignIn_IsChargedUnderTheNewRole()
    {
        OperatorAccount seeded = await _f.SeedAsync("01", Pin);
        Assert.True((await SignInAsync("01", Pin)).Result.Succeeded);
        OperatorAccount current = (await _f.Operators.FindAsync("01"))!;
        Assert.True(await _f.Operators.TryUpdateAsync(current with { Role = OperatorRole.Supervisor, Version = current.Version + 1 }, current.Version));

        (AuthenticationResult result, string[] calls) = await SignInAsync("01", Pin);

        Assert.Equal(OperatorRole.Operator, seeded.Role);
        Assert.True(result.Succeeded);
        Assert.Equal(OperatorRole.Supervisor, result.Role);
        Assert.Equal("charge expecting Operator: refused", calls[0]);
        Assert.Equal("charge expecting Supervisor: committed", (await SignInAsync("01", Pin)).Calls[0]);
    }

    [Fact]
    public async Task ALostReplyOfThePlannedCharge_IsStoreUnavailable_StaysCounted_AndTheNextSignInReads()
    {
        await _f.SeedAsync("01", Pin);
        Assert.True((await SignInAsync("01", Pin)).Result.Succeeded);
        _store.LoseTheNextReply = true; // committed, but the answer never arrives
        int verifications = _f.Hasher.VerifyCalls;

        (AuthenticationResult lost, _) = await SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, lost.Outcome);
        Assert.Equal(verifications, _f.Hasher.VerifyCalls); // nothing verified on an unknown charge
        var subject = new LockoutSubject(AuthenticatorFixture.Terminal, "01", OperatorRole.Operator);
        Assert.Equal(1, (await _lockout.GetStatusAsync(subject, default)).FailureCount); // counted, never refunded

        (AuthenticationResult next, string[] calls) = await SignInAsync("01", Pin);

        Assert.True(next.Succeeded);
        Assert.Equal(["find", "read pair", "write 2", "commit"], calls); // the view of the unknown charge was forgotten: read again
        Assert.Equal(0, (await _lockout.GetStatusAsync(subject, default)).FailureCount);
    }

    [Fact]
    public async Task AnotherLaneChargingInBetween_RefusesThePlannedCharge_AndTheRetryCountsBoth()
    {
        await _f.SeedAsync("01", Pin);
        Assert.True((await SignInAsync("01", Pin)).Result.Succeeded);
        var subject = new LockoutSubject(AuthenticatorFixture.Terminal, "01", OperatorRole.Operator);
        var otherLane = new LockoutPolicy(_f.Attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time);
        Assert.True((await otherLane.TryChargeAsync(subject, default)).IsAllowed); // counted behind this lane's view

        (AuthenticationResult result, string[] calls) = await SignInAsync("01", Wrong);

        Assert.Equal(AuthenticationOutcome.WrongPin, result.Outcome);
        Assert.Equal("charge expecting Operator: refused", calls[0]);
        Assert.Equal(1, _store.Conflicts);
        Assert.Equal(2, (await _lockout.GetStatusAsync(subject, default)).FailureCount); // the other lane's and this one's
        Assert.Equal(1, result.RemainingAttempts);
    }

    [Fact]
    public async Task FiftyConcurrentWrongPins_OneLane_AllFromTheSameView_VerifyExactlyTheLimit()
    {
        await _f.SeedAsync("01", Pin);
        var store = new ThreadSafeSignInStore(_f.Attempts, new InMemoryAuditStore(), _f.Operators);
        var lockout = new LockoutPolicy(_f.Attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time);
        var authenticator = new OperatorAuthenticator(_f.Operators, _f.Hasher, lockout, [_f.Audit], _f.Metrics, _f.Time, Options.Create(new AuthenticationOptions()), signInStore: store);
        Assert.True((await authenticator.AuthenticateAsync(AuthenticatorFixture.Terminal, "01", Pin.AsMemory())).Succeeded); // the view and the belief
        int before = _f.Hasher.VerifyCalls;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<AuthenticationResult>[] guesses = [.. Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await authenticator.AuthenticateAsync(AuthenticatorFixture.Terminal, "01", Wrong.AsMemory());
        }))];
        start.SetResult();
        AuthenticationResult[] results = await Task.WhenAll(guesses);

        Assert.Equal(3, _f.Hasher.VerifyCalls - before);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { AuthenticationOutcome.WrongPin, AuthenticationOutcome.LockedOut }));
        Assert.True(results.Count(r => r.Outcome == AuthenticationOutcome.LockedOut) >= 47, "More guesses than the limit were answered as wrong PINs.");
        Assert.True(store.Charges > 0, "The planned charge was never used.");
        Assert.Equal(3, (await lockout.GetStatusAsync(new LockoutSubject(AuthenticatorFixture.Terminal, "01", OperatorRole.Operator), default)).FailureCount);
    }

    private static string Anonymous(string call) =>
        call.Replace("expecting Operator", "expecting ?", StringComparison.Ordinal).Replace("expecting none", "expecting ?", StringComparison.Ordinal);

    /// <summary>Commits one store at a time; the charge reads then writes, after a yield that lets the racing guesses all plan.</summary>
    private sealed class ThreadSafeSignInStore(InMemoryAttemptStore attempts, InMemoryAuditStore audit, IOperatorStore operators) : ISignInStore
    {
        private int _charges;

        public int Charges => Volatile.Read(ref _charges);

        public IAttemptStore AttemptStore => attempts;

        public IAuditStore AuditStore => audit;

        public IOperatorStore OperatorStore => operators;

        public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
        {
            if (commit.AttemptWrites.Count > 0 && !await attempts.TryWriteAsync(commit.AttemptWrites, cancellationToken))
            {
                return new SignInCommitResult(false, false);
            }

            foreach (AuditEvent e in commit.AuditEvents)
            {
                await audit.AppendAsync(e, cancellationToken);
            }

            return new SignInCommitResult(true, false);
        }

        public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _charges);
            await Task.Yield(); // every guess in flight plans from the same view before any of them is written
            OperatorAccount? account = await operators.FindAsync(charge.OperatorId, cancellationToken);
            return new SignInChargeResult(charge.Matches(account) && await attempts.TryWriteAsync(charge.AttemptWrites, cancellationToken), true, account);
        }
    }

    private sealed class CountingOperatorStore(IOperatorStore inner, List<string> calls) : IOperatorStore
    {
        public IOperatorStore Inner => inner;

        public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
        {
            calls.Add("find");
            return inner.FindAsync(operatorId, cancellationToken);
        }

        public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) => inner.TryCreateAsync(account, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default) => inner.TryUpdateAsync(account, expectedVersion, cancellationToken);

        public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) => inner.DeleteAsync(operatorId, cancellationToken);

        public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) => inner.DeleteAllAsync(cancellationToken);

        public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default) => inner.ReplaceAllAsync(accounts, cancellationToken);
    }

    private sealed class CountingAttemptStore(InMemoryAttemptStore inner, List<string> calls) : IAttemptStore
    {
        public bool ComparesExpectedRecords => ((IAttemptStore)inner).ComparesExpectedRecords;

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
        {
            calls.Add("read");
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
        {
            calls.Add("read pair");
            return ((IAttemptStore)inner).GetPairAsync(first, second, cancellationToken);
        }

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            calls.Add("write " + writes.Count);
            return inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);

        internal ValueTask<bool> WriteSilentlyAsync(IReadOnlyList<AttemptWrite> writes) => inner.TryWriteAsync(writes, default);
    }

    /// <summary>Commits the outcome in one go and charges in one call, reading the operator first (as the default does).</summary>
    private sealed class CountingSignInStore(CountingAttemptStore attempts, InMemoryAuditStore audit, CountingOperatorStore operators, List<string> calls) : ISignInStore
    {
        public bool LoseTheNextReply { get; set; }

        public int Conflicts { get; private set; }

        public IAttemptStore AttemptStore => attempts;

        public IAuditStore AuditStore => audit;

        public IOperatorStore OperatorStore => operators;

        public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
        {
            calls.Add("commit");
            if (commit.AttemptWrites.Count > 0 && !await attempts.WriteSilentlyAsync(commit.AttemptWrites))
            {
                return new SignInCommitResult(false, false);
            }

            bool updated = commit.AccountUpdate is { } a && await operators.Inner.TryUpdateAsync(a, commit.AccountExpectedVersion, cancellationToken);
            foreach (AuditEvent e in (updated ? commit.AccountAuditEvents : []).Concat(commit.AuditEvents))
            {
                await audit.AppendAsync(e, cancellationToken);
            }

            return new SignInCommitResult(true, updated);
        }

        public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
        {
            OperatorAccount? account = await operators.Inner.FindAsync(charge.OperatorId, cancellationToken);
            bool charged = charge.Matches(account) && await attempts.WriteSilentlyAsync(charge.AttemptWrites);
            if (charge.Matches(account) && !charged)
            {
                Conflicts++;
            }

            calls.Add($"charge expecting {charge.ExpectedRole?.ToString() ?? "none"}: {(charged ? "committed" : "refused")}");
            if (LoseTheNextReply)
            {
                LoseTheNextReply = false;
                throw new StoreUnavailableException("The reply was lost.");
            }

            return new SignInChargeResult(charged, true, account);
        }
    }
}
