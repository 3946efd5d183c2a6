using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Options;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.ErrorCodes;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth.Benchmarks.Micro;

/// <summary>
/// The small paths around the KDF, in ns and bytes. Each category has a baseline that is the raw operation the
/// PosAuth path is built on, so the ratio is the overhead of the policy or state machine on top of its store:
/// <list type="bullet">
/// <item><c>lockout</c>: one charge and refund through <see cref="LockoutPolicy"/> (<see cref="ILockoutPolicy.TryChargeAsync"/>
/// + <see cref="ILockoutPolicy.RegisterSuccessAsync"/>) on an <see cref="InMemoryAttemptStore"/>, default options
/// (terminal throttle on: the throttle bucket is charged and refunded too); baseline one compare-and-swap write of the store.</item>
/// <item><c>errorcodes</c>: <see cref="ErrorCodeClassifier.Classify(ErrorSource, string?)"/> of UnionPay 77; baseline a
/// frozen-dictionary lookup of the same pre-built classification.</item>
/// <item><c>session</c>: one <see cref="TerminalSessionManager"/> transition, <c>RequireSignIn</c> (SignInRequired to
/// SignInRequired, saved through <see cref="InMemorySessionStore"/>), and a manual lock + unlock pair with a stub verifier
/// (no KDF: the PIN check is measured in SignInPath); baseline one read + compare-and-swap save of the session store.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MicroPaths
{
    private static readonly ReadOnlyMemory<char> Pin = "730194".AsMemory();

    private LockoutPolicy _lockout = null!;
    private InMemoryAttemptStore _rawAttempts = null!;
    private LockoutSubject _subject;
    private AttemptKey _rawKey;
    private ErrorCodeClassifier _classifier = null!;
    private FrozenDictionary<string, ErrorClassification> _table = null!;
    private TerminalSessionManager _requireSignIn = null!;
    private TerminalSessionManager _lockUnlock = null!;
    private InMemorySessionStore _rawSessions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lockout = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(new LockoutOptions()), TimeProvider.System);
        _subject = new LockoutSubject("T0001", "01", OperatorRole.Operator);

        _rawAttempts = new InMemoryAttemptStore();
        _rawKey = new AttemptKey("T0001", "01");
        Infrastructure.Sync.Wait(_rawAttempts.TryInsertAsync(new AttemptRecord { Key = _rawKey, FailureCount = 1 }, default));

        _classifier = new ErrorCodeClassifier();
        _table = _classifier.GetKnownCodes(ErrorSource.UnionPay).ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

        var options = Options.Create(new SessionOptions { UseIdleTimer = false });
        _requireSignIn = new TerminalSessionManager("T0001", new InMemorySessionStore(), new StubVerifier(), new StubPinChanger(), new StubHost(), options, TimeProvider.System);
        Infrastructure.Sync.Wait(_requireSignIn.RestoreOrStartAsync());
        Infrastructure.Sync.Wait(_requireSignIn.SignInOperatorAsync("01", Pin));
        Infrastructure.Sync.Wait(_requireSignIn.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77"));

        _lockUnlock = new TerminalSessionManager("T0002", new InMemorySessionStore(), new StubVerifier(), new StubPinChanger(), new StubHost(), options, TimeProvider.System);
        Infrastructure.Sync.Wait(_lockUnlock.RestoreOrStartAsync());
        Infrastructure.Sync.Wait(_lockUnlock.SignInOperatorAsync("01", Pin));
        Infrastructure.Sync.Wait(_lockUnlock.SignInTerminalAsync());

        _rawSessions = new InMemorySessionStore();
        Infrastructure.Sync.Wait(_rawSessions.TrySaveAsync(new TerminalSession { TerminalId = "T0003" }, 0, default));
        _ = RawSessionSave();

        if (ChargeAndRefund().IsLocked || Classify().Code != "77" || RequireSignIn().State != TerminalSessionState.SignInRequired
            || LockAndUnlock().State != TerminalSessionState.Ready || !RawAttemptWrite())
        {
            throw new InvalidOperationException("The benchmark set-up is wrong.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _requireSignIn.Dispose();
        _lockUnlock.Dispose();
    }

    [Benchmark(Baseline = true, Description = "InMemoryAttemptStore get + CAS write (store alone)")]
    [BenchmarkCategory("lockout")]
    public bool RawAttemptWrite()
    {
        AttemptRecord current = Infrastructure.Sync.Wait(_rawAttempts.GetAsync(_rawKey, default))!;
        return Infrastructure.Sync.Wait(_rawAttempts.TryUpdateAsync(current with { Version = current.Version + 1 }, current.Version, default));
    }

    [Benchmark(Description = "LockoutPolicy charge + refund (TryChargeAsync + RegisterSuccessAsync)")]
    [BenchmarkCategory("lockout")]
    public LockoutStatus ChargeAndRefund()
    {
        AttemptCharge charge = Infrastructure.Sync.Wait(_lockout.TryChargeAsync(_subject, default));
        return Infrastructure.Sync.Wait(_lockout.RegisterSuccessAsync(charge, default));
    }

    [Benchmark(Baseline = true, Description = "FrozenDictionary lookup (table alone)")]
    [BenchmarkCategory("errorcodes")]
    public ErrorClassification RawLookup() => _table["77"];

    [Benchmark(Description = "ErrorCodeClassifier.Classify(UnionPay, \"77\")")]
    [BenchmarkCategory("errorcodes")]
    public ErrorClassification Classify() => _classifier.Classify(ErrorSource.UnionPay, "77");

    [Benchmark(Baseline = true, Description = "InMemorySessionStore get + CAS save (store alone)")]
    [BenchmarkCategory("session")]
    public bool RawSessionSave()
    {
        TerminalSession current = Infrastructure.Sync.Wait(_rawSessions.GetAsync("T0003", default))!;
        return Infrastructure.Sync.Wait(_rawSessions.TrySaveAsync(current with { Version = current.Version + 1 }, current.Version, default));
    }

    [Benchmark(Description = "TerminalSessionManager.RequireSignInAsync (one transition)")]
    [BenchmarkCategory("session")]
    public TerminalSession RequireSignIn() => Infrastructure.Sync.Wait(_requireSignIn.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77")).Session;

    [Benchmark(Description = "TerminalSessionManager.LockAsync + UnlockAsync (two transitions, stub verifier)")]
    [BenchmarkCategory("session")]
    public TerminalSession LockAndUnlock()
    {
        _ = Infrastructure.Sync.Wait(_lockUnlock.LockAsync());
        return Infrastructure.Sync.Wait(_lockUnlock.UnlockAsync("01", Pin)).Session;
    }

    private sealed class StubVerifier : IOperatorVerifier
    {
        private static readonly OperatorVerification Verified = OperatorVerification.Success("01", OperatorRole.Operator);

        public ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken) =>
            new(Verified);
    }

    private sealed class StubPinChanger : IOperatorPinChanger
    {
        public ValueTask<OperatorPinChangeResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken) =>
            new(OperatorPinChangeResult.Success());
    }

    private sealed class StubHost : IHostSignOn
    {
        private static readonly HostSignOnResult SignedOn = HostSignOnResult.Success(1);
        private static readonly HostSignOffResult SignedOff = new(true, "00");

        public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken) => new(SignedOn);

        public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken) => new(SignedOff);
    }
}
