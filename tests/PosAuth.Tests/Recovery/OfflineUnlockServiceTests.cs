using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class OfflineUnlockServiceTests : IDisposable
{
    private const string Terminal = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<OfflineUnlockChallenge> IssueAsync(string target = "01")
    {
        RecoveryResult<OfflineUnlockChallenge> result = await _f.Unlock.IssueChallengeAsync(Terminal, target);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(string response, string target = "01") =>
        _f.Unlock.CompleteAsync(Terminal, target, response);

    private static string Wrong(string response) => ((long.Parse(response, System.Globalization.CultureInfo.InvariantCulture) + 1) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private ValueTask<LockoutStatus> UnlockFlowStatusAsync() =>
        _f.Auth.Lockout.GetStatusAsync(OfflineUnlockService.UnlockFlowSubject(Terminal, OperatorRole.Operator), CancellationToken.None);

    [Fact]
    public async Task IssueChallenge_ReturnsEightDigits_BoundToTerminalAndOperator_AndAudits()
    {
        await _f.SeedStandardAsync();

        OfflineUnlockChallenge challenge = await IssueAsync("00");

        Assert.Equal(8, challenge.Challenge.Length);
        Assert.True(challenge.Challenge.All(char.IsAsciiDigit));
        Assert.Equal((Terminal, "00"), (challenge.TerminalId, challenge.TargetOperatorId));
        Assert.Equal(_f.Time.GetUtcNow() + TimeSpan.FromMinutes(10), challenge.ExpiresAt);
        Assert.Equal($"POSAUTH-UNLOCK:1:{Terminal}:00:{challenge.Challenge}", challenge.ToQrPayload());
        AuditEvent issued = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.OfflineUnlockChallengeIssued);
        Assert.Equal(("00", "issued"), (issued.OperatorId, issued.Code));
    }

    [Fact]
    public async Task Complete_WithRightResponse_UnlocksTarget_InstallsOneTimePin_ThatMustBeChanged()
    {
        await _f.SeedStandardAsync();
        OperatorAccount before = await _f.AccountAsync("01");
        await _f.LockAsync("01");
        OfflineUnlockChallenge challenge = await IssueAsync();

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.True(result.Succeeded, result.ToString());
        using TemporaryPin pin = result.Value;
        string oneTime = new(pin.AsSpan());
        Assert.Equal(4, oneTime.Length);
        Assert.False((await _f.Auth.StatusAsync("01")).IsLocked);
        OperatorAccount after = await _f.AccountAsync("01");
        Assert.Equal((true, PinChangeReason.OfflineUnlock), (after.MustChangePin, after.MustChangePinReason));
        Assert.Equal(_f.Time.GetUtcNow() + TimeSpan.FromMinutes(10), after.PinExpiresAt);
        Assert.Equal(before.PinHash, after.PinHistory[0]);
        AuditEvent unlocked = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.OfflineUnlockSucceeded);
        Assert.Equal(("01", "unlocked", LockoutActor.SystemActorId), (unlocked.OperatorId, unlocked.Code, unlocked.ActorId));

        AuthenticationResult signIn = await _f.Auth.SignInAsync("01", oneTime);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, signIn.Outcome);
        Assert.Equal(PinChangeReason.OfflineUnlock, signIn.MustChangePinReason);
        Assert.True((await _f.Pins.ChangePinAsync(Terminal, "01", oneTime.AsMemory(), "4739".AsMemory())).Succeeded);
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", "4739")).Outcome);
    }

    [Fact]
    public async Task Complete_SameResponseTwice_IsAcceptedOnce_ThenReplayed()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        string response = _f.ResponseFor(challenge);

        RecoveryResult<TemporaryPin> first = await CompleteAsync(response);
        string hashAfterFirst = (await _f.AccountAsync("01")).PinHash;
        RecoveryResult<TemporaryPin> replay = await CompleteAsync(response);

        Assert.True(first.Succeeded);
        first.Value.Dispose();
        Assert.Equal(RecoveryErrorKind.UnlockResponseReplayed, replay.Error!.Kind);
        Assert.Equal("unlock_response_replayed", replay.Error.Code);
        Assert.Equal(hashAfterFirst, (await _f.AccountAsync("01")).PinHash);
        Assert.Equal(0, (await UnlockFlowStatusAsync()).FailureCount);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.OfflineUnlockFailed && e.Code == "unlock_response_replayed");
    }

    [Fact]
    public async Task Complete_ConcurrentRightResponses_OnlyOneWins()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        string response = _f.ResponseFor(challenge);

        RecoveryResult<TemporaryPin>[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await CompleteAsync(response))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(RecoveryErrorKind.UnlockResponseReplayed, r.Error!.Kind));
    }

    [Fact]
    public async Task Complete_JustBeforeExpiry_IsAccepted()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        _f.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Complete_AfterExpiry_ReturnsExpired_WithoutCharging()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        _f.Time.Advance(TimeSpan.FromMinutes(10));

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));
        RecoveryResult<TemporaryPin> again = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnlockChallengeExpired, result.Error!.Kind);
        Assert.Equal(RecoveryErrorKind.NoPendingUnlockChallenge, again.Error!.Kind);
        Assert.Equal(0, (await UnlockFlowStatusAsync()).FailureCount);
    }

    [Fact]
    public async Task Complete_ConfiguredLifetime_IsHonoured()
    {
        using var f = new RecoveryFixture(recovery: o => o.UnlockChallengeLifetime = TimeSpan.FromMinutes(2));
        await f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await f.Unlock.IssueChallengeAsync(Terminal, "01")).Value!;
        f.Time.Advance(TimeSpan.FromMinutes(2));

        RecoveryResult<TemporaryPin> result = await f.Unlock.CompleteAsync(Terminal, "01", f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnlockChallengeExpired, result.Error!.Kind);
    }

    [Fact]
    public async Task Complete_WallClockSetBack_FailsClosedAsExpired()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        _f.Time.JumpWallClock(TimeSpan.FromHours(-1));

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnlockChallengeExpired, result.Error!.Kind);
    }

    [Fact]
    public async Task Complete_WrongResponses_CountTowardTheUnlockFlowsOwnLockout_ThenLockIt()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        string right = _f.ResponseFor(challenge);

        RecoveryResult<TemporaryPin> first = await CompleteAsync(Wrong(right));
        RecoveryResult<TemporaryPin> second = await CompleteAsync(Wrong(Wrong(right)));
        RecoveryResult<TemporaryPin> third = await CompleteAsync(Wrong(Wrong(Wrong(right))));
        RecoveryResult<TemporaryPin> afterLock = await CompleteAsync(right);
        RecoveryResult<OfflineUnlockChallenge> newChallenge = await _f.Unlock.IssueChallengeAsync(Terminal, "01");

        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, first.Error!.Kind);
        Assert.Equal([2, 1, 0], new[] { first, second, third }.Select(r => r.Error!.RemainingAttempts!.Value));
        Assert.NotNull(third.Error!.LockedUntil);
        Assert.True((await UnlockFlowStatusAsync()).IsLocked);
        Assert.Equal(RecoveryErrorKind.NoPendingUnlockChallenge, afterLock.Error!.Kind); // the challenge died with the lock
        Assert.Equal(RecoveryErrorKind.UnlockFlowLocked, newChallenge.Error!.Kind);
        Assert.Equal("unlock_flow_locked", newChallenge.Error.Code);
        Assert.NotNull(newChallenge.Error.LockedUntil);
        Assert.Equal(0, (await _f.Auth.StatusAsync("01")).FailureCount); // the operator's own counter is untouched
        Assert.Equal(3, _f.AuditEvents.Count(e => e.Type == AuditEventType.OfflineUnlockFailed && e.Code == "wrong_unlock_response"));

        _f.Time.Advance(third.Error.LockedUntil!.Value - _f.Time.GetUtcNow());
        OfflineUnlockChallenge fresh = await IssueAsync();
        Assert.True((await CompleteAsync(_f.ResponseFor(fresh))).Succeeded);
    }

    [Fact]
    public async Task Complete_WhenUnlockFlowLocked_ReturnsLocked_WithoutVerifying()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        LockoutSubject subject = OfflineUnlockService.UnlockFlowSubject(Terminal, OperatorRole.Operator);
        for (int i = 0; i < 3; i++)
        {
            await _f.Auth.Lockout.RegisterFailureAsync(await _f.Auth.Lockout.TryChargeAsync(subject, CancellationToken.None), CancellationToken.None);
        }

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnlockFlowLocked, result.Error!.Kind);
        Assert.Equal(0, result.Error.RemainingAttempts);
        Assert.False((await _f.AccountAsync("01")).MustChangePin);
    }

    [Fact]
    public async Task Complete_ResponseComputedForAnotherOperatorOrTerminal_IsWrong()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync("01");
        string forOperator02 = OfflineUnlockCalculator.ComputeResponseFromMaster(RecoveryFixture.MasterKey, RecoveryFixture.Serial, Terminal, "02", challenge.Challenge);
        string forTerminal2 = OfflineUnlockCalculator.ComputeResponseFromMaster(RecoveryFixture.MasterKey, RecoveryFixture.Serial, "T0002", "01", challenge.Challenge);
        string otherSerial = OfflineUnlockCalculator.ComputeResponseFromMaster(RecoveryFixture.MasterKey, "SN-0002", Terminal, "01", challenge.Challenge);

        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, (await CompleteAsync(forOperator02)).Error!.Kind);
        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, (await CompleteAsync(forTerminal2)).Error!.Kind);
        Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, (await CompleteAsync(otherSerial)).Error!.Kind);
    }

    [Fact]
    public async Task Complete_WithoutChallenge_OrForAnotherOperator_ReturnsNoPendingChallenge()
    {
        await _f.SeedStandardAsync();

        RecoveryResult<TemporaryPin> none = await CompleteAsync("12345678");
        OfflineUnlockChallenge challenge = await IssueAsync("01");
        RecoveryResult<TemporaryPin> otherTarget = await CompleteAsync(_f.ResponseFor(challenge), target: "02");

        Assert.Equal(RecoveryErrorKind.NoPendingUnlockChallenge, none.Error!.Kind);
        Assert.Equal(RecoveryErrorKind.NoPendingUnlockChallenge, otherTarget.Error!.Kind);
        Assert.Equal(0, (await UnlockFlowStatusAsync()).FailureCount);
    }

    [Fact]
    public async Task IssueChallenge_AfterTheOutstandingOneExpired_IssuesAFreshOne_AndTheOldAnswerIsWrong()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge old = await IssueAsync();
        _f.Time.Advance(_f.RecoveryOptions.UnlockChallengeLifetime);
        OfflineUnlockChallenge current = await IssueAsync();

        Assert.NotSame(old, current);
        Assert.Equal(_f.Time.GetUtcNow() + _f.RecoveryOptions.UnlockChallengeLifetime, current.ExpiresAt);
        if (current.Challenge != old.Challenge)
        {
            Assert.Equal(RecoveryErrorKind.WrongUnlockResponse, (await CompleteAsync(_f.ResponseFor(old))).Error!.Kind);
        }

        Assert.True((await CompleteAsync(_f.ResponseFor(current))).Succeeded);
    }

    [Fact]
    public async Task Restart_InvalidatesOutstandingChallenges()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        var restarted = new OfflineUnlockService(
            _f.Operators, _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, new OfflineUnlockKeyProvider(_f.TerminalKey), _f.Sinks, _f.Time,
            Options.Create(_f.RecoveryOptions), Options.Create(_f.PinPolicyOptions), Options.Create(new AuthenticationOptions()));

        RecoveryResult<TemporaryPin> result = await restarted.CompleteAsync(Terminal, "01", _f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.NoPendingUnlockChallenge, result.Error!.Kind);
    }

    [Theory]
    [InlineData("8826 2185")]
    [InlineData("8826-2185")]
    [InlineData("８８２６２１８５")]
    public async Task Complete_ToleratesSpacesDashesAndFullWidthDigits(string typedForm)
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        string right = _f.ResponseFor(challenge);
        string typed = typedForm.Contains('８', StringComparison.Ordinal)
            ? new string([.. right.Select(c => (char)(c - '0' + '０'))])
            : right[..4] + typedForm[4] + right[4..];

        RecoveryResult<TemporaryPin> result = await CompleteAsync(typed);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234abcd")]
    [InlineData("")]
    public async Task Complete_MalformedResponse_ReturnsInvalidInput_WithoutCharging(string response)
    {
        await _f.SeedStandardAsync();
        await IssueAsync();

        RecoveryResult<TemporaryPin> result = await CompleteAsync(response);

        Assert.Equal(RecoveryErrorKind.InvalidInput, result.Error!.Kind);
        Assert.Equal(0, (await UnlockFlowStatusAsync()).FailureCount);
    }

    [Fact]
    public async Task IssueChallenge_MalformedIds_ReturnInvalidInput()
    {
        Assert.Equal(RecoveryErrorKind.InvalidInput, (await _f.Unlock.IssueChallengeAsync("T:1", "01")).Error!.Kind);
        Assert.Equal(RecoveryErrorKind.InvalidInput, (await _f.Unlock.IssueChallengeAsync(Terminal, "")).Error!.Kind);
    }

    [Fact]
    public async Task WithoutATerminalKey_ReturnsNotConfigured()
    {
        using var f = new RecoveryFixture(provisionUnlockKey: false);
        await f.SeedStandardAsync();

        RecoveryResult<OfflineUnlockChallenge> result = await f.Unlock.IssueChallengeAsync(Terminal, "01");

        Assert.Equal(RecoveryErrorKind.OfflineUnlockNotConfigured, result.Error!.Kind);
        Assert.Equal("offline_unlock_not_configured", result.Error.Code);
    }

    [Fact]
    public async Task Complete_WhenTargetWasDeleted_ReturnsUnknownOperator()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        await _f.Operators.DeleteAsync("01");

        RecoveryResult<TemporaryPin> result = await CompleteAsync(_f.ResponseFor(challenge));

        Assert.Equal(RecoveryErrorKind.UnknownOperator, result.Error!.Kind);
    }

    [Fact]
    public async Task OneTimePin_ExpiresAfterOfflineUnlockPinLifetime()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = await IssueAsync();
        using TemporaryPin pin = (await CompleteAsync(_f.ResponseFor(challenge))).Value!;

        _f.Time.Advance(_f.RecoveryOptions.OfflineUnlockPinLifetime);

        Assert.Equal(AuthenticationOutcome.PinExpired, (await _f.Auth.SignInAsync("01", new string(pin.AsSpan()))).Outcome);
    }

    [Fact]
    public void UnlockFlowSubjects_AreNotWellFormedOperatorNumbers_SoTheyNeverCollideWithAnOperator()
    {
        LockoutSubject[] subjects =
        [
            .. Enum.GetValues<OperatorRole>().Select(r => OfflineUnlockService.UnlockFlowSubject(Terminal, r)),
            OfflineUnlockService.ChallengeIssueSubject(Terminal),
        ];

        Assert.All(subjects, s => Assert.False(OperatorIds.IsWellFormed(s.OperatorId)));
        Assert.All(subjects, s => Assert.Equal(Terminal, s.TerminalId));
        Assert.Equal(subjects.Length, subjects.Select(s => s.OperatorId).Distinct().Count());
        Assert.All(Enum.GetValues<OperatorRole>(), r => Assert.Equal(r, OfflineUnlockService.UnlockFlowSubject(Terminal, r).Role));
        Assert.Equal(OperatorRole.Administrator, OfflineUnlockService.ChallengeIssueSubject(Terminal).Role); // only ever slowed
    }
}
