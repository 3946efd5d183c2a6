using PosAuth.Lockout;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Operators;

public sealed class OperatorManagerTests : IDisposable
{
    private const string T = AuthenticatorFixture.Terminal;
    private readonly CoreFixture _f = new();

    public OperatorManagerTests() => _f.SeedActorsAsync().GetAwaiter().GetResult();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Create_BySupervisor_CreatesOperatorThatMustChangePin()
    {
        OperatorManagementResult<OperatorAccount> result = await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8306".AsMemory());

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(result.Succeeded);
        Assert.Equal("succeeded", result.ToString());
        Assert.True(result.Value.MustChangePin);
        Assert.Equal(PinChangeReason.ResetByHigherRole, result.Value.MustChangePinReason);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await _f.Auth.SignInAsync("02", "8306")).Outcome);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorCreated && e.OperatorId == "02" && e.ActorId == "00");
    }

    [Fact]
    public async Task Create_SupervisorByAdministrator_IsAllowed_ButNotBySupervisor()
    {
        await _f.Auth.Operators.DeleteAsync("00");
        await _f.Auth.Operators.DeleteAsync("99");
        await _f.Auth.SeedAsync("99", CoreFixture.AdminPin);

        OperatorManagementResult<OperatorAccount> created = await _f.Manager.CreateAsync(CoreFixture.Admin, T, "00", OperatorRole.Supervisor, "739146".AsMemory());
        Assert.True(created.Succeeded, created.ToString());
        Assert.True((await _f.Auth.Operators.FindAsync("00"))!.MustChangePin);

        OperatorManagementResult<OperatorAccount> refused = await _f.Manager.CreateAsync(OperatorActorOf("00"), T, "99", OperatorRole.Administrator, "73914628".AsMemory());
        Assert.Equal(OperatorManagementErrorKind.PinChangeRequired, refused.Error?.Kind); // the new supervisor must change the PIN first
    }

    [Fact]
    public async Task Create_AdministratorBySupervisor_IsInsufficientRole()
    {
        await _f.Auth.Operators.DeleteAsync("99");

        OperatorManagementResult<OperatorAccount> refused = await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "99", OperatorRole.Administrator, "73914628".AsMemory());

        Assert.Equal(OperatorManagementErrorKind.InsufficientRole, refused.Error?.Kind);
        Assert.Equal("insufficient_role", refused.Error?.Code);
        Assert.Null(await _f.Auth.Operators.FindAsync("99"));
    }

    [Fact]
    public async Task Create_WithWeakPin_IsRejectedWithReasons_AndNothingIsCreated()
    {
        OperatorManagementResult<OperatorAccount> result = await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "03", OperatorRole.Operator, "1234".AsMemory());

        Assert.Equal(OperatorManagementErrorKind.PinRejected, result.Error?.Kind);
        Assert.NotEmpty(result.Error!.PinRejections);
        Assert.DoesNotContain("1234", result.ToString(), StringComparison.Ordinal);
        Assert.Null(await _f.Auth.Operators.FindAsync("03"));
    }

    [Theory]
    [InlineData("99", OperatorRole.Operator)]
    [InlineData("00", OperatorRole.Operator)]
    [InlineData("05", OperatorRole.Supervisor)]
    public async Task Create_WithRoleNotMatchingTheNumber_IsRejected(string id, OperatorRole role)
    {
        OperatorManagementResult<OperatorAccount> result = await _f.Manager.CreateAsync(CoreFixture.Admin, T, id, role, "73914628".AsMemory());

        Assert.Equal(OperatorManagementErrorKind.RoleMismatch, result.Error?.Kind);
    }

    [Fact]
    public async Task Create_Twice_IsAlreadyExists()
    {
        await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8306".AsMemory());

        OperatorManagementResult<OperatorAccount> again = await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8402".AsMemory());

        Assert.Equal(OperatorManagementErrorKind.AlreadyExists, again.Error?.Kind);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("00")]
    public async Task Delete_AdministratorOrSupervisor_IsNeverAllowed(string id)
    {
        OperatorManagementResult result = await _f.Manager.DeleteAsync(CoreFixture.Admin, T, id, signedInOperatorId: null);

        Assert.Equal(OperatorManagementErrorKind.ProtectedOperator, result.Error?.Kind);
        Assert.Equal("protected_operator", result.Error?.Code);
        Assert.NotNull(await _f.Auth.Operators.FindAsync(id));
    }

    [Fact]
    public async Task Delete_SignedInOperator_IsRefused()
    {
        await _f.Auth.SeedAsync("03", "8306");

        OperatorManagementResult result = await _f.Manager.DeleteAsync(CoreFixture.Supervisor, T, "03", signedInOperatorId: "03");

        Assert.Equal(OperatorManagementErrorKind.OperatorSignedIn, result.Error?.Kind);
        Assert.NotNull(await _f.Auth.Operators.FindAsync("03"));
    }

    [Fact]
    public async Task Delete_BySupervisor_RemovesOperator_AndAudits()
    {
        await _f.Auth.SeedAsync("03", "8306");

        OperatorManagementResult result = await _f.Manager.DeleteAsync(CoreFixture.Supervisor, T, "03", signedInOperatorId: "01");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Null(await _f.Auth.Operators.FindAsync("03"));
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorDeleted && e.OperatorId == "03");
    }

    [Fact]
    public async Task Delete_ByOrdinaryOperator_IsInsufficientRole()
    {
        await _f.Auth.SeedAsync("03", "8306");

        OperatorManagementResult result = await _f.Manager.DeleteAsync(CoreFixture.Operator("01"), T, "03", signedInOperatorId: "01");

        Assert.Equal(OperatorManagementErrorKind.InsufficientRole, result.Error?.Kind);
        Assert.NotNull(await _f.Auth.Operators.FindAsync("03"));
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.ManagementDenied && e.Code == "insufficient_role" && e.ActorId == "01");
    }

    [Fact]
    public async Task Delete_UnknownOperator_IsUnknownOperator_AndItsNumberIsNotAudited()
    {
        OperatorManagementResult result = await _f.Manager.DeleteAsync(CoreFixture.Supervisor, T, "482913", signedInOperatorId: "01");

        Assert.Equal(OperatorManagementErrorKind.UnknownOperator, result.Error?.Kind);
        Assert.DoesNotContain(_f.Auth.Audit.Events, e => e.OperatorId == "482913");
    }

    [Fact]
    public async Task Unlock_SupervisorByOperator_IsRefused_AndTheLockHolds()
    {
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("00", "000111");
        }

        OperatorManagementResult<LockoutStatus> result = await _f.Manager.UnlockAsync(CoreFixture.Operator("01"), T, "00");

        Assert.Equal(OperatorManagementErrorKind.InsufficientRole, result.Error?.Kind);
        Assert.Equal(AuthenticationOutcome.LockedOut, (await _f.Auth.SignInAsync("00", CoreFixture.SupervisorPin)).Outcome);
    }

    [Fact]
    public async Task Unlock_OperatorBySupervisor_LiftsTheLock()
    {
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("01", "000111");
        }

        OperatorManagementResult<LockoutStatus> result = await _f.Manager.UnlockAsync(CoreFixture.Supervisor, T, "01");

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(result.Value.IsLocked);
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", CoreFixture.OperatorPin)).Outcome);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorUnlocked && e.ActorId == "00");
    }

    [Fact]
    public async Task Unlock_UnderAReplacedPermissionTableThatLetsAnEqualRoleManage_IsStillRefusedByTheLockout()
    {
        await _f.Auth.SeedAsync("05", "582039", OperatorRole.Supervisor);
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("05", "000111");
        }

        var manager = new OperatorManager(_f.Auth.Operators, _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, new EqualRolesManage(_f.Permissions), [_f.Auth.Audit], _f.Auth.Time);
        OperatorManagementResult<LockoutStatus> result = await manager.UnlockAsync(CoreFixture.Supervisor, T, "05");

        Assert.Equal(OperatorManagementErrorKind.InsufficientRole, result.Error?.Kind);
        Assert.True((await _f.Auth.StatusAsync("05")).IsLocked);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.ManagementDenied && e.Code == "insufficient_role" && e.Detail == "unlock");
    }

    [Fact]
    public async Task Disable_ThenSignIn_IsDisabled_AndEnableRestores()
    {
        OperatorManagementResult<OperatorAccount> off = await _f.Manager.SetDisabledAsync(CoreFixture.Supervisor, T, "01", disabled: true);
        AuthenticationOutcome disabled = (await _f.Auth.SignInAsync("01", CoreFixture.OperatorPin)).Outcome;
        OperatorManagementResult<OperatorAccount> on = await _f.Manager.SetDisabledAsync(CoreFixture.Supervisor, T, "01", disabled: false);
        AuthenticationOutcome enabled = (await _f.Auth.SignInAsync("01", CoreFixture.OperatorPin)).Outcome;

        Assert.True(off.Value!.IsDisabled);
        Assert.False(on.Value!.IsDisabled);
        Assert.Equal(AuthenticationOutcome.Disabled, disabled);
        Assert.Equal(AuthenticationOutcome.Succeeded, enabled);
    }

    [Fact]
    public void ActorFrom_FailedSignIn_Throws()
    {
        Assert.Throws<ArgumentException>(() => OperatorActor.From(new AuthenticationResult { Outcome = AuthenticationOutcome.WrongPin, OperatorId = "01" }));
        Assert.Equal(new OperatorActor("00", OperatorRole.Supervisor), OperatorActor.From(new AuthenticationResult { Outcome = AuthenticationOutcome.Succeeded, OperatorId = "00", Role = OperatorRole.Supervisor }));
    }

    [Fact]
    public void ResultCodes_AreStableSnakeCase_AndDescriptionsAreLocalised()
    {
        string[] codes = [.. Enum.GetValues<OperatorManagementErrorKind>().Select(k => OperatorManagementError.Create(k).Code)];

        Assert.Equal(
            ["insufficient_role", "protected_operator", "operator_signed_in", "unknown_operator", "already_exists", "invalid_operator_id",
             "pin_rejected", "role_mismatch", "concurrent_update", "actor_not_allowed", "pin_change_required"],
            codes);
        OperatorManagementResult refused = OperatorManagementResult.Failed(OperatorManagementError.Create(OperatorManagementErrorKind.PinChangeRequired));
        Assert.Equal("请先修改您自己的密码", refused.Error!.GetDescription(new System.Globalization.CultureInfo("zh-CN")));
        Assert.Equal("The acting operator must change their own PIN first.", refused.Error.Description);
        Assert.Equal("pin_change_required: The acting operator must change their own PIN first.", refused.ToString());
    }

    private static OperatorActor OperatorActorOf(string id) => new(id, OperatorIds.ConventionalRole(id));

    /// <summary>A permission table that (wrongly) lets a role manage its own rank.</summary>
    private sealed class EqualRolesManage(IPermissionPolicy inner) : IPermissionPolicy
    {
        public bool CanManage(OperatorRole actorRole, OperatorRole targetRole) => actorRole >= targetRole;

        public bool IsGranted(OperatorRole role, Permission permission) => inner.IsGranted(role, permission);

        public bool RequiresSupervisorAuthorization(OperatorRole role, Permission permission) => inner.RequiresSupervisorAuthorization(role, permission);
    }
}
