using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authentication;

public sealed class OperatorAuthenticatorTests : IDisposable
{
    private const string Pin = "739146";
    private readonly AuthenticatorFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Authenticate_WithRightPin_Succeeds_AndReportsRole()
    {
        await _f.SeedAsync("01", Pin);

        AuthenticationResult result = await _f.SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.Succeeded, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Equal(OperatorRole.Operator, result.Role);
        Assert.Equal("succeeded", result.Code);
        Assert.Equal(3, result.RemainingAttempts);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.SignInSucceeded && e.OperatorId == "01");
    }

    [Fact]
    public async Task Authenticate_WithWrongPin_CountsDownRemainingAttempts_ThenLocks()
    {
        await _f.SeedAsync("01", Pin);

        AuthenticationResult first = await _f.SignInAsync("01", "111111");
        AuthenticationResult second = await _f.SignInAsync("01", "222222");
        AuthenticationResult third = await _f.SignInAsync("01", "333333");
        AuthenticationResult fourth = await _f.SignInAsync("01", Pin);

        Assert.Equal((AuthenticationOutcome.WrongPin, 2), (first.Outcome, first.RemainingAttempts));
        Assert.Equal((AuthenticationOutcome.WrongPin, 1), (second.Outcome, second.RemainingAttempts));
        // The attempt that locks reports the lock itself, so a UI switching on the outcome shows 已锁定 at once.
        Assert.Equal((AuthenticationOutcome.LockedOut, 0, true), (third.Outcome, third.RemainingAttempts, third.JustLocked));
        Assert.NotNull(third.LockedUntil);
        Assert.False(fourth.JustLocked);
        Assert.Equal(AuthenticationOutcome.LockedOut, fourth.Outcome);
        Assert.Equal(third.LockedUntil, fourth.LockedUntil);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.OperatorLocked);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.SignInRejectedLocked);
    }

    [Fact]
    public async Task Authenticate_WhenLocked_DoesNotRunKdf()
    {
        await _f.SeedAsync("01", Pin);
        for (int i = 0; i < 3; i++)
        {
            await _f.SignInAsync("01", "000001");
        }

        int kdfBefore = _f.Hasher.KdfCalls;
        AuthenticationResult locked = await _f.SignInAsync("01", Pin);
        AuthenticationResult lockedAgain = await _f.SignInAsync("01", "123987");

        Assert.Equal(AuthenticationOutcome.LockedOut, locked.Outcome);
        Assert.Equal(AuthenticationOutcome.LockedOut, lockedAgain.Outcome);
        Assert.Equal(kdfBefore, _f.Hasher.KdfCalls);
    }

    [Fact]
    public async Task Authenticate_UnknownOperator_IsIndistinguishableFromWrongPin()
    {
        await _f.SeedAsync("01", Pin);
        await _f.SignInAsync("05", "000000"); // warm the dummy hash

        for (int attempt = 0; attempt < 4; attempt++)
        {
            int kdfBeforeKnown = _f.Hasher.KdfCalls;
            AuthenticationResult known = await _f.SignInAsync("01", "102938", terminal: "T0002");
            int kdfKnown = _f.Hasher.KdfCalls - kdfBeforeKnown;

            int kdfBeforeUnknown = _f.Hasher.KdfCalls;
            AuthenticationResult unknown = await _f.SignInAsync("07", "102938", terminal: "T0002");
            int kdfUnknown = _f.Hasher.KdfCalls - kdfBeforeUnknown;

            Assert.Equal(known with { OperatorId = null }, unknown with { OperatorId = null });
            Assert.Equal(kdfKnown, kdfUnknown);
        }
    }

    [Fact]
    public async Task Authenticate_FirstUnknownOperator_CostsOneKdfLikeAWrongPin()
    {
        await _f.SeedAsync("01", Pin);

        await _f.SignInAsync("42", "246813");

        Assert.Equal(1, _f.Hasher.KdfCalls);
    }

    [Fact]
    public async Task Authenticate_WithMillionCharacterPin_IsRejectedWithoutKdfOrCharge()
    {
        await _f.SeedAsync("01", Pin);
        string huge = new('1', 1_000_000);

        AuthenticationResult result = await _f.SignInAsync("01", huge);

        Assert.Equal(AuthenticationOutcome.InvalidInput, result.Outcome);
        Assert.Equal(PinInputError.TooLong, result.InputError);
        Assert.Equal(0, _f.Hasher.KdfCalls);
        Assert.Equal(3, (await _f.StatusAsync("01")).RemainingAttempts);
    }

    [Theory]
    [InlineData("12a4", PinInputError.NonDigit)]
    [InlineData("", PinInputError.Empty)]
    [InlineData("12 34", PinInputError.NonDigit)]
    [InlineData("١٢٣٤", PinInputError.NonDigit)]
    public async Task Authenticate_WithMalformedPin_IsInvalidInput(string pin, PinInputError expected)
    {
        await _f.SeedAsync("01", Pin);

        AuthenticationResult result = await _f.SignInAsync("01", pin);

        Assert.Equal(AuthenticationOutcome.InvalidInput, result.Outcome);
        Assert.Equal(expected, result.InputError);
        Assert.Equal(0, _f.Hasher.KdfCalls);
    }

    [Theory]
    [InlineData("T0001", "")]
    [InlineData("T0001", "0 1")]
    [InlineData("", "01")]
    [InlineData("T-0001", "01")]
    public async Task Authenticate_WithMalformedIds_IsInvalidInput(string terminal, string operatorId)
    {
        AuthenticationResult result = await _f.Authenticator.AuthenticateAsync(terminal, operatorId, Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.InvalidInput, result.Outcome);
        Assert.Equal(0, _f.Hasher.KdfCalls);
    }

    [Fact]
    public async Task Authenticate_WithFullWidthDigits_SignsIn()
    {
        await _f.SeedAsync("01", Pin);

        AuthenticationResult result = await _f.SignInAsync("01", "７３９１４６");

        Assert.Equal(AuthenticationOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task Authenticate_ChargesAttemptBeforeVerifying()
    {
        await _f.SeedAsync("01", Pin);
        LockoutStatus? seenDuringVerify = null;
        _f.Hasher.OnVerify = () => seenDuringVerify = _f.StatusAsync("01").AsTask().GetAwaiter().GetResult();

        await _f.SignInAsync("01", "000111");

        Assert.NotNull(seenDuringVerify);
        Assert.Equal(1, seenDuringVerify!.Value.FailureCount);
    }

    [Fact]
    public async Task Authenticate_CrashDuringVerification_LeavesTheAttemptCounted()
    {
        await _f.SeedAsync("01", Pin);
        _f.Hasher.OnVerify = () => throw new IOException("power cut");

        await Assert.ThrowsAsync<IOException>(async () => await _f.SignInAsync("01", Pin));
        await Assert.ThrowsAsync<IOException>(async () => await _f.SignInAsync("01", Pin));
        await Assert.ThrowsAsync<IOException>(async () => await _f.SignInAsync("01", Pin));

        _f.Hasher.OnVerify = null;
        Assert.Equal(0, (await _f.StatusAsync("01")).RemainingAttempts);
        Assert.Equal(AuthenticationOutcome.LockedOut, (await _f.SignInAsync("01", Pin)).Outcome);
    }

    [Fact]
    public async Task Authenticate_ConcurrentWrongAttempts_NeverRunMoreVerificationsThanTheLimit()
    {
        await _f.SeedAsync("01", Pin);
        var gate = new TaskCompletionSource();
        Task<AuthenticationResult>[] tasks = [.. Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await _f.SignInAsync("01", "5" + i.ToString("00000", System.Globalization.CultureInfo.InvariantCulture));
        }))];
        gate.SetResult();
        AuthenticationResult[] results = await Task.WhenAll(tasks);

        Assert.Equal(3, _f.Hasher.VerifyCalls);
        // Exactly one attempt applied the lock; the two other verified guesses report a wrong PIN, or the lock if it
        // was already in place when they finished; every other attempt was refused without verification.
        Assert.Equal(1, results.Count(r => r.JustLocked));
        Assert.InRange(results.Count(r => r.Outcome == AuthenticationOutcome.WrongPin), 0, 2);
        Assert.Equal(40, results.Count(r => r.Outcome is AuthenticationOutcome.WrongPin or AuthenticationOutcome.LockedOut));
    }

    [Fact]
    public async Task Authenticate_RightPin_RefundsEarlierCharges()
    {
        await _f.SeedAsync("01", Pin);
        await _f.SignInAsync("01", "000111");
        await _f.SignInAsync("01", "000222");

        AuthenticationResult ok = await _f.SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.Succeeded, ok.Outcome);
        Assert.Equal(3, (await _f.StatusAsync("01")).RemainingAttempts);
    }

    [Theory]
    [InlineData("99", "12345678")]
    [InlineData("00", "123456")]
    [InlineData("01", "0000")]
    public async Task Authenticate_WithFactoryDefaultPin_AlwaysMustChange(string operatorId, string factoryPin)
    {
        await _f.SeedAsync(operatorId, factoryPin); // MustChangePin deliberately not set

        AuthenticationResult result = await _f.SignInAsync(operatorId, factoryPin);

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, result.Outcome);
        Assert.Equal(PinChangeReason.FactoryDefault, result.MustChangePinReason);
        Assert.True((await _f.Operators.FindAsync(operatorId))!.MustChangePin);
    }

    [Theory]
    [InlineData(PinChangeReason.TemporaryPin)]
    [InlineData(PinChangeReason.OfflineUnlock)]
    public async Task Authenticate_WithTemporaryPin_MustChange_AndTheTemporaryPinIsSingleUse(PinChangeReason kind)
    {
        DateTimeOffset issuedExpiry = _f.Time.GetUtcNow().AddMinutes(30);
        await _f.SeedAsync("01", "482913", adjust: a => a with { MustChangePin = true, MustChangePinReason = kind, PinExpiresAt = issuedExpiry });

        AuthenticationResult first = await _f.SignInAsync("01", "482913");
        _f.Time.Advance(TimeSpan.FromMinutes(6));
        AuthenticationResult reuse = await _f.SignInAsync("01", "482913");

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, first.Outcome);
        Assert.Equal(kind, first.MustChangePinReason);
        Assert.Equal(AuthenticationOutcome.PinExpired, reuse.Outcome);
        Assert.Null(reuse.Role);
    }

    [Fact]
    public async Task Authenticate_ExpiredPin_RevealsExpiryOnlyToTheRightPin()
    {
        await _f.SeedAsync("01", "482913", adjust: a => a with { MustChangePin = true, MustChangePinReason = PinChangeReason.TemporaryPin, PinExpiresAt = a.CreatedAt.AddMinutes(1) });
        _f.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(AuthenticationOutcome.WrongPin, (await _f.SignInAsync("01", "000999")).Outcome);
        Assert.Equal(AuthenticationOutcome.PinExpired, (await _f.SignInAsync("01", "482913")).Outcome);
    }

    [Fact]
    public async Task Authenticate_DisabledAccount_RevealsDisabledOnlyToTheRightPin()
    {
        await _f.SeedAsync("01", Pin, adjust: a => a with { IsDisabled = true });

        AuthenticationResult wrong = await _f.SignInAsync("01", "000999");
        AuthenticationResult right = await _f.SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.WrongPin, wrong.Outcome);
        Assert.Equal(AuthenticationOutcome.Disabled, right.Outcome);
        Assert.False(right.Succeeded);
        Assert.Null(right.Role);
    }

    [Fact]
    public async Task Authenticate_UnderParameterisedHash_IsRehashedOnSuccess()
    {
        using var strong = new AuthenticatorFixture(iterations: 2_000);
        var weakHasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 1_000, MinimumIterations = 1_000 });
        OperatorAccount before = await strong.SeedAsync("01", Pin, hasher: weakHasher);

        AuthenticationResult result = await strong.SignInAsync("01", Pin);

        OperatorAccount after = (await strong.Operators.FindAsync("01"))!;
        Assert.Equal(AuthenticationOutcome.Succeeded, result.Outcome);
        Assert.NotEqual(before.PinHash, after.PinHash);
        Assert.Equal(2_000, strong.Hasher.Inspect(after.PinHash).Iterations);
        Assert.Equal(PinVerificationResult.Success, strong.Hasher.Verify(after.PinHash, Pin));
        Assert.Contains(strong.Audit.Events, e => e.Type == AuditEventType.PinRehashed);
    }

    [Fact]
    public async Task Authenticate_CorruptStoredHash_IsAWrongPin_AndAudited()
    {
        await _f.SeedAsync("01", Pin, adjust: a => a with { PinHash = "$pbkdf2-sha512$i=1000$AAAA$BBBB" });

        AuthenticationResult result = await _f.SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.WrongPin, result.Outcome);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.CorruptPinHash && e.OperatorId == "01");
    }

    [Fact]
    public async Task Authenticate_NeverWritesThePinToLogsAuditResultsOrExceptions()
    {
        await _f.SeedAsync("01", Pin);
        var texts = new List<string>();

        texts.Add((await _f.SignInAsync("01", Pin)).ToString());
        texts.Add((await _f.SignInAsync("01", "740259")).ToString());
        texts.Add((await _f.SignInAsync("01", Pin + "x")).ToString());
        texts.Add((await _f.SignInAsync("02", Pin)).ToString());
        for (int i = 0; i < 4; i++)
        {
            texts.Add((await _f.SignInAsync("01", "740259")).ToString());
        }

        _f.Hasher.OnVerify = () => throw new IOException("device failure");
        _f.Time.Advance(TimeSpan.FromDays(1));
        Exception ex = await Assert.ThrowsAsync<IOException>(async () => await _f.SignInAsync("01", Pin));
        texts.Add(ex.ToString());
        texts.AddRange(_f.Audit.Events.Select(e => e.ToString()));
        texts.AddRange(_f.LogTexts);
        texts.AddRange(_f.MetricTagTexts);
        texts.Add((await _f.Operators.FindAsync("01"))!.ToString());

        Assert.NotEmpty(_f.LogTexts);
        Assert.NotEmpty(_f.MetricTagTexts);
        foreach (string text in texts)
        {
            Assert.DoesNotContain(Pin, text, StringComparison.Ordinal);
            Assert.DoesNotContain("740259", text, StringComparison.Ordinal);
            Assert.DoesNotContain("$pbkdf2", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Authenticate_RecordsMetricsByOutcome()
    {
        // The collector listens on this fixture's meter factory only: other test classes run in parallel and publish
        // on "PosAuth" too.
        await _f.SeedAsync("01", Pin);

        await _f.SignInAsync("01", Pin);
        await _f.SignInAsync("01", "000123");
        await _f.SignInAsync("01", "12x");

        IReadOnlyList<CollectedMeasurement<long>> measurements = _f.Authentications.GetMeasurementSnapshot();
        Assert.Equal(["succeeded", "wrong_pin", "invalid_input"], measurements.Select(m => (string)m.Tags["outcome"]!));
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
        Assert.Empty(_f.UnpublishedInstruments);
    }

    [Fact]
    public void Result_DescribesItsOutcome_InChineseAndEnglish_WithTheAttemptsLeft()
    {
        var zh = new System.Globalization.CultureInfo("zh-CN");
        var wrong = new AuthenticationResult { Outcome = AuthenticationOutcome.WrongPin, RemainingAttempts = 2 };
        var locked = new AuthenticationResult { Outcome = AuthenticationOutcome.LockedOut, IsPermanentlyLocked = true };

        Assert.Equal("操作员号或密码错误，还可尝试 2 次", wrong.GetDescription(zh));
        Assert.Equal("The operator number or PIN is wrong; 2 attempt(s) left.", wrong.Description);
        Assert.Equal("已锁定，请联系主管解锁", locked.GetDescription(zh));
        Assert.All(Enum.GetValues<AuthenticationOutcome>(), o => Assert.NotEqual("Sign-in failed.", new AuthenticationResult { Outcome = o }.Description));
    }
}
