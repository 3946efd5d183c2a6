namespace PosAuth.Lockout.Tests.TestSupport;

/// <summary>Reads value tasks that must already have completed (the synchronous fast paths).</summary>
internal static class Sync
{
    public static T Completed<T>(ValueTask<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "expected a synchronously completed ValueTask");
        return task.Result;
    }

    /// <summary>Whether a charge completed synchronously and was rejected; no assertion, so it allocates nothing.</summary>
    public static bool RejectedSynchronously(ILockoutPolicy policy, LockoutSubject subject)
    {
        ValueTask<AttemptCharge> vt = policy.TryChargeAsync(subject, default);
        return vt.IsCompletedSuccessfully && !vt.Result.IsAllowed;
    }
}
