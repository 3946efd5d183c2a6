using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Operators;

/// <summary>
/// An <see cref="OperatorActor"/> is a plain value anyone can build; the manager must re-read the actor's account
/// and check the permission table on every action, so a made-up, stale or must-change actor changes nothing.
/// </summary>
public sealed class OperatorManagerActorTests : IDisposable
{
    private const string T = AuthenticatorFixture.Terminal;
    private readonly CoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static async Task AssertCreateRefusedAsync(CoreFixture f, OperatorActor actor, OperatorManagementErrorKind expected)
    {
        OperatorManagementResult<OperatorAccount> result = await f.Manager.CreateAsync(actor, T, "07", OperatorRole.Operator, "8306".AsMemory());

        Assert.Equal(expected, result.Error?.Kind);
        Assert.Null(await f.Auth.Operators.FindAsync("07"));
        Assert.Contains(f.Auth.Audit.Events, e => e.Type == PosAuth.AuditEventType.ManagementDenied && e.Code == result.Error?.Code);
    }

    [Fact]
    public async Task Create_ByAHandBuiltActorClaimingAHigherRoleThanStored_IsRefused()
    {
        await _f.Auth.SeedAsync("01", "8253");

        await AssertCreateRefusedAsync(_f, new OperatorActor("01", OperatorRole.Supervisor), OperatorManagementErrorKind.ActorNotAllowed);
    }

    [Fact]
    public async Task Create_ByAnActorWithNoAccount_IsRefused()
    {
        await AssertCreateRefusedAsync(_f, new OperatorActor("00", OperatorRole.Supervisor), OperatorManagementErrorKind.ActorNotAllowed);
        Assert.DoesNotContain(_f.Auth.Audit.Events, e => e.ActorId == "00"); // an actor with no account is not named
    }

    [Fact]
    public async Task Create_ByADisabledSupervisor_IsRefused()
    {
        await _f.Auth.SeedAsync("00", "739146", adjust: a => a with { IsDisabled = true });

        await AssertCreateRefusedAsync(_f, new OperatorActor("00", OperatorRole.Supervisor), OperatorManagementErrorKind.ActorNotAllowed);
    }

    [Fact]
    public async Task Create_ByASupervisorStillOnTheFactoryPin_IsRefused()
    {
        await _f.Auth.SeedAsync("00", "123456", adjust: a => a with { MustChangePin = true, MustChangePinReason = PinChangeReason.FactoryDefault });

        await AssertCreateRefusedAsync(_f, new OperatorActor("00", OperatorRole.Supervisor), OperatorManagementErrorKind.PinChangeRequired);
    }

    [Fact]
    public async Task Create_WhenThePermissionTableDeniesManageOperators_IsRefused()
    {
        using var f = new CoreFixture(o => o.Grants[OperatorRole.Supervisor].Remove(Permission.ManageOperators));
        await f.Auth.SeedAsync("00", "739146");

        await AssertCreateRefusedAsync(f, new OperatorActor("00", OperatorRole.Supervisor), OperatorManagementErrorKind.InsufficientRole);
    }

    [Fact]
    public async Task Unlock_ByASupervisorDisabledAfterSigningIn_IsRefused_AndTheLockHolds()
    {
        await _f.Auth.SeedAsync("00", "739146");
        await _f.Auth.SeedAsync("01", "8253");
        OperatorActor actor = OperatorActor.From(await _f.Auth.SignInAsync("00", "739146"));
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.SignInAsync("01", "0101");
        }

        OperatorAccount supervisor = (await _f.Auth.Operators.FindAsync("00"))!;
        Assert.True(await _f.Auth.Operators.TryUpdateAsync(supervisor with { IsDisabled = true }, supervisor.Version));

        OperatorManagementResult<PosAuth.Lockout.LockoutStatus> result = await _f.Manager.UnlockAsync(actor, T, "01");

        Assert.Equal(OperatorManagementErrorKind.ActorNotAllowed, result.Error?.Kind);
        Assert.True((await _f.Auth.StatusAsync("01")).IsLocked);
    }
}
