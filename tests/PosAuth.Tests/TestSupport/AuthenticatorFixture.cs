using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Tests.TestSupport;

/// <summary>
/// A real authenticator over in-memory stores, a fast hasher, a fake clock and capturing sinks. Logs and metrics come
/// from one small container of this fixture's own (stamped by the manual clock): <c>AddFakeLogging</c> collects every
/// log record (all levels), and the default <see cref="IMeterFactory"/> scopes its meters to itself, so a
/// <see cref="MetricCollector{T}"/> on <see cref="MeterFactory"/> sees this fixture's measurements only, not those of
/// test classes running in parallel.
/// </summary>
internal sealed class AuthenticatorFixture : IDisposable
{
    public const string Terminal = "T0001";
    public const int TestIterations = 1_000;

    public AuthenticatorFixture(Action<LockoutOptions>? lockout = null, Action<AuthenticationOptions>? authentication = null, int iterations = TestIterations)
    {
        _telemetry = new ServiceCollection()
            .AddLogging(b => b.AddFakeLogging(o => o.TimeProvider = Time).SetMinimumLevel(LogLevel.Trace))
            .AddMetrics()
            .BuildServiceProvider();
        LoggerFactory = _telemetry.GetRequiredService<ILoggerFactory>();
        Logs = _telemetry.GetFakeLogCollector();
        MeterFactory = _telemetry.GetRequiredService<IMeterFactory>();
        Metrics = new PosAuthMetrics(MeterFactory);
        _counters = [.. CounterNames.Select(name => new MetricCollector<long>(MeterFactory, PosAuthMetrics.MeterName, name, Time))];
        _durations = new MetricCollector<double>(MeterFactory, PosAuthMetrics.MeterName, DurationName, Time);
        HasherOptions = new Pbkdf2PinHasherOptions { Iterations = iterations, MinimumIterations = 1_000 };
        Hasher = new SpyPinHasher(new Pbkdf2PinHasher(HasherOptions));
        var lockoutOptions = new LockoutOptions { MaxFailures = 3 };
        lockout?.Invoke(lockoutOptions);
        Lockout = new LockoutPolicy(Attempts, Options.Create(lockoutOptions), Time);
        var authOptions = new AuthenticationOptions();
        authentication?.Invoke(authOptions);
        Authenticator = new OperatorAuthenticator(
            Operators,
            Hasher,
            Lockout,
            [Audit, new LoggerAuditSink(LoggerFactory)],
            Metrics,
            Time,
            Options.Create(authOptions));
    }

    public ManualTimeProvider Time { get; } = new();

    public InMemoryOperatorStore Operators { get; } = new();

    public InMemoryAttemptStore Attempts { get; } = new();

    public Pbkdf2PinHasherOptions HasherOptions { get; }

    public SpyPinHasher Hasher { get; }

    public LockoutPolicy Lockout { get; }

    public InMemoryAuditSink Audit { get; } = new();

    /// <summary>Every log record written through <see cref="LoggerFactory"/>.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>
    /// Every log record so far as one text each: category, level, event, formatted message, exception, every
    /// structured-state value and every scope. A leak scan over these sees everything a log sink could write.
    /// </summary>
    public IReadOnlyList<string> LogTexts => [.. Logs.GetSnapshot().Select(Describe)];

    /// <summary>
    /// The tags of every measurement so far on each of the <c>PosAuth</c> meter's instruments, one "name key=value"
    /// text per tag: a leak scan over these sees every tag an exporter could send.
    /// </summary>
    public IReadOnlyList<string> MetricTagTexts =>
    [
        .. _counters.SelectMany((c, i) => c.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{CounterNames[i]} {t.Key}={t.Value}"))),
        .. _durations.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{DurationName} {t.Key}={t.Value}")),
    ];

    /// <summary>Collects <c>posauth.authentications</c> (tag <c>outcome</c>) for this fixture.</summary>
    public MetricCollector<long> Authentications => _counters[0];

    /// <summary>Collects <c>posauth.verification.duration</c> for this fixture.</summary>
    public MetricCollector<double> VerificationDurations => _durations;

    /// <summary>The instruments this fixture collects that the meter did not publish (a renamed instrument shows here).</summary>
    public IReadOnlyList<string> UnpublishedInstruments =>
    [
        .. CounterNames.Where((_, i) => _counters[i].Instrument is null),
        .. _durations.Instrument is null ? [DurationName] : Array.Empty<string>(),
    ];

    public ILoggerFactory LoggerFactory { get; }

    public IMeterFactory MeterFactory { get; }

    public PosAuthMetrics Metrics { get; }

    public OperatorAuthenticator Authenticator { get; }

    public async Task<OperatorAccount> SeedAsync(string operatorId, string pin, OperatorRole? role = null, Func<OperatorAccount, OperatorAccount>? adjust = null, IPinHasher? hasher = null)
    {
        var account = new OperatorAccount
        {
            OperatorId = operatorId,
            Role = role ?? OperatorIds.ConventionalRole(operatorId),
            PinHash = (hasher ?? new Pbkdf2PinHasher(HasherOptions)).Hash(pin),
            CreatedAt = Time.GetUtcNow(),
        };
        account = adjust?.Invoke(account) ?? account;
        Assert.True(await Operators.TryCreateAsync(account));
        return (await Operators.FindAsync(operatorId))!;
    }

    public ValueTask<AuthenticationResult> SignInAsync(string operatorId, string pin, string terminal = Terminal) =>
        Authenticator.AuthenticateAsync(terminal, operatorId, pin.AsMemory());

    public ValueTask<LockoutStatus> StatusAsync(string operatorId, string terminal = Terminal) =>
        Lockout.GetStatusAsync(new LockoutSubject(terminal, operatorId, OperatorIds.ConventionalRole(operatorId)), CancellationToken.None);

    private const string DurationName = "posauth.verification.duration";
    private static readonly string[] CounterNames = ["posauth.authentications", "posauth.lockouts", "posauth.authorizations"];
    private readonly ServiceProvider _telemetry;
    private readonly MetricCollector<long>[] _counters;
    private readonly MetricCollector<double> _durations;

    private static string Describe(FakeLogRecord r) =>
        $"{r.Category} {r.Level} {r.Id} {r.Message} {r.Exception} {(r.StructuredState is null ? r.State : null)} "
        + string.Join(" ", (r.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"))
        + " " + string.Join(" ", r.Scopes.Select(s => s?.ToString()));

    public void Dispose()
    {
        foreach (MetricCollector<long> c in _counters)
        {
            c.Dispose();
        }

        _durations.Dispose();
        Metrics.Dispose();
        _telemetry.Dispose();
    }
}
