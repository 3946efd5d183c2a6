using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authentication;

/// <summary>
/// The attacks of the security review against the sign-in hot path (issue 11): a PIN typed into the operator-number
/// field, enumeration by lockout arithmetic, a store that cannot answer, and a temporary PIN revived by the clock.
/// </summary>
public sealed class OperatorAuthenticatorHardeningTests : IDisposable
{
    private const string Pin = "739146";
    private readonly AuthenticatorFixture _f = new(lockout: o =>
    {
        o.MaxFailures = 3;
        o.Roles[OperatorRole.Supervisor] = new LockoutRoleOptions { MaxFailures = 2 };
    });

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Authenticate_PinTypedIntoTheOperatorField_IsNeverWrittenDown()
    {
        await _f.SeedAsync("01", Pin);
        var attempts = new RecordingAttemptStore(_f.Attempts);
        var authenticator = new OperatorAuthenticator(_f.Operators, _f.Hasher, new LockoutPolicy(attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time), [_f.Audit, new LoggerAuditSink(_f.LoggerFactory)], _f.Metrics, _f.Time, Options.Create(new AuthenticationOptions()));

        // The cashier types the PIN where the operator number goes, three times (and so locks that "operator").
        const string typedPin = "482915";
        AuthenticationResult last = default;
        for (int i = 0; i < 4; i++)
        {
            last = await authenticator.AuthenticateAsync(AuthenticatorFixture.Terminal, typedPin, "1234".AsMemory());
        }

        Assert.Equal(AuthenticationOutcome.LockedOut, last.Outcome);
        Assert.NotEmpty(_f.Audit.Events);
        foreach (AuditEvent e in _f.Audit.Events)
        {
            Assert.DoesNotContain(typedPin, $"{e.TerminalId}|{e.OperatorId}|{e.ActorId}|{e.Code}|{e.Detail}", StringComparison.Ordinal);
        }

        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.SignInFailed && e.OperatorId is null && e.Detail!.Contains("operator=unknown digest=?", StringComparison.Ordinal));
        Assert.NotEmpty(_f.LogTexts);
        Assert.All(_f.LogTexts, m => Assert.DoesNotContain(typedPin, m, StringComparison.Ordinal));
        Assert.All(_f.MetricTagTexts, t => Assert.DoesNotContain(typedPin, t, StringComparison.Ordinal));
        Assert.NotEmpty(attempts.Keys);
        Assert.All(attempts.Keys, k => Assert.DoesNotContain(typedPin, k.OperatorId, StringComparison.Ordinal));
        Assert.DoesNotContain(typedPin, last.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_UnknownNumber_IsCountedByTheRulesOfAnOrdinaryOperator()
    {
        // The supervisor's number "00" is not in this store: its rules (2 failures) must not show through.
        await _f.SeedAsync("01", Pin);

        AuthenticationResult knownOperator = await _f.SignInAsync("01", "111111");
        AuthenticationResult unknownSupervisorNumber = await _f.SignInAsync("00", "111111");
        AuthenticationResult unknownOther = await _f.SignInAsync("42", "111111");

        Assert.Equal(AuthenticationOutcome.WrongPin, unknownSupervisorNumber.Outcome);
        Assert.Equal(knownOperator.RemainingAttempts, unknownSupervisorNumber.RemainingAttempts);
        Assert.Equal(knownOperator.RemainingAttempts, unknownOther.RemainingAttempts);
    }

    [Fact]
    public async Task Authenticate_UnknownNumber_StaysLockedAcrossARestart_AsAKnownOneDoes()
    {
        var secrets = new InMemoryInstallationSecretStore();
        var lockout = new LockoutPolicy(_f.Attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time);
        OperatorAuthenticator Boot() => new(_f.Operators, _f.Hasher, lockout, [_f.Audit], _f.Metrics, _f.Time, Options.Create(new AuthenticationOptions()), secrets: secrets);

        OperatorAuthenticator first = Boot();
        for (int i = 0; i < 3; i++)
        {
            await first.AuthenticateAsync("T0001", "77", "1234".AsMemory());
        }

        AuthenticationResult afterRestart = await Boot().AuthenticateAsync("T0001", "77", "1234".AsMemory());

        Assert.Equal(AuthenticationOutcome.LockedOut, afterRestart.Outcome);
    }

    [Fact]
    public async Task Authenticate_OperatorStoreUnavailable_FailsClosedWithoutChargingOrVerifying()
    {
        var operators = new FailingOperatorStore(_f.Operators) { FailFind = true };
        OperatorAuthenticator authenticator = Build(operators: operators);
        await _f.SeedAsync("01", Pin);
        int kdf = _f.Hasher.KdfCalls;

        AuthenticationResult result = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, result.Outcome);
        Assert.Equal("store_unavailable", result.Code);
        Assert.False(result.Succeeded);
        Assert.Equal(kdf, _f.Hasher.KdfCalls);
        Assert.Equal(3, (await _f.StatusAsync("01")).RemainingAttempts);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.StoreUnavailable);
    }

    [Fact]
    public async Task Authenticate_AttemptStoreUnavailableAtTheCharge_NeverRunsTheKdf()
    {
        await _f.SeedAsync("01", Pin);
        var attempts = new FailingAttemptStore(_f.Attempts) { FailWrites = true };
        OperatorAuthenticator authenticator = Build(attempts: attempts);
        int kdf = _f.Hasher.KdfCalls;

        AuthenticationResult right = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());
        AuthenticationResult unknown = await authenticator.AuthenticateAsync("T0001", "31", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, right.Outcome);
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, unknown.Outcome);
        Assert.Equal(kdf, _f.Hasher.KdfCalls);
    }

    [Fact]
    public async Task Authenticate_RightPin_WhenTheRefundCannotBeWritten_IsNotASuccess()
    {
        await _f.SeedAsync("01", Pin);
        var attempts = new FailingAttemptStore(_f.Attempts);
        OperatorAuthenticator authenticator = Build(attempts: attempts);
        _f.Hasher.OnVerify = () => attempts.FailWrites = true; // the store dies between the charge and the refund

        AuthenticationResult result = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, result.Outcome);
        Assert.Null(result.Role);
        Assert.DoesNotContain(_f.Audit.Events, e => e.Type == AuditEventType.SignInSucceeded);

        // Once the store answers again, the operator signs in (the charge that stayed is one failure, not a lock).
        _f.Hasher.OnVerify = null;
        attempts.FailWrites = false;
        Assert.Equal(AuthenticationOutcome.Succeeded, (await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory())).Outcome);
    }

    [Fact]
    public async Task Authenticate_RightPin_WhenTheAuditCannotBeWritten_IsNotASuccess()
    {
        await _f.SeedAsync("01", Pin);
        var authenticator = new OperatorAuthenticator(_f.Operators, _f.Hasher, _f.Lockout, [new UnavailableAuditSink(), _f.Audit], _f.Metrics, _f.Time, Options.Create(new AuthenticationOptions()));

        AuthenticationResult result = await authenticator.AuthenticateAsync("T0001", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, result.Outcome);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.StoreUnavailable);
    }

    [Fact]
    public async Task Authenticate_TemporaryPin_ExpiredThenClockSetBack_StaysExpired()
    {
        DateTimeOffset issued = _f.Time.GetUtcNow();
        await _f.SeedAsync("01", Pin, adjust: a => a with
        {
            MustChangePin = true,
            MustChangePinReason = PinChangeReason.TemporaryPin,
            PinChangedAt = issued,
            PinExpiresAt = issued + TimeSpan.FromMinutes(30),
        });
        _f.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(AuthenticationOutcome.PinExpired, (await _f.SignInAsync("01", Pin)).Outcome);

        _f.Time.JumpWallClock(-TimeSpan.FromHours(3));

        Assert.Equal(AuthenticationOutcome.PinExpired, (await _f.SignInAsync("01", Pin)).Outcome);
    }

    [Fact]
    public async Task Authenticate_TemporaryPin_ClockSetBackBeforeItsIssueAcrossARestart_IsExpired()
    {
        DateTimeOffset issued = _f.Time.GetUtcNow();
        await _f.SeedAsync("01", Pin, adjust: a => a with
        {
            MustChangePin = true,
            MustChangePinReason = PinChangeReason.TemporaryPin,
            PinChangedAt = issued,
            PinExpiresAt = issued + TimeSpan.FromMinutes(30),
        });
        _f.Time.Advance(TimeSpan.FromMinutes(40));

        // Power off; the clock comes back three hours early; a new process starts.
        _f.Time.JumpWallClock(-TimeSpan.FromHours(3));
        _f.Time.RestartMonotonicClock();
        OperatorAuthenticator rebooted = Build();

        Assert.Equal(AuthenticationOutcome.PinExpired, (await rebooted.AuthenticateAsync("T0001", "01", Pin.AsMemory())).Outcome);
    }

    [Fact]
    public async Task Authenticate_FactoryResetPin_IsTheFactoryDefault_WhateverItIsConfiguredTo()
    {
        var recovery = new PosAuth.RecoveryOptions { FactoryOperatorPin = "2580" };
        OperatorAuthenticator authenticator = Build(recovery: recovery);
        await _f.SeedAsync("01", "2580");
        await _f.SeedAsync("02", "0000");

        AuthenticationResult configured = await authenticator.AuthenticateAsync("T0001", "01", "2580".AsMemory());
        AuthenticationResult formerDefault = await authenticator.AuthenticateAsync("T0001", "02", "0000".AsMemory());

        Assert.Equal((AuthenticationOutcome.SucceededMustChangePin, PinChangeReason.FactoryDefault), (configured.Outcome, configured.MustChangePinReason));
        Assert.Equal(AuthenticationOutcome.Succeeded, formerDefault.Outcome);
    }

    [Fact]
    public void AuthenticationResult_ToString_NeverShowsTheOperatorNumber()
    {
        var result = new AuthenticationResult { Outcome = AuthenticationOutcome.WrongPin, OperatorId = "918273", RemainingAttempts = 2 };

        string text = result.ToString();

        Assert.DoesNotContain("918273", text, StringComparison.Ordinal);
        Assert.Contains("wrong_pin", text, StringComparison.Ordinal);
        Assert.Contains("RemainingAttempts = 2", text, StringComparison.Ordinal);
    }

    private OperatorAuthenticator Build(IOperatorStore? operators = null, IAttemptStore? attempts = null, PosAuth.RecoveryOptions? recovery = null) => new(
        operators ?? _f.Operators,
        _f.Hasher,
        attempts is null ? _f.Lockout : new LockoutPolicy(attempts, Options.Create(new LockoutOptions { MaxFailures = 3 }), _f.Time),
        [_f.Audit],
        _f.Metrics,
        _f.Time,
        Options.Create(new AuthenticationOptions()),
        recovery is null ? null : Options.Create(recovery));

    private sealed class RecordingAttemptStore(IAttemptStore inner) : IAttemptStore
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<AttemptKey> _keys = new();

        public IReadOnlyCollection<AttemptKey> Keys => _keys;

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
        {
            _keys.Enqueue(key);
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            foreach (AttemptWrite w in writes)
            {
                _keys.Enqueue(w.Record.Key);
            }

            return inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }

    private sealed class FailingAttemptStore(IAttemptStore inner) : IAttemptStore
    {
        public bool FailWrites { get; set; }

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken) =>
            FailWrites ? throw new StoreUnavailableException("test: attempt store down") : inner.TryWriteAsync(writes, cancellationToken);

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }

    private sealed class FailingOperatorStore(IOperatorStore inner) : IOperatorStore
    {
        public bool FailFind { get; set; }

        public async ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return FailFind ? throw new StoreUnavailableException("test: operator store down") : await inner.FindAsync(operatorId, cancellationToken);
        }

        public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default) => inner.TryCreateAsync(account, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default) => inner.TryUpdateAsync(account, expectedVersion, cancellationToken);

        public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default) => inner.DeleteAsync(operatorId, cancellationToken);

        public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) => inner.DeleteAllAsync(cancellationToken);

        public ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default) => inner.ReplaceAllAsync(accounts, cancellationToken);
    }

    private sealed class UnavailableAuditSink : IAuditSink
    {
        public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
            throw new StoreUnavailableException("test: audit store down");
    }
}
