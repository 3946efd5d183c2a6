using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyUnlockTests
{
    private static readonly LockoutActor SupervisorActor = new("00", OperatorRole.Supervisor);
    private static readonly LockoutActor AdministratorActor = new("99", OperatorRole.Administrator);
    private static readonly LockoutActor OperatorActor = new("02", OperatorRole.Operator);

    private static async Task<PolicyHarness> LockedAsync(LockoutSubject subject)
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);
        Assert.True((await h.FailTimesAsync(subject, 5)).IsLocked);
        return h;
    }

    [Fact]
    public async Task Unlock_BySupervisor_UnlocksOperator()
    {
        PolicyHarness h = await LockedAsync(Operator01);

        LockoutUnlockResult result = await h.Policy.UnlockAsync(Operator01, SupervisorActor, default);
        LockoutStatus status = result.Status;

        Assert.True(result.Succeeded);
        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(5, status.RemainingAttempts);
        Assert.True((await h.FailAsync(Operator01)).Verified);
    }

    public static TheoryData<string, OperatorRole> DeniedCases() => new()
    {
        { "02", OperatorRole.Operator },   // operator unlocking an operator
        { "00", OperatorRole.Supervisor }, // supervisor unlocking the supervisor
    };

    [Theory]
    [MemberData(nameof(DeniedCases))]
    public async Task Unlock_ByActorNotOutrankingSubject_IsRefusedAndStaysLocked(string actorId, OperatorRole actorRole)
    {
        LockoutSubject subject = actorRole == OperatorRole.Operator ? Operator01 : Supervisor;
        PolicyHarness h = await LockedAsync(subject);

        LockoutUnlockResult result = await h.Policy.UnlockAsync(subject, new LockoutActor(actorId, actorRole), default);

        Assert.False(result.Succeeded);
        Assert.Equal(LockoutErrorKind.InsufficientRole, result.Error.Kind);
        Assert.Equal("insufficient_role", result.Error.Code);
        Assert.Equal(LockoutState.LockedPermanently, result.Status.State); // the status as it stays
        Assert.True((await h.Policy.GetStatusAsync(subject, default)).IsLocked);
    }

    [Fact]
    public void LockoutError_HasAStableCode_AndAChineseAndEnglishDescription()
    {
        LockoutError error = LockoutError.Create(LockoutErrorKind.InsufficientRole);

        Assert.Equal("insufficient_role", error.Code);
        Assert.Equal("权限不足，不能解锁", error.GetDescription(new System.Globalization.CultureInfo("zh-CN")));
        Assert.Equal("Only a higher role, the administrator or the system may unlock this operator.", error.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => LockoutError.Create((LockoutErrorKind)99));
    }

    [Fact]
    public async Task Unlock_OfAdministrator_BySupervisorIsDeniedByAdministratorOrSystemAllowed()
    {
        var h = new PolicyHarness();
        await h.FailTimesAsync(Administrator, 5);

        Assert.Equal(LockoutErrorKind.InsufficientRole, (await h.Policy.UnlockAsync(Administrator, SupervisorActor, default)).Error?.Kind);
        Assert.True((await h.Policy.GetStatusAsync(Administrator, default)).IsLocked);
        Assert.False((await h.Policy.UnlockAsync(Administrator, AdministratorActor, default)).Status.IsLocked);
        await h.FailTimesAsync(Administrator, 5);
        Assert.False((await h.Policy.UnlockAsync(Administrator, LockoutActor.System, default)).Status.IsLocked);
    }

    [Fact]
    public void LockoutActor_System_MayUnlockEveryRole()
    {
        Assert.True(LockoutActor.System.IsSystem);
        Assert.False(AdministratorActor.IsSystem);
        Assert.All(Enum.GetValues<OperatorRole>(), r => Assert.True(LockoutActor.System.MayUnlock(r)));
        Assert.False(OperatorActor.MayUnlock(OperatorRole.Operator));
        Assert.True(SupervisorActor.MayUnlock(OperatorRole.Operator));
    }

    [Fact]
    public async Task ResetAll_BySystem_ClearsEveryLockAndThrottle_ByOperatorIsAProgrammingError()
    {
        PolicyHarness h = await LockedAsync(Operator01);
        await h.FailTimesAsync(Supervisor, 5);

        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Policy.ResetAllAsync(OperatorActor, default));
        Assert.True((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);
        await h.Policy.ResetAllAsync(LockoutActor.System, default);

        Assert.Equal(0, h.Store.Count);
        Assert.False((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);
        Assert.False((await h.Policy.GetStatusAsync(Supervisor, default)).IsLocked);
    }
}
