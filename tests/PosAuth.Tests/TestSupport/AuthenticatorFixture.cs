using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Tests.TestSupport;

/// <summary>A real authenticator over in-memory stores, a fast hasher, a fake clock and capturing sinks.</summary>
internal sealed class AuthenticatorFixture : IDisposable
{
    public const string Terminal = "T0001";
    public const int TestIterations = 1_000;

    public AuthenticatorFixture(Action<LockoutOptions>? lockout = null, Action<AuthenticationOptions>? authentication = null, int iterations = TestIterations)
    {
        Metrics = new PosAuthMetrics(MeterFactory);
        HasherOptions = new Pbkdf2PinHasherOptions { Iterations = iterations, MinimumIterations = 1_000 };
        Hasher = new SpyPinHasher(new Pbkdf2PinHasher(HasherOptions));
        var lockoutOptions = new LockoutOptions { MaxFailures = 3 };
        lockout?.Invoke(lockoutOptions);
        Lockout = new LockoutPolicy(Attempts, Options.Create(lockoutOptions), Time);
        var authOptions = new AuthenticationOptions();
        authentication?.Invoke(authOptions);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
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

    public CapturingLoggerProvider Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public ScopedMeterFactory MeterFactory { get; } = new();

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

    public void Dispose()
    {
        LoggerFactory.Dispose();
        Metrics.Dispose();
        MeterFactory.Dispose();
    }
}
