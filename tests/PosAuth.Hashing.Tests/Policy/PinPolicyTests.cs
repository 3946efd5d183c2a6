using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Tests.Policy;

public sealed class PinPolicyTests
{
    private static readonly PinPolicy Policy = new(new PinPolicyOptions(), TestHashers.Create());

    private static PinPolicyResult Check(string pin, OperatorRole role = OperatorRole.Operator) =>
        Policy.Evaluate(pin, PinPolicyContext.ForRole(role));

    [Theory]
    [InlineData("1234", PinRejectionReason.Sequence)]
    [InlineData("1234", PinRejectionReason.CommonPin)]
    [InlineData("0000", PinRejectionReason.AllSameDigit)]
    [InlineData("0000", PinRejectionReason.EqualsFactoryDefault)]
    [InlineData("2580", PinRejectionReason.KeypadPattern)]
    [InlineData("0852", PinRejectionReason.KeypadPattern)]
    [InlineData("147258", PinRejectionReason.KeypadPattern)]
    [InlineData("159357", PinRejectionReason.KeypadPattern)]
    [InlineData("7410", PinRejectionReason.KeypadPattern)]
    [InlineData("1397", PinRejectionReason.KeypadPattern)]
    [InlineData("1254", PinRejectionReason.KeypadPattern)]
    [InlineData("123123", PinRejectionReason.RepeatedBlock)]
    [InlineData("112233", PinRejectionReason.RepeatedBlock)]
    [InlineData("121212", PinRejectionReason.RepeatedBlock)]
    [InlineData("1212", PinRejectionReason.RepeatedBlock)]
    [InlineData("111222", PinRejectionReason.RepeatedBlock)]
    [InlineData("13579", PinRejectionReason.Sequence)]
    [InlineData("8642", PinRejectionReason.Sequence)]
    [InlineData("7890", PinRejectionReason.Sequence)]
    [InlineData("987654", PinRejectionReason.Sequence)]
    [InlineData("1986", PinRejectionReason.YearLike)]
    [InlineData("2008", PinRejectionReason.YearLike)]
    [InlineData("0815", PinRejectionReason.DateLike)]
    [InlineData("3112", PinRejectionReason.DateLike)]
    [InlineData("860704", PinRejectionReason.DateLike)]
    [InlineData("520520", PinRejectionReason.CommonPin)]
    [InlineData("168168", PinRejectionReason.CommonPin)]
    [InlineData("888888", PinRejectionReason.AllSameDigit)]
    [InlineData("１２３４", PinRejectionReason.Sequence)]
    public void Evaluate_WeakPin_IsRejectedWithReason(string pin, PinRejectionReason expected)
    {
        PinPolicyResult result = Check(pin);
        Assert.False(result.IsAccepted);
        Assert.Contains(expected, result.Reasons);
    }

    [Fact]
    public void Evaluate_ExactReasonsForKnownPins()
    {
        Assert.Equal([PinRejectionReason.Sequence, PinRejectionReason.CommonPin], Check("1234").Reasons);
        Assert.Equal([PinRejectionReason.AllSameDigit, PinRejectionReason.CommonPin, PinRejectionReason.EqualsFactoryDefault], Check("0000").Reasons);
        Assert.Equal([PinRejectionReason.Sequence], Check("13579").Reasons);
        Assert.Equal([PinRejectionReason.YearLike], Check("1986").Reasons);
        Assert.Equal([PinRejectionReason.DateLike], Check("0815").Reasons);
    }

    [Theory]
    [InlineData("730194", OperatorRole.Operator)]
    [InlineData("730194", OperatorRole.Supervisor)]
    [InlineData("4739", OperatorRole.Operator)]
    [InlineData("73019468", OperatorRole.Administrator)]
    public void Evaluate_RandomLookingPin_IsAccepted(string pin, OperatorRole role)
    {
        PinPolicyResult result = Check(pin, role);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.Empty(result.Reasons);
        Assert.Equal("accepted", result.ToString());
    }

    [Theory]
    [InlineData("473", OperatorRole.Operator, PinRejectionReason.TooShort)]
    [InlineData("4739025", OperatorRole.Operator, PinRejectionReason.TooLong)]
    [InlineData("47390", OperatorRole.Supervisor, PinRejectionReason.TooShort)]
    [InlineData("730194", OperatorRole.Administrator, PinRejectionReason.TooShort)]
    [InlineData("", OperatorRole.Operator, PinRejectionReason.TooShort)]
    [InlineData("47a9", OperatorRole.Operator, PinRejectionReason.NonDigit)]
    public void Evaluate_LengthAndCharacters_FollowRole(string pin, OperatorRole role, PinRejectionReason expected)
    {
        Assert.Contains(expected, Check(pin, role).Reasons);
    }

    [Fact]
    public void Evaluate_OneMillionCharInput_IsTooLong()
    {
        Assert.Equal([PinRejectionReason.TooLong], Check(new string('7', 1_000_000)).Reasons);
    }

    [Fact]
    public void Evaluate_WhenPinEqualsOperatorOrTerminalId_Rejects()
    {
        PinPolicyResult result = Policy.Evaluate("4739", new PinPolicyContext { OperatorId = "4739", TerminalId = "4739" });
        Assert.Equal([PinRejectionReason.EqualsOperatorId, PinRejectionReason.EqualsTerminalId], result.Reasons);
    }

    [Fact]
    public void Evaluate_WhenPinInHistory_RejectsReuse_AndOnlyWithinDepth()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        var policy = new PinPolicy(new PinPolicyOptions { HistoryDepth = 2 }, hasher);
        string[] history = [hasher.Hash("4739"), hasher.Hash("5820"), hasher.Hash("6931")];

        Assert.Equal([PinRejectionReason.ReusedPreviousPin], policy.Evaluate("5820", new PinPolicyContext { PreviousPinHashes = history }).Reasons);
        Assert.True(policy.Evaluate("6931", new PinPolicyContext { PreviousPinHashes = history }).IsAccepted);
        Assert.True(policy.Evaluate("7042", new PinPolicyContext { PreviousPinHashes = history }).IsAccepted);
    }

    [Fact]
    public void Evaluate_WhenRuleDisabled_SkipsIt()
    {
        var policy = new PinPolicy(new PinPolicyOptions { DisabledRules = new HashSet<PinRejectionReason> { PinRejectionReason.DateLike } }, TestHashers.Create());
        Assert.True(policy.Evaluate("0815", new PinPolicyContext()).IsAccepted);
    }

    [Fact]
    public void Evaluate_CustomFactoryDefault_IsRejected()
    {
        var policy = new PinPolicy(new PinPolicyOptions { FactoryDefaults = ["4739"] }, TestHashers.Create());
        Assert.Equal([PinRejectionReason.EqualsFactoryDefault], policy.Evaluate("4739", new PinPolicyContext()).Reasons);
    }

    [Fact]
    public void Constructor_WhenOptionsInvalid_ThrowsWithEveryError()
    {
        var options = new PinPolicyOptions { Operator = new PinLengthRule(6, 4), HistoryDepth = -1, FactoryDefaults = ["12a"] };
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new PinPolicy(options));
        Assert.Contains("Operator", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HistoryDepth", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FactoryDefaults", ex.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Evaluate_AnyDigitString_RejectsForEveryPatternItHas_AndNeverShowsThePin()
    {
        // Random digit strings seldom have a pattern, so half the cases are built to have one (or nearly).
        Gen<string> Digits(int min, int max) =>
            from length in Gen.Choose(min, max)
            from chars in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
            select new string(chars);
        Gen<string> steps =
            from start in Gen.Choose(0, 9)
            from step in Gen.Elements(-3, -2, -1, 1, 2, 3)
            from length in Gen.Choose(3, 8)
            select new string([.. Enumerable.Range(0, length).Select(i => (char)('0' + ((((start + (i * step)) % 10) + 10) % 10)))]);
        Gen<string> blocks =
            from block in Digits(1, 3)
            from times in Gen.Choose(2, 4)
            select string.Concat(Enumerable.Repeat(block, times));
        Gen<string> dates =
            from a in Gen.Choose(0, 39)
            from b in Gen.Choose(0, 39)
            from year in Gen.Choose(1890, 2110)
            from form in Gen.Choose(0, 2)
            select form switch { 0 => $"{a:D2}{b:D2}", 1 => $"{year}", _ => $"{year % 100:D2}{a:D2}{b:D2}" };
        Gen<string> pins = Gen.OneOf(Digits(1, PinInput.MaxLength), Digits(3, 8), steps, blocks, dates, Gen.Elements("2580", "0852", "147258", "159357", "1397", "7410", "1254", "123456", "520520"));
        return Prop.ForAll(pins.ToArbitrary(), Gen.Elements(Enum.GetValues<OperatorRole>()).ToArbitrary(), (pin, role) =>
        {
            PinPolicyResult result = Check(pin, role);
            Assert.Equal(PinPatterns.AllSameDigit(pin), result.Reasons.Contains(PinRejectionReason.AllSameDigit));
            Assert.Equal(PinPatterns.IsSequence(pin), result.Reasons.Contains(PinRejectionReason.Sequence));
            Assert.Equal(PinPatterns.IsRepeatedBlock(pin), result.Reasons.Contains(PinRejectionReason.RepeatedBlock));
            Assert.Equal(PinPatterns.IsKeypadPattern(pin), result.Reasons.Contains(PinRejectionReason.KeypadPattern));
            Assert.Equal(PinPatterns.IsYearLike(pin), result.Reasons.Contains(PinRejectionReason.YearLike));
            Assert.Equal(PinPatterns.IsDateLike(pin), result.Reasons.Contains(PinRejectionReason.DateLike));
            Assert.DoesNotContain(PinRejectionReason.NonDigit, result.Reasons);
            Assert.Equal(result.Reasons.Count == 0, result.IsAccepted);
            Assert.DoesNotContain(pin, result.ToString(), StringComparison.Ordinal);

            // A PIN that is the operator's or the terminal's own number is always refused, and says why.
            PinPolicyResult own = Policy.Evaluate(pin, new PinPolicyContext { Role = role, OperatorId = pin, TerminalId = pin });
            Assert.Contains(PinRejectionReason.EqualsOperatorId, own.Reasons);
            Assert.Contains(PinRejectionReason.EqualsTerminalId, own.Reasons);
            Assert.False(own.IsAccepted);
        });
    }

    [Fact]
    public void Result_ToString_ListsCodesAndNeverThePin()
    {
        PinPolicyResult result = Check("2580");
        Assert.Equal("rejected: KeypadPattern, CommonPin", result.ToString());
    }

    [Fact]
    public void CommonPins_CoverPublishedTopEntries()
    {
        foreach (string pin in new[] { "1234", "1111", "0000", "1212", "7777", "1004", "2000", "6969", "123456", "888888", "666666", "520520", "5201314", "1314", "168168" })
        {
            Assert.True(CommonPins.Contains(pin), pin);
        }

        Assert.False(CommonPins.Contains("730194"));
    }
}
