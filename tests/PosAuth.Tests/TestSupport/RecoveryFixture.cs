using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Tests.TestSupport;

/// <summary>
/// The recovery services over an <see cref="AuthenticatorFixture"/> (same stores, fast hasher, fake clock, capturing
/// audit sink and logger), plus an audit store and a session store for factory reset.
/// </summary>
internal sealed class RecoveryFixture : IDisposable
{
    /// <summary>A vendor master key for tests: bytes 00..1f.</summary>
    public static readonly byte[] MasterKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    public const string Serial = "SN-0001";

    public RecoveryFixture(
        Action<RecoveryOptions>? recovery = null,
        Action<LockoutOptions>? lockout = null,
        Action<PinPolicyOptions>? pinPolicy = null,
        bool provisionUnlockKey = true)
    {
        Auth = new AuthenticatorFixture(lockout);
        RecoveryOptions = new RecoveryOptions();
        recovery?.Invoke(RecoveryOptions);
        PinPolicyOptions = new PinPolicyOptions();
        pinPolicy?.Invoke(PinPolicyOptions);
        PinPolicy = new PinPolicy(PinPolicyOptions, Auth.Hasher);
        TerminalKey = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, Serial);
        IOfflineUnlockKeyProvider keys = provisionUnlockKey ? new OfflineUnlockKeyProvider(TerminalKey) : new NoKeyProvider();
        IAuditSink[] sinks = [Auth.Audit, new LoggerAuditSink(Auth.LoggerFactory), new AuditStoreSink(AuditStore)];
        Sinks = sinks;
        Pins = new PinRecoveryService(
            Auth.Operators, Auth.Authenticator, Auth.Hasher, PinPolicy, Auth.Lockout, sinks, Auth.Time,
            Options.Create(RecoveryOptions), Options.Create(PinPolicyOptions), Options.Create(new AuthenticationOptions()), Permissions);
        Unlock = new OfflineUnlockService(
            Auth.Operators, Auth.Hasher, PinPolicy, Auth.Lockout, keys, sinks, Auth.Time,
            Options.Create(RecoveryOptions), Options.Create(PinPolicyOptions), Options.Create(new AuthenticationOptions()));
        FactoryReset = new FactoryResetService(
            Auth.Operators, Auth.Authenticator, Auth.Hasher, Auth.Lockout, Sessions, AuditStore, sinks, Auth.Time,
            Options.Create(RecoveryOptions), Permissions);
    }

    public const string Terminal = AuthenticatorFixture.Terminal;

    public AuthenticatorFixture Auth { get; }

    public RecoveryOptions RecoveryOptions { get; }

    public PinPolicyOptions PinPolicyOptions { get; }

    public PinPolicy PinPolicy { get; }

    public byte[] TerminalKey { get; }

    public IReadOnlyList<IAuditSink> Sinks { get; }

    public InMemoryAuditStore AuditStore { get; } = new();

    public IPermissionPolicy Permissions { get; } = new PermissionPolicy(new PermissionOptions());

    public InMemorySessionStore Sessions { get; } = new();

    public PinRecoveryService Pins { get; }

    public OfflineUnlockService Unlock { get; }

    public FactoryResetService FactoryReset { get; }

    public PosAuth.Testing.ManualTimeProvider Time => Auth.Time;

    public InMemoryOperatorStore Operators => Auth.Operators;

    public IReadOnlyList<AuditEvent> AuditEvents => Auth.Audit.Events;

    /// <summary>Seeds the conventional terminal: administrator 99, supervisor 00, operators 01 and 02, supervisor 05 (a second supervisor).</summary>
    public async Task SeedStandardAsync()
    {
        await Auth.SeedAsync("99", Pin99);
        await Auth.SeedAsync("00", Pin00);
        await Auth.SeedAsync("05", Pin05, OperatorRole.Supervisor);
        await Auth.SeedAsync("01", Pin01);
        await Auth.SeedAsync("02", Pin02);
    }

    public const string Pin99 = "73914682";
    public const string Pin00 = "739146";
    public const string Pin05 = "582039";
    public const string Pin01 = "8253";
    public const string Pin02 = "3084";

    public async Task<OperatorAccount> AccountAsync(string operatorId) => (await Operators.FindAsync(operatorId))!;

    public async Task LockAsync(string operatorId, string terminal = Terminal)
    {
        for (int i = 0; i < 3; i++)
        {
            await Auth.SignInAsync(operatorId, $"90{i}1", terminal);
        }

        Assert.True((await Auth.StatusAsync(operatorId, terminal)).IsLocked);
    }

    /// <summary>
    /// Another offline-unlock service over the same stores, as after a restart of the process (nothing in memory
    /// survives), optionally with a forced source of challenge digits.
    /// </summary>
    public OfflineUnlockService NewUnlockService(Func<int, string>? challengeDigits = null) => new(
        Auth.Operators, Auth.Hasher, PinPolicy, Auth.Lockout, new OfflineUnlockKeyProvider(TerminalKey), Sinks, Auth.Time,
        Options.Create(RecoveryOptions), Options.Create(PinPolicyOptions), Options.Create(new AuthenticationOptions()), challengeDigits);

    public string ResponseFor(OfflineUnlockChallenge challenge) =>
        OfflineUnlockCalculator.ComputeResponseFromMaster(MasterKey, Serial, challenge.TerminalId, challenge.TargetOperatorId, challenge.Challenge);

    public void Dispose() => Auth.Dispose();

    private sealed class NoKeyProvider : IOfflineUnlockKeyProvider
    {
        public ValueTask<byte[]?> GetTerminalKeyAsync(string terminalId, CancellationToken cancellationToken = default) => new((byte[]?)null);
    }
}
