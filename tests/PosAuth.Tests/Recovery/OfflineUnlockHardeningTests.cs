using PosAuth.Lockout;
using PosAuth.OfflineUnlock;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

/// <summary>
/// What an attacker at the terminal tries against the offline unlock: replaying a spent response when the same
/// challenge digits come round again, issuing challenges without limit, replacing the challenge someone is reading
/// over the phone, finding out which operators exist, and bricking the unlock flow with a permanent lock.
/// </summary>
public sealed class OfflineUnlockHardeningTests : IDisposable
{
    private const string T = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Wrong(string response) => ((long.Parse(response, System.Globalization.CultureInfo.InvariantCulture) + 1) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A digit source that hands out the given challenges in order, then keeps repeating the last.</summary>
    private static Func<int, string> Sequence(params string[] challenges)
    {
        int next = 0;
        return _ => challenges[Math.Min(Interlocked.Increment(ref next) - 1, challenges.Length - 1)];
    }

    private async Task SeedOperatorsAsync(params string[] ids)
    {
        foreach (string id in ids)
        {
            await _f.Auth.SeedAsync(id, "8" + id + "7");
        }
    }

    [Fact]
    public async Task SpentResponse_IsRefused_WhenTheSameChallengeDigitsAreIssuedAgain()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockService unlock = _f.NewUnlockService(Sequence("12345678", "12345678", "87654321"));
        OfflineUnlockChallenge first = (await unlock.IssueChallengeAsync(T, "01")).Value!;
        string response = _f.ResponseFor(first);
        (await unlock.CompleteAsync(T, "01", response)).Value!.Dispose();
        string hashAfterUnlock = (await _f.AccountAsync("01")).PinHash;

        RecoveryResult<OfflineUnlockChallenge> second = await unlock.IssueChallengeAsync(T, "01");
        RecoveryResult<TemporaryPin> replay = await unlock.CompleteAsync(T, "01", response);

        Assert.True(second.Succeeded, second.ToString());
        Assert.NotEqual(first.Challenge, second.Value.Challenge);
        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, replay.Error!.Kind); // the old answer is wrong for the new challenge
        Assert.Equal(hashAfterUnlock, (await _f.AccountAsync("01")).PinHash);
    }

    [Fact]
    public async Task SpentResponse_IsRefused_WhenTheSameChallengeDigitsAreIssuedAgain_AfterTheOneTimePinWasChanged()
    {
        // The same attack one step later: the operator already replaced the one-time PIN; a replay must not reset it again.
        await _f.SeedStandardAsync();
        OfflineUnlockService unlock = _f.NewUnlockService(Sequence("12345678", "12345678", "12345678", "55555555"));
        OfflineUnlockChallenge first = (await unlock.IssueChallengeAsync(T, "01")).Value!;
        string response = _f.ResponseFor(first);
        using (TemporaryPin oneTime = (await unlock.CompleteAsync(T, "01", response)).Value!)
        {
            Assert.True((await _f.Pins.ChangePinAsync(T, "01", new string(oneTime.AsSpan()).AsMemory(), "4739".AsMemory())).Succeeded);
        }

        _f.Time.Advance(_f.RecoveryOptions.UnlockChallengeLifetime);
        OfflineUnlockChallenge second = (await unlock.IssueChallengeAsync(T, "01")).Value!;
        RecoveryResult<TemporaryPin> replay = await unlock.CompleteAsync(T, "01", response);

        Assert.Equal("55555555", second.Challenge);
        Assert.False(replay.Succeeded);
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", "4739")).Outcome);
    }

    [Fact]
    public async Task RightAnswer_RefundsTheIssueBudget()
    {
        await _f.SeedStandardAsync();
        await SeedOperatorsAsync("03", "04");
        OfflineUnlockChallenge for01 = (await _f.Unlock.IssueChallengeAsync(T, "01")).Value!;
        Assert.True((await _f.Unlock.IssueChallengeAsync(T, "02")).Succeeded);
        (await _f.Unlock.CompleteAsync(T, "01", _f.ResponseFor(for01))).Value!.Dispose();

        LockoutStatus issue = await _f.Auth.Lockout.GetStatusAsync(OfflineUnlockService.ChallengeIssueSubject(T), CancellationToken.None);

        Assert.Equal(0, issue.FailureCount);
        Assert.True((await _f.Unlock.IssueChallengeAsync(T, "03")).Succeeded);
        Assert.True((await _f.Unlock.IssueChallengeAsync(T, "04")).Succeeded);
    }

    [Fact]
    public async Task AskingAgainForAPendingChallenge_IsNeverCharged()
    {
        await _f.SeedStandardAsync();

        for (int i = 0; i < 20; i++)
        {
            Assert.True((await _f.Unlock.IssueChallengeAsync(T, "01")).Succeeded);
        }

        Assert.Equal(1, (await _f.Auth.Lockout.GetStatusAsync(OfflineUnlockService.ChallengeIssueSubject(T), CancellationToken.None)).FailureCount);
        Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.OfflineUnlockChallengeIssued);
    }

    [Fact]
    public async Task PendingChallenge_WallClockSetBackAfterItsLifetime_DoesNotReviveIt()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await _f.Unlock.IssueChallengeAsync(T, "01")).Value!;
        _f.Time.Advance(_f.RecoveryOptions.UnlockChallengeLifetime + TimeSpan.FromMinutes(1));
        _f.Time.JumpWallClock(-(_f.RecoveryOptions.UnlockChallengeLifetime));   // back inside the wall-clock window

        RecoveryResult<TemporaryPin> result = await _f.Unlock.CompleteAsync(T, "01", _f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnlockChallengeExpired, result.Error!.Kind);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneOperator_YieldOneChallenge()
    {
        await _f.SeedStandardAsync();

        RecoveryResult<OfflineUnlockChallenge>[] results = await Task.WhenAll(
            Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await _f.Unlock.IssueChallengeAsync(T, "01"))));

        Assert.Single(results.Where(r => r.Succeeded).Select(r => r.Value!.Challenge).Distinct());
    }

    [Fact]
    public async Task IssueChallenge_ForSameOperatorAgain_ReturnsTheSameChallenge()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockService unlock = _f.NewUnlockService(Sequence("11111111", "22222222"));

        OfflineUnlockChallenge first = (await unlock.IssueChallengeAsync(T, "01")).Value!;
        _f.Time.Advance(TimeSpan.FromMinutes(3));
        OfflineUnlockChallenge again = (await unlock.IssueChallengeAsync(T, "01")).Value!;

        Assert.Equal((first.Challenge, first.ExpiresAt), (again.Challenge, again.ExpiresAt));
        Assert.True((await unlock.CompleteAsync(T, "01", _f.ResponseFor(first))).Succeeded);
    }

    [Fact]
    public async Task IssueChallenge_ForAnotherOperator_LeavesTheFirstChallengePending()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge for01 = (await _f.Unlock.IssueChallengeAsync(T, "01")).Value!;
        OfflineUnlockChallenge for02 = (await _f.Unlock.IssueChallengeAsync(T, "02")).Value!;

        RecoveryResult<TemporaryPin> answered01 = await _f.Unlock.CompleteAsync(T, "01", _f.ResponseFor(for01));
        RecoveryResult<TemporaryPin> answered02 = await _f.Unlock.CompleteAsync(T, "02", _f.ResponseFor(for02));

        Assert.True(answered01.Succeeded, answered01.ToString());
        Assert.True(answered02.Succeeded, answered02.ToString());
    }

    [Fact]
    public async Task IssueChallenge_FreshChallengesAreRateLimitedThroughTheLockoutPolicy()
    {
        await _f.SeedStandardAsync();
        await SeedOperatorsAsync("03", "04", "06", "07", "08", "09");

        var results = new List<RecoveryResult<OfflineUnlockChallenge>>();
        foreach (string id in new[] { "01", "02", "03", "04", "06", "07", "08", "09" })
        {
            results.Add(await _f.Unlock.IssueChallengeAsync(T, id));
        }

        RecoveryResult<OfflineUnlockChallenge> refused = Assert.Single(results.Where(r => !r.Succeeded).Take(1));
        Assert.Equal(RecoveryErrorKind.UnlockChallengeRateLimited, refused.Error!.Kind);
        Assert.NotNull(refused.Error.LockedUntil);
        Assert.Equal(3, results.TakeWhile(r => r.Succeeded).Count()); // MaxFailures of the fixture's lockout
    }

    [Fact]
    public async Task IssueChallenge_RateLimit_SurvivesARestart()
    {
        await _f.SeedStandardAsync();
        await SeedOperatorsAsync("03", "04");
        foreach (string id in new[] { "01", "02", "03" })
        {
            Assert.True((await _f.Unlock.IssueChallengeAsync(T, id)).Succeeded);
        }

        OfflineUnlockService restarted = _f.NewUnlockService();
        RecoveryResult<OfflineUnlockChallenge> afterRestart = await restarted.IssueChallengeAsync(T, "04");

        Assert.Equal(RecoveryErrorKind.UnlockChallengeRateLimited, afterRestart.Error!.Kind);
        Assert.NotNull(afterRestart.Error.LockedUntil);
    }

    [Fact]
    public async Task IssueChallenge_UnknownOperator_GetsAChallenge_ThatBehavesLikeAKnownOperatorsOne()
    {
        await _f.SeedStandardAsync();
        const string Unknown = "ZZ9";

        RecoveryResult<OfflineUnlockChallenge> unknown = await _f.Unlock.IssueChallengeAsync(T, Unknown);
        RecoveryResult<OfflineUnlockChallenge> known = await _f.Unlock.IssueChallengeAsync("T0002", "02");

        Assert.True(unknown.Succeeded, unknown.ToString());
        Assert.Equal(known.Value!.Challenge.Length, unknown.Value.Challenge.Length);
        Assert.Equal(known.Value.ExpiresAt - known.Value.IssuedAt, unknown.Value.ExpiresAt - unknown.Value.IssuedAt);

        RecoveryResult<TemporaryPin> wrongUnknown = await _f.Unlock.CompleteAsync(T, Unknown, Wrong(_f.ResponseFor(unknown.Value)));
        RecoveryResult<TemporaryPin> wrongKnown = await _f.Unlock.CompleteAsync("T0002", "02", Wrong(_f.ResponseFor(known.Value)));
        Assert.Equal(wrongKnown.Error!.ToString(), wrongUnknown.Error!.ToString());
        Assert.Equal(wrongKnown.Error.RemainingAttempts, wrongUnknown.Error.RemainingAttempts);

        // The unknown id is never written anywhere.
        Assert.DoesNotContain(_f.AuditEvents, e => (e.OperatorId + "|" + e.ActorId + "|" + e.Detail).Contains(Unknown, StringComparison.Ordinal));
        Assert.NotEmpty(_f.Auth.LogTexts);
        Assert.DoesNotContain(_f.Auth.LogTexts, m => m.Contains(Unknown, StringComparison.Ordinal));
        Assert.DoesNotContain(_f.Auth.MetricTagTexts, t => t.Contains(Unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PermanentMode_WrongResponsesForTheAdministrator_OnlySlowTheUnlockFlow()
    {
        using var f = new RecoveryFixture(lockout: o => o.Mode = LockoutMode.Permanent);
        await f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await f.Unlock.IssueChallengeAsync(T, "99")).Value!;
        string right = f.ResponseFor(challenge);

        RecoveryResult<TemporaryPin> last = null!;
        foreach (string wrong in new[] { Wrong(right), Wrong(Wrong(right)), Wrong(Wrong(Wrong(right))) })
        {
            last = await f.Unlock.CompleteAsync(T, "99", wrong);
        }

        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, last.Error!.Kind);
        Assert.False(last.Error.IsPermanentlyLocked);
        Assert.NotNull(last.Error.LockedUntil);

        f.Time.Advance(last.Error.LockedUntil!.Value - f.Time.GetUtcNow());
        OfflineUnlockChallenge fresh = (await f.Unlock.IssueChallengeAsync(T, "99")).Value!;
        RecoveryResult<TemporaryPin> unlocked = await f.Unlock.CompleteAsync(T, "99", f.ResponseFor(fresh));
        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
    }

    [Fact]
    public async Task PermanentMode_ALockedUnlockFlowForAnOperator_IsLiftedByTheSupervisor()
    {
        using var f = new RecoveryFixture(lockout: o => o.Mode = LockoutMode.Permanent);
        await f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await f.Unlock.IssueChallengeAsync(T, "01")).Value!;
        string right = f.ResponseFor(challenge);
        RecoveryResult<TemporaryPin> last = null!;
        foreach (string wrong in new[] { Wrong(right), Wrong(Wrong(right)), Wrong(Wrong(Wrong(right))) })
        {
            last = await f.Unlock.CompleteAsync(T, "01", wrong);
        }

        Assert.True(last.Error!.IsPermanentlyLocked);
        var manager = new OperatorManager(f.Operators, f.Auth.Hasher, f.PinPolicy, f.Auth.Lockout, new PermissionPolicy(new PermissionOptions()), f.Sinks, f.Time);
        OperatorActor supervisor = OperatorActor.From(await f.Auth.SignInAsync("00", RecoveryFixture.Pin00));

        OperatorManagementResult<LockoutStatus> lifted = await manager.UnlockAsync(supervisor, T, "01");
        Assert.True(lifted.Succeeded, lifted.ToString());

        RecoveryResult<OfflineUnlockChallenge> fresh = await f.Unlock.IssueChallengeAsync(T, "01");
        Assert.True(fresh.Succeeded, fresh.ToString());
        RecoveryResult<TemporaryPin> unlocked = await f.Unlock.CompleteAsync(T, "01", f.ResponseFor(fresh.Value));
        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
    }
}
