using PosAuth.Audit;
using PosAuth.Authentication;
using PosAuth.Lockout;
using PosAuth.Operators;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Operators;

public sealed class OperatorManagerTests : IDisposable
{
    private const string T = AuthenticatorFixture.Terminal;
    private readonly CoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Create_BySupervisor_CreatesOperatorThatMustChangePin()
    {
        OperatorAccount created = await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8306".AsMemory());

        Assert.True(created.MustChangePin);
        Assert.Equal(PinChangeReason.ResetByHigherRole, created.MustChangePinReason);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await _f.Auth.SignInAsync("02", "8306")).Outcome);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorCreated && e.OperatorId == "02" && e.ActorId == "00");
    }

    [Fact]
    public async Task Create_SupervisorByAdministrator_IsAllowed_ButNotBySupervisor()
    {
        await _f.Manager.CreateAsync(CoreFixture.Admin, T, "00", OperatorRole.Supervisor, "739146".AsMemory());

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "99", OperatorRole.Administrator, "73914628".AsMemory()));
        Assert.Equal(OperatorManagementError.InsufficientRole, ex.Error);
    }

    [Fact]
    public async Task Create_WithWeakPin_IsRejectedWithReasons_AndNothingIsCreated()
    {
        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "03", OperatorRole.Operator, "1234".AsMemory()));

        Assert.Equal(OperatorManagementError.PinRejected, ex.Error);
        Assert.NotEmpty(ex.PinRejections);
        Assert.DoesNotContain("1234", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _f.Auth.Operators.FindAsync("03"));
    }

    [Theory]
    [InlineData("99", OperatorRole.Operator)]
    [InlineData("00", OperatorRole.Operator)]
    [InlineData("05", OperatorRole.Supervisor)]
    public async Task Create_WithRoleNotMatchingTheNumber_IsRejected(string id, OperatorRole role)
    {
        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.CreateAsync(CoreFixture.Admin, T, id, role, "73914628".AsMemory()));
        Assert.Equal(OperatorManagementError.RoleMismatch, ex.Error);
    }

    [Fact]
    public async Task Create_Twice_IsAlreadyExists()
    {
        await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8306".AsMemory());

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.CreateAsync(CoreFixture.Supervisor, T, "02", OperatorRole.Operator, "8402".AsMemory()));
        Assert.Equal(OperatorManagementError.AlreadyExists, ex.Error);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("00")]
    public async Task Delete_AdministratorOrSupervisor_IsNeverAllowed(string id)
    {
        await _f.Auth.SeedAsync(id, "73914628");

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.DeleteAsync(CoreFixture.Admin, T, id, signedInOperatorId: null));

        Assert.Equal(OperatorManagementError.ProtectedOperator, ex.Error);
        Assert.NotNull(await _f.Auth.Operators.FindAsync(id));
    }

    [Fact]
    public async Task Delete_SignedInOperator_IsRefused()
    {
        await _f.Auth.SeedAsync("03", "8306");

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.DeleteAsync(CoreFixture.Supervisor, T, "03", signedInOperatorId: "03"));

        Assert.Equal(OperatorManagementError.OperatorSignedIn, ex.Error);
        Assert.NotNull(await _f.Auth.Operators.FindAsync("03"));
    }

    [Fact]
    public async Task Delete_BySupervisor_RemovesOperator_AndAudits()
    {
        await _f.Auth.SeedAsync("03", "8306");

        await _f.Manager.DeleteAsync(CoreFixture.Supervisor, T, "03", signedInOperatorId: "01");

        Assert.Null(await _f.Auth.Operators.FindAsync("03"));
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorDeleted && e.OperatorId == "03");
    }

    [Fact]
    public async Task Delete_ByOrdinaryOperator_IsInsufficientRole()
    {
        await _f.Auth.SeedAsync("03", "8306");

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.DeleteAsync(CoreFixture.Operator("01"), T, "03", signedInOperatorId: "01"));

        Assert.Equal(OperatorManagementError.InsufficientRole, ex.Error);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.ManagementDenied);
    }

    [Fact]
    public async Task Unlock_SupervisorByOperator_IsRefused_AndTheLockHolds()
    {
        await _f.Auth.SeedAsync("00", "739146");
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("00", "000111");
        }

        var ex = await Assert.ThrowsAsync<OperatorManagementException>(async () =>
            await _f.Manager.UnlockAsync(CoreFixture.Operator("01"), T, "00"));

        Assert.Equal(OperatorManagementError.InsufficientRole, ex.Error);
        Assert.Equal(AuthenticationOutcome.LockedOut, (await _f.Auth.SignInAsync("00", "739146")).Outcome);
    }

    [Fact]
    public async Task Unlock_OperatorBySupervisor_LiftsTheLock()
    {
        await _f.Auth.SeedAsync("01", "739146");
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("01", "000111");
        }

        LockoutStatus status = await _f.Manager.UnlockAsync(CoreFixture.Supervisor, T, "01");

        Assert.False(status.IsLocked);
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", "739146")).Outcome);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.OperatorUnlocked && e.ActorId == "00");
    }

    [Fact]
    public async Task Disable_ThenSignIn_IsDisabled_AndEnableRestores()
    {
        await _f.Auth.SeedAsync("01", "739146");

        await _f.Manager.SetDisabledAsync(CoreFixture.Supervisor, T, "01", disabled: true);
        AuthenticationOutcome disabled = (await _f.Auth.SignInAsync("01", "739146")).Outcome;
        await _f.Manager.SetDisabledAsync(CoreFixture.Supervisor, T, "01", disabled: false);
        AuthenticationOutcome enabled = (await _f.Auth.SignInAsync("01", "739146")).Outcome;

        Assert.Equal(AuthenticationOutcome.Disabled, disabled);
        Assert.Equal(AuthenticationOutcome.Succeeded, enabled);
    }

    [Fact]
    public void ActorFrom_FailedSignIn_Throws()
    {
        Assert.Throws<ArgumentException>(() => OperatorActor.From(new AuthenticationResult { Outcome = AuthenticationOutcome.WrongPin, OperatorId = "01" }));
        Assert.Equal(new OperatorActor("00", OperatorRole.Supervisor), OperatorActor.From(new AuthenticationResult { Outcome = AuthenticationOutcome.Succeeded, OperatorId = "00", Role = OperatorRole.Supervisor }));
    }
}
