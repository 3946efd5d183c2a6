using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class FactoryResetServiceTests : IDisposable
{
    private const string Terminal = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task SeedWithHistoryAsync()
    {
        await _f.SeedStandardAsync();
        await _f.LockAsync("01");
        await _f.Auth.Lockout.RegisterFailureAsync(await _f.Auth.Lockout.TryChargeAsync(new LockoutSubject("T0002", "02", OperatorRole.Operator), CancellationToken.None), CancellationToken.None);
        Assert.True(await _f.Sessions.TrySaveAsync(new TerminalSession { TerminalId = Terminal, Version = 1 }, 0, CancellationToken.None));
        await _f.AuditStore.AppendAsync(new AuditEvent(AuditEventType.SignInSucceeded, _f.Time.GetUtcNow(), Terminal, "01", Code: "before_reset"));
    }

    [Fact]
    public async Task FactoryReset_BySystem_RestoresDefaultAccounts_ThatMustChangePin()
    {
        await SeedWithHistoryAsync();

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.System);

        Assert.True(result.Succeeded, result.ToString());
        IReadOnlyList<OperatorAccount> accounts = await _f.Operators.ListAsync();
        Assert.Equal(["00", "01", "99"], accounts.Select(a => a.OperatorId));
        Assert.Equal([OperatorRole.Supervisor, OperatorRole.Operator, OperatorRole.Administrator], accounts.Select(a => a.Role));
        Assert.All(accounts, a => Assert.Equal((true, PinChangeReason.FactoryDefault), (a.MustChangePin, a.MustChangePinReason)));
        Assert.All(accounts, a => Assert.Empty(a.PinHistory));
        foreach ((string id, string pin) in new[] { ("99", "12345678"), ("00", "123456"), ("01", "0000") })
        {
            AuthenticationResult signIn = await _f.Auth.SignInAsync(id, pin);
            Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, signIn.Outcome);
            Assert.Equal(PinChangeReason.FactoryDefault, signIn.MustChangePinReason);
        }
    }

    [Fact]
    public async Task FactoryReset_ClearsEveryLockoutAndSession_AndKeepsTheAuditTrailByDefault()
    {
        await SeedWithHistoryAsync();

        await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.System);

        Assert.False((await _f.Auth.StatusAsync("01")).IsLocked);
        Assert.Equal(0, (await _f.Auth.Lockout.GetStatusAsync(new LockoutSubject("T0002", "02", OperatorRole.Operator), CancellationToken.None)).FailureCount);
        Assert.Null(await _f.Sessions.GetAsync(Terminal, CancellationToken.None));
        IReadOnlyList<AuditRecord> trail = await _f.AuditStore.ReadAsync();
        Assert.Equal("before_reset", trail[0].Event.Code);
        AuditRecord reset = Assert.Single(trail, r => r.Event.Type == AuditEventType.FactoryReset);
        Assert.Equal((LockoutActor.SystemActorId, "factory_reset", "audit=kept"), (reset.Event.ActorId, reset.Event.Code, reset.Event.Detail));
    }

    [Fact]
    public async Task FactoryReset_RecordsTheEventFirst_BeforeAnythingIsCleared()
    {
        await SeedWithHistoryAsync();
        var spy = new SnapshotSink(_f);
        var service = new FactoryResetService(
            _f.Operators, _f.Auth.Authenticator, _f.Auth.Hasher, _f.Auth.Lockout, _f.Sessions, _f.AuditStore, [spy, .. _f.Sinks], _f.Time,
            Microsoft.Extensions.Options.Options.Create(_f.RecoveryOptions), _f.Permissions);

        await service.FactoryResetAsync(Terminal, FactoryResetActor.System);

        SnapshotSink.Snapshot first = spy.Snapshots[0];
        Assert.Equal(5, first.Accounts);
        Assert.True(first.Operator01Locked);
        Assert.True(first.SessionExists);
        Assert.True(first.AuditRecords >= 1);
    }

    [Fact]
    public async Task FactoryReset_ClearAuditTrail_StartsTheNewTrailWithTheFactoryResetEvent()
    {
        await SeedWithHistoryAsync();

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.System, new FactoryResetOptions { ClearAuditTrail = true });

        Assert.True(result.Succeeded);
        AuditRecord only = Assert.Single(await _f.AuditStore.ReadAsync());
        Assert.Equal((AuditEventType.FactoryReset, "audit=cleared"), (only.Event.Type, only.Event.Detail));
        Assert.Equal(2, _f.AuditEvents.Count(e => e.Type == AuditEventType.FactoryReset)); // recorded before and after clearing
    }

    [Fact]
    public async Task FactoryReset_ByAdministratorWithRightPin_Succeeds_AndRecordsTheActor()
    {
        await SeedWithHistoryAsync();

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator("99", RecoveryFixture.Pin99.AsMemory()));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("99", Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.FactoryReset).ActorId);
        Assert.Equal(3, (await _f.Operators.ListAsync()).Count);
    }

    [Theory]
    [InlineData("00", RecoveryFixture.Pin00)]
    [InlineData("02", RecoveryFixture.Pin02)]
    public async Task FactoryReset_ByAnyoneButTheAdministrator_ReturnsInsufficientRole_AndChangesNothing(string actor, string pin)
    {
        await SeedWithHistoryAsync();

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator(actor, pin.AsMemory()));

        Assert.Equal(RecoveryErrorKind.InsufficientRole, result.Error!.Kind);
        Assert.Equal(5, (await _f.Operators.ListAsync()).Count);
        Assert.NotNull(await _f.Sessions.GetAsync(Terminal, CancellationToken.None));
        Assert.DoesNotContain(_f.AuditEvents, e => e.Type == AuditEventType.FactoryReset);
        AuditEvent denied = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.ManagementDenied);
        Assert.Equal((actor, "insufficient_role", "factory_reset"), (denied.ActorId, denied.Code, denied.Detail));
    }

    [Fact]
    public async Task FactoryReset_AdministratorWithWrongPin_ReturnsAuthenticationFailed_WithRemainingAttempts()
    {
        await SeedWithHistoryAsync();

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator("99", "11223399".AsMemory()));

        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, result.Error!.Kind);
        Assert.Equal(AuthenticationOutcome.WrongPin, result.Error.AuthenticationOutcome);
        Assert.Equal(2, result.Error.RemainingAttempts);
        Assert.Equal(5, (await _f.Operators.ListAsync()).Count);
    }

    [Fact]
    public async Task FactoryReset_AdministratorStillOnFactoryPin_MustChangeItFirst()
    {
        await _f.Auth.SeedAsync("99", "12345678");

        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator("99", "12345678".AsMemory()));

        Assert.Equal(RecoveryErrorKind.PinChangeRequired, result.Error!.Kind);
    }

    [Fact]
    public async Task FactoryReset_UsesTheConfiguredFactoryPins()
    {
        using var f = new RecoveryFixture(recovery: o =>
        {
            o.FactoryAdministratorPin = "20260105";
            o.FactorySupervisorPin = "888000";
            o.FactoryOperatorPin = "1357";
        });

        await f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.System);

        AuthenticationResult admin = await f.Auth.SignInAsync("99", "20260105");
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, admin.Outcome);
        Assert.Equal(PinChangeReason.FactoryDefault, admin.MustChangePinReason);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await f.Auth.SignInAsync("00", "888000")).Outcome);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await f.Auth.SignInAsync("01", "1357")).Outcome);
    }

    [Fact]
    public async Task AfterFactoryReset_TheAdministratorChangesItsPin_AndCannotPickAFactoryPin()
    {
        await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.System);

        RecoveryResult toFactory = await _f.Pins.ChangePinAsync(Terminal, "00", "123456".AsMemory(), "12345678".AsMemory());
        RecoveryResult ok = await _f.Pins.ChangePinAsync(Terminal, "99", "12345678".AsMemory(), "46183927".AsMemory());

        Assert.Equal(RecoveryErrorKind.PolicyRejected, toFactory.Error!.Kind);
        Assert.Contains(Hashing.PinRejectionReason.EqualsFactoryDefault, toFactory.Error.PolicyReasons);
        Assert.True(ok.Succeeded, ok.ToString());
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("99", "46183927")).Outcome);
    }

    [Fact]
    public async Task FactoryReset_MalformedTerminal_ReturnsInvalidInput()
    {
        RecoveryResult result = await _f.FactoryReset.FactoryResetAsync("", FactoryResetActor.System);

        Assert.Equal(RecoveryErrorKind.InvalidInput, result.Error!.Kind);
    }

    [Fact]
    public void FactoryResetActor_ToString_NeverPrintsThePin()
    {
        FactoryResetActor actor = FactoryResetActor.Administrator("99", "46183927".AsMemory());

        Assert.DoesNotContain("46183927", actor.ToString(), StringComparison.Ordinal);
        Assert.True(FactoryResetActor.System.IsSystem);
        Assert.False(actor.IsSystem);
    }

    /// <summary>On each factory-reset event, records what still exists.</summary>
    private sealed class SnapshotSink(RecoveryFixture f) : IAuditSink
    {
        public List<Snapshot> Snapshots { get; } = [];

        public async ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            if (auditEvent.Type == AuditEventType.FactoryReset)
            {
                Snapshots.Add(new Snapshot(
                    (await f.Operators.ListAsync(cancellationToken)).Count,
                    (await f.Auth.StatusAsync("01")).IsLocked,
                    await f.Sessions.GetAsync(Terminal, cancellationToken) is not null,
                    (await f.AuditStore.ReadAsync(cancellationToken: cancellationToken)).Count));
            }
        }

        public sealed record Snapshot(int Accounts, bool Operator01Locked, bool SessionExists, int AuditRecords);
    }
}
