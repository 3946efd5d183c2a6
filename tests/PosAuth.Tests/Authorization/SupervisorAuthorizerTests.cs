using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authorization;

public sealed class SupervisorAuthorizerTests : IDisposable
{
    private const string T = AuthenticatorFixture.Terminal;
    private const string SupervisorPin = "739146";
    private readonly CoreFixture _f = new();

    public SupervisorAuthorizerTests() => _f.Auth.SeedAsync("01", CoreFixture.OperatorPin).GetAwaiter().GetResult();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Authorize_RefundForOperator_WithRightSupervisorPin_GrantsOneShot()
    {
        await _f.Auth.SeedAsync("00", SupervisorPin);

        AuthorizationResult result = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", SupervisorPin.AsMemory());

        Assert.Equal(AuthorizationOutcome.Granted, result.Outcome);
        Assert.Equal("granted", result.Code);
        Assert.NotNull(result.Grant);
        Assert.Equal(("01", "00", T), (result.Grant!.RequesterId, result.Grant.SupervisorId, result.Grant.TerminalId));
        Assert.True(await _f.Authorizer.TryConsumeAsync(result.Grant!, T, "01", Permission.Refund));
        Assert.False(await _f.Authorizer.TryConsumeAsync(result.Grant!, T, "01", Permission.Refund));
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.AuthorizationConsumed);
        Assert.Contains(_f.Auth.Audit.Events, e => e.Type == AuditEventType.AuthorizationDenied && e.Code == "already_used");
    }

    [Fact]
    public async Task Grant_IsOnlyForItsOperation_ItsTerminal_AndItsLifetime()
    {
        await _f.Auth.SeedAsync("00", SupervisorPin);
        AuthorizationGrant refund = (await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", SupervisorPin.AsMemory())).Grant!;
        AuthorizationGrant voidGrant = (await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Void, "00", SupervisorPin.AsMemory())).Grant!;

        Assert.False(await _f.Authorizer.TryConsumeAsync(refund, T, "01", Permission.Void));
        Assert.False(await _f.Authorizer.TryConsumeAsync(refund, "T0009", "01", Permission.Refund));
        _f.Auth.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.False(await _f.Authorizer.TryConsumeAsync(voidGrant, T, "01", Permission.Void));
        Assert.False(refund.IsConsumed);
    }

    [Fact]
    public async Task Grant_UsedConcurrently_IsConsumedExactlyOnce()
    {
        await _f.Auth.SeedAsync("00", SupervisorPin);
        AuthorizationGrant grant = (await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Void, "00", SupervisorPin.AsMemory())).Grant!;

        bool[] uses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await _f.Authorizer.TryConsumeAsync(grant, T, "01", Permission.Void))));

        Assert.Equal(1, uses.Count(u => u));
    }

    [Fact]
    public async Task Authorize_WithWrongPin_CountsAgainstTheSupervisorsLockout()
    {
        await _f.Auth.SeedAsync("00", SupervisorPin);

        AuthorizationResult first = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", "000111".AsMemory());
        await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", "000222".AsMemory());
        await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", "000333".AsMemory());
        AuthorizationResult locked = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "00", SupervisorPin.AsMemory());

        Assert.Equal(AuthorizationOutcome.AuthenticationFailed, first.Outcome);
        Assert.Equal(2, first.Authentication!.Value.RemainingAttempts);
        Assert.Equal(AuthorizationOutcome.AuthenticationFailed, locked.Outcome);
        Assert.Equal(AuthenticationOutcome.LockedOut, locked.Authentication!.Value.Outcome);
        Assert.Equal(AuthenticationOutcome.LockedOut, (await _f.Auth.SignInAsync("00", SupervisorPin)).Outcome);
    }

    [Fact]
    public async Task Authorize_ByAnotherOrdinaryOperator_IsInsufficientRole()
    {
        await _f.Auth.SeedAsync("02", "8306");

        AuthorizationResult result = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "02", "8306".AsMemory());

        Assert.Equal(AuthorizationOutcome.InsufficientRole, result.Outcome);
        Assert.Null(result.Grant);
    }

    [Fact]
    public async Task Authorize_ByAdministrator_IsInsufficientRole_BecauseTheAdministratorDoesNotTransact()
    {
        await _f.Auth.SeedAsync("99", "73914628");

        AuthorizationResult result = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Refund, "99", "73914628".AsMemory());

        Assert.Equal(AuthorizationOutcome.InsufficientRole, result.Outcome);
    }

    [Fact]
    public async Task Authorize_SaleForOperator_IsNotRequired_AndParametersAreNotAuthorizable()
    {
        AuthorizationResult sale = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.Sale, "00", SupervisorPin.AsMemory());
        AuthorizationResult parameters = await _f.Authorizer.AuthorizeAsync(T, "01", Permission.TerminalParameters, "00", SupervisorPin.AsMemory());

        Assert.Equal(AuthorizationOutcome.NotRequired, sale.Outcome);
        Assert.Equal(AuthorizationOutcome.NotAuthorizable, parameters.Outcome);
        Assert.Equal(0, _f.Auth.Hasher.KdfCalls);
    }

    [Fact]
    public void DefaultPermissionTable_FollowsUnionPayConventions()
    {
        IPermissionPolicy p = _f.Permissions;

        Assert.True(p.IsGranted(OperatorRole.Operator, Permission.Sale));
        Assert.False(p.IsGranted(OperatorRole.Operator, Permission.Refund));
        Assert.True(p.RequiresSupervisorAuthorization(OperatorRole.Operator, Permission.Refund));
        Assert.True(p.RequiresSupervisorAuthorization(OperatorRole.Operator, Permission.Void));
        Assert.True(p.IsGranted(OperatorRole.Supervisor, Permission.ManageOperators));
        Assert.True(p.IsGranted(OperatorRole.Administrator, Permission.TerminalParameters));
        Assert.True(p.IsGranted(OperatorRole.Administrator, Permission.ClearTransactionRecords));
        Assert.False(p.IsGranted(OperatorRole.Administrator, Permission.Sale));
        Assert.False(p.IsGranted(OperatorRole.Supervisor, Permission.Maintenance));
        Assert.True(p.CanManage(OperatorRole.Supervisor, OperatorRole.Operator));
        Assert.False(p.CanManage(OperatorRole.Operator, OperatorRole.Supervisor));
        Assert.False(p.CanManage(OperatorRole.Supervisor, OperatorRole.Supervisor));
    }

    [Fact]
    public void PermissionTable_CanBeChangedThroughOptions()
    {
        using var f = new CoreFixture(o => o.Grants[OperatorRole.Operator].Add(Permission.Refund));

        Assert.True(f.Permissions.IsGranted(OperatorRole.Operator, Permission.Refund));
        Assert.False(f.Permissions.RequiresSupervisorAuthorization(OperatorRole.Operator, Permission.Refund));
    }
}
