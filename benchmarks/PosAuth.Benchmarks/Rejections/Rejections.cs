using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Options;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth.Benchmarks.Rejections;

/// <summary>
/// The answers an attacker gets. Authenticator built by hand with in-memory stores, no audit sink (an empty array)
/// and a private meter nobody listens to, so only the hot path itself is measured.
/// <list type="bullet">
/// <item><c>cheap</c>: a locked operator and invalid input (a 1 MB string, a non-digit PIN) must be rejected in at
/// most 1 µs with 0 B allocated, without touching the KDF. Baseline: the lockout policy's own rejection
/// (<see cref="ILockoutPolicy.TryChargeAsync"/> of the locked subject), so the ratio is the authenticator's overhead.</item>
/// <item><c>timing</c>: an unknown operator must take the time of a wrong PIN within ±10% (no enumeration by timing).
/// Baseline: the wrong PIN. Each call uses the next of 4,096 terminal ids so neither subject ever reaches its lockout
/// limit during the run (every call really charges the attempt store and runs the KDF).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Rejections
{
    private const string LockedTerminal = "T0001";
    private const string KnownOperator = "01";
    private const string LockedOperator = "02";
    private const string UnknownOperator = "77";
    private static readonly ReadOnlyMemory<char> RightPin = "730194".AsMemory();
    private static readonly ReadOnlyMemory<char> WrongPin = "591046".AsMemory();
    private static readonly ReadOnlyMemory<char> NonDigitPin = "73O194".AsMemory(); // a letter O typed for a zero
    private static readonly ReadOnlyMemory<char> OneMegabyte = new string('7', 1 << 20).AsMemory();

    private readonly string[] _terminals = Enumerable.Range(0, 4096).Select(i => "R" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    private int _next;
    private OperatorAuthenticator _authenticator = null!;
    private LockoutPolicy _lockout = null!;
    private LockoutPolicy _throttling = null!;
    private LockoutSubject _lockedSubject;

    [GlobalSetup]
    public void Setup()
    {
        var hasher = new Pbkdf2PinHasher(); // defaults: PBKDF2-HMAC-SHA512, 220,000 iterations
        var operators = new InMemoryOperatorStore();
        foreach (string id in new[] { KnownOperator, LockedOperator })
        {
            Infrastructure.Sync.Wait(operators.TryCreateAsync(new OperatorAccount { OperatorId = id, Role = OperatorRole.Operator, PinHash = hasher.Hash(RightPin.Span) }));
        }

        // The terminal throttle is off for this policy, so the 100 failures below lock the subject itself (with it on,
        // the throttle would engage after 20 and the "locked operator" rows would measure a throttled terminal).
        var lockoutOptions = new LockoutOptions { Mode = LockoutMode.Permanent, MaxFailures = 100 };
        lockoutOptions.TerminalThrottle.Enabled = false;
        _lockout = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(lockoutOptions), TimeProvider.System);

        // A terminal whose throttle holds (guesses sprayed over operator numbers): the other refusal an attacker meets.
        var throttleOptions = new LockoutOptions { MaxFailures = 100 };
        throttleOptions.TerminalThrottle.MaxFailures = 3;
        _throttling = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(throttleOptions), TimeProvider.System);
        for (int i = 0; i < 3; i++)
        {
            AttemptCharge charge = Infrastructure.Sync.Wait(_throttling.TryChargeAsync(new LockoutSubject(LockedTerminal, "1" + i, OperatorRole.Operator), default));
            Infrastructure.Sync.Wait(_throttling.RegisterFailureAsync(charge, default));
        }
        _authenticator = new OperatorAuthenticator(
            operators,
            hasher,
            _lockout,
            Array.Empty<IAuditSink>(),
            new PosAuthMetrics(),
            TimeProvider.System,
            Options.Create(new AuthenticationOptions()));

        // Lock operator 02 on T0001 permanently by charging failures straight through the policy (no KDF needed).
        _lockedSubject = new LockoutSubject(LockedTerminal, LockedOperator, OperatorRole.Operator);
        for (int i = 0; i < 100; i++)
        {
            AttemptCharge charge = Infrastructure.Sync.Wait(_lockout.TryChargeAsync(_lockedSubject, default));
            if (charge.IsAllowed)
            {
                Infrastructure.Sync.Wait(_lockout.RegisterFailureAsync(charge, default));
            }
        }

        Expect(Locked(), AuthenticationOutcome.LockedOut);
        Expect(InvalidOneMegabyte(), AuthenticationOutcome.InvalidInput);
        Expect(InvalidNonDigit(), AuthenticationOutcome.InvalidInput);
        Expect(UnknownOperatorPin(), AuthenticationOutcome.WrongPin);
        Expect(WrongPinKnownOperator(), AuthenticationOutcome.WrongPin);
        if (PolicyRejection())
        {
            throw new InvalidOperationException("The locked subject is not locked.");
        }

        if (ThrottledTerminal())
        {
            throw new InvalidOperationException("The throttled terminal is not throttled.");
        }
    }

    [Benchmark(Baseline = true, Description = "ILockoutPolicy.TryChargeAsync, locked subject (policy alone)")]
    [BenchmarkCategory("cheap")]
    public bool PolicyRejection() => Infrastructure.Sync.Wait(_lockout.TryChargeAsync(_lockedSubject, default)).IsAllowed;

    [Benchmark(Description = "ILockoutPolicy.TryChargeAsync, throttled terminal")]
    [BenchmarkCategory("cheap")]
    public bool ThrottledTerminal() => Infrastructure.Sync.Wait(_throttling.TryChargeAsync(new LockoutSubject(LockedTerminal, "19", OperatorRole.Operator), default)).IsAllowed;

    [Benchmark(Description = "AuthenticateAsync, locked operator")]
    [BenchmarkCategory("cheap")]
    public AuthenticationResult Locked() => Infrastructure.Sync.Wait(_authenticator.AuthenticateAsync(LockedTerminal, LockedOperator, RightPin));

    [Benchmark(Description = "AuthenticateAsync, 1 MB PIN")]
    [BenchmarkCategory("cheap")]
    public AuthenticationResult InvalidOneMegabyte() => Infrastructure.Sync.Wait(_authenticator.AuthenticateAsync(LockedTerminal, KnownOperator, OneMegabyte));

    [Benchmark(Description = "AuthenticateAsync, non-digit PIN")]
    [BenchmarkCategory("cheap")]
    public AuthenticationResult InvalidNonDigit() => Infrastructure.Sync.Wait(_authenticator.AuthenticateAsync(LockedTerminal, KnownOperator, NonDigitPin));

    [Benchmark(Baseline = true, Description = "AuthenticateAsync, known operator, wrong PIN")]
    [BenchmarkCategory("timing")]
    public AuthenticationResult WrongPinKnownOperator() => Infrastructure.Sync.Wait(_authenticator.AuthenticateAsync(NextTerminal(), KnownOperator, WrongPin));

    [Benchmark(Description = "AuthenticateAsync, unknown operator")]
    [BenchmarkCategory("timing")]
    public AuthenticationResult UnknownOperatorPin() => Infrastructure.Sync.Wait(_authenticator.AuthenticateAsync(NextTerminal(), UnknownOperator, WrongPin));

    private static void Expect(AuthenticationResult result, AuthenticationOutcome outcome)
    {
        if (result.Outcome != outcome)
        {
            throw new InvalidOperationException($"Expected {outcome}, got {result.Outcome}.");
        }
    }

    private string NextTerminal() => _terminals[(uint)Interlocked.Increment(ref _next) % (uint)_terminals.Length];
}
