using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Integration;

/// <summary>
/// The sessions package wired to the core by <c>AddPosAuth()</c>, attacked with the public factory PINs
/// (99 / 12345678, 00 / 123456, 01 / 0000) after a factory reset.
/// </summary>
public sealed class SessionIntegrationTests : IAsyncLifetime
{
    private const string Terminal = "T0001";
    private const string OperatorPin = "4739";
    private const string SupervisorPin = "582047";
    private const string AdminPin = "86429173";

    private ServiceProvider _sp = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sp?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Fact]
    public async Task FactoryOperatorPin_SignsInToPinChangeRequired_And签到IsRefused_UntilThePinIsChangedThroughTheSession()
    {
        using TerminalSessionManager s = await FactoryStateAsync();
        FakeHost host = (FakeHost)_sp.GetRequiredService<IHostSignOn>();

        SessionResult signedIn = await s.SignInOperatorAsync("01", "0000".AsMemory());
        SessionResult refused = await s.SignInTerminalAsync();
        SessionResult weak = await s.ChangePinAsync("0000".AsMemory(), "1234".AsMemory());
        SessionResult changed = await s.ChangePinAsync("0000".AsMemory(), OperatorPin.AsMemory());
        SessionResult ready = await s.SignInTerminalAsync();

        Assert.Equal(TerminalSessionState.PinChangeRequired, signedIn.Session.State);
        Assert.True(signedIn.MustChangePin);
        Assert.Equal(SessionErrorKind.PinChangeRequired, refused.Error!.Kind);
        Assert.Equal(SessionErrorKind.PinChangeRejected, weak.Error!.Kind);
        Assert.Equal("policy_rejected", weak.PinChange!.FailureCode);
        Assert.Contains("CommonPin", weak.PinChange.PolicyReasons);
        Assert.True(changed.Succeeded);
        Assert.Equal(TerminalSessionState.OperatorSignedIn, changed.Session.State);
        Assert.True(ready.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, ready.Session.State);
        Assert.Equal(1, host.SignOns); // the refused 签到 never reached the host
        Assert.Contains(await AuditAsync(), r => r.Event.Type == AuditEventType.PinChanged && r.Event.OperatorId == "01");
    }

    [Fact]
    public async Task FactoryAdministratorPin_CannotEnterMaintenance()
    {
        using TerminalSessionManager s = await FactoryStateAsync();

        SessionResult result = await s.EnterMaintenanceAsync("99", "12345678".AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.AwaitingOperator, s.Current!.State);
    }

    [Fact]
    public async Task FactorySupervisorPin_CannotUnlockAScreen()
    {
        using TerminalSessionManager s = await FactoryStateAsync();
        await ChangeAsync("01", "0000", OperatorPin);
        await ReadyAsync(s);
        await s.LockAsync();

        SessionResult result = await s.UnlockAsync("00", "123456".AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.Locked, s.Current!.State);
    }

    [Fact]
    public async Task FactoryPin_CannotTakeOverAShift()
    {
        using TerminalSessionManager s = await FactoryStateAsync();
        await ChangeAsync("01", "0000", OperatorPin);
        await ReadyAsync(s);

        SessionResult result = await s.HandOverShiftAsync("00", "123456".AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal("01", s.Current!.OperatorId);
    }

    [Fact]
    public async Task Maintenance_FollowsThePermissionTable_NotTheRole()
    {
        using TerminalSessionManager s = await FactoryStateAsync(o =>
        {
            o.Permissions.Grants[OperatorRole.Administrator].Remove(Permission.Maintenance);
            o.Permissions.Grants[OperatorRole.Supervisor].Add(Permission.Maintenance);
        });
        await ChangeAsync("99", "12345678", AdminPin);
        await ChangeAsync("00", "123456", SupervisorPin);

        SessionResult administrator = await s.EnterMaintenanceAsync("99", AdminPin.AsMemory());
        SessionResult supervisor = await s.EnterMaintenanceAsync("00", SupervisorPin.AsMemory());

        Assert.Equal(SessionErrorKind.MaintenanceNotPermitted, administrator.Error!.Kind);
        Assert.True(supervisor.Succeeded);
        Assert.Equal(TerminalSessionState.Maintenance, s.Current!.State);
    }

    [Fact]
    public async Task FailedVerification_OfAnUnknownNumber_ReportsNoRoleAndNoNumber()
    {
        using TerminalSessionManager s = await FactoryStateAsync();

        SessionResult result = await s.SignInOperatorAsync("4711", "1234".AsMemory());

        Assert.Equal(SessionErrorKind.VerificationFailed, result.Error!.Kind);
        Assert.Equal("wrong_pin", result.Verification!.FailureCode);
        Assert.Null(result.Verification.Role);
        Assert.Null(result.Verification.OperatorId);
        Assert.DoesNotContain("4711", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySessionTransition_IsAudited_WithKnownOperatorsOnly_AndNoPin()
    {
        using TerminalSessionManager s = await FactoryStateAsync(o => o.Sessions.UseIdleTimer = false);
        await ChangeAsync("00", "123456", SupervisorPin);
        await ChangeAsync("99", "12345678", AdminPin);
        ManualTimeProvider time = (ManualTimeProvider)_sp.GetRequiredService<TimeProvider>();
        int before = (await AuditAsync()).Count;

        await s.SignInOperatorAsync("4739", "4739".AsMemory());             // a PIN typed into the number field: refused
        await s.SignInOperatorAsync("01", "0000".AsMemory());               // PowerOn was first; now PinChangeRequired
        await s.ChangePinAsync("0000".AsMemory(), OperatorPin.AsMemory());
        await s.SignInTerminalAsync();                                      // 签到
        await s.LockAsync();
        await s.UnlockAsync("01", "9999".AsMemory());                       // wrong: refused, no transition
        await s.UnlockAsync("00", SupervisorPin.AsMemory());
        await s.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77"); // host-demanded re-sign-in
        await s.EnterMaintenanceAsync("99", AdminPin.AsMemory());
        await s.ExitMaintenanceAsync("99", AdminPin.AsMemory());
        await s.SignInTerminalAsync();
        time.Advance(TimeSpan.FromMinutes(6));
        await s.CheckIdleAsync();
        await s.UnlockAsync("01", OperatorPin.AsMemory());
        await s.SignOutAsync();                                             // 签退

        List<AuditRecord> session = (await AuditAsync()).Skip(before)
            .Where(r => r.Event.Type is AuditEventType.TerminalSignedIn or AuditEventType.TerminalSignedOut or AuditEventType.SessionStateChanged)
            .ToList();
        Assert.Equal(
            ["operator_sign_in", "change_pin", "host_sign_in", "lock", "unlock", "require_sign_in", "enter_maintenance", "exit_maintenance", "host_sign_in", "idle_timeout", "unlock", "sign_out"],
            session.Select(r => r.Event.Code));
        Assert.Equal(2, session.Count(r => r.Event.Type == AuditEventType.TerminalSignedIn));
        AuditEvent signedOut = Assert.Single(session, r => r.Event.Type == AuditEventType.TerminalSignedOut).Event;
        Assert.Equal((Terminal, "01"), (signedOut.TerminalId, signedOut.OperatorId));
        Assert.StartsWith("Ready -> SignedOut; batch ", signedOut.Detail, StringComparison.Ordinal);
        AuditEvent unlockedBySupervisor = session.First(r => r.Event.Code == "unlock").Event;
        Assert.Equal(("01", "00"), (unlockedBySupervisor.OperatorId, unlockedBySupervisor.ActorId));
        Assert.Equal("Locked -> Ready", unlockedBySupervisor.Detail);
        Assert.Equal("Ready -> SignInRequired; reason HostDemanded, response 77", session.Single(r => r.Event.Code == "require_sign_in").Event.Detail);
        Assert.Null(session.Single(r => r.Event.Code == "idle_timeout").Event.ActorId);

        foreach (AuditRecord r in session)
        {
            AuditEvent e = r.Event;
            Assert.All(new[] { e.OperatorId, e.ActorId }, id => Assert.True(id is null or "01" or "00" or "99", $"unexpected id {id}"));
            string text = $"{e.TerminalId} {e.OperatorId} {e.ActorId} {e.Code} {e.Detail}";
            foreach (string secret in new[] { OperatorPin, SupervisorPin, AdminPin, "0000", "9999" })
            {
                // As a number of its own: the batch "000001" is not the PIN "0000".
                Assert.DoesNotMatch($"(?<![0-9]){secret}(?![0-9])", text);
            }
        }
    }

    [Fact]
    public void AddPosAuth_WithoutAHostLink_FailsAtStartUp_NamingIHostSignOn()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider();

        Exception ex = Assert.ThrowsAny<Exception>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        // Each section's validation lists every section's errors, so the host may report them once per section.
        string message = ex is AggregateException all ? string.Join("\n", all.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("No IHostSignOn is registered", message, StringComparison.Ordinal);
        Assert.DoesNotContain("IOperatorVerifier", message, StringComparison.Ordinal); // the core provides it
        Assert.DoesNotContain("IOperatorPinChanger", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutHostSignOn_ABackOfficeUsesTheCore_AndATerminalSessionThereNeverSignsIn()
    {
        var services = new ServiceCollection();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
        }).UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate();
        sp.ValidatePosAuthOptions();
        Assert.NotNull(sp.GetRequiredService<IOperatorManager>());

        IOperatorStore store = sp.GetRequiredService<IOperatorStore>();
        await store.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = sp.GetRequiredService<IPinHasher>().Hash("7391") });
        using TerminalSessionManager session = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await session.RestoreOrStartAsync();
        Assert.True((await session.SignInOperatorAsync("01", "7391".AsMemory())).Succeeded);
        SessionResult signIn = await session.SignInTerminalAsync();

        Assert.False(signIn.Succeeded);
        Assert.Equal(SessionErrorKind.HostSignInFailed, signIn.Error?.Kind);
        Assert.NotEqual(TerminalSessionState.Ready, signIn.Session?.State);
    }

    [Fact]
    public void AddPosAuth_WithAHostLink_PassesStartUpValidation_AndWiresTheCoreSeams()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth().UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("PermissionSessionPolicy", sp.GetRequiredService<ISessionPermissionPolicy>().GetType().Name);
        Assert.Equal("RecoveryOperatorPinChanger", sp.GetRequiredService<IOperatorPinChanger>().GetType().Name);
        Assert.Equal("SessionAuditSink", Assert.Single(sp.GetServices<ISessionTransitionSink>()).GetType().Name);
    }

    private async Task<TerminalSessionManager> FactoryStateAsync(Action<PosAuthOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(o => { o.Hashing.Iterations = 1_000; o.Hashing.MinimumIterations = 1_000; configure?.Invoke(o); }).UseInMemoryStores();
        _sp = services.BuildServiceProvider();
        Assert.True((await _sp.GetRequiredService<IFactoryResetService>().FactoryResetAsync(Terminal, FactoryResetActor.System)).Succeeded);
        TerminalSessionManager session = _sp.GetRequiredService<ITerminalSessionManagerFactory>().Create(Terminal);
        await session.RestoreOrStartAsync();
        return session;
    }

    private async Task ChangeAsync(string operatorId, string current, string next) =>
        Assert.True((await _sp.GetRequiredService<IPinRecoveryService>().ChangePinAsync(Terminal, operatorId, current.AsMemory(), next.AsMemory())).Succeeded);

    private static async Task ReadyAsync(TerminalSessionManager s)
    {
        Assert.True((await s.SignInOperatorAsync("01", OperatorPin.AsMemory())).Succeeded);
        Assert.True((await s.SignInTerminalAsync()).Succeeded);
    }

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() => await _sp.GetRequiredService<IAuditStore>().ReadAsync();
}
