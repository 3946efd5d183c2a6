using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Hashing.Tests.Policy;

public sealed class PinPatternsTests
{
    [Theory]
    [InlineData("2580", true)]
    [InlineData("0852", true)]
    [InlineData("147", true)]
    [InlineData("159", true)]
    [InlineData("357", true)]
    [InlineData("147258", true)]
    [InlineData("258369", true)]
    [InlineData("159357", true)]
    [InlineData("7410", true)]  // calculator-style pad: 7-8-9 on top
    [InlineData("2846", true)]
    [InlineData("12369874", true)]
    [InlineData("14789632", true)]
    [InlineData("730194", false)]
    [InlineData("4739", false)]
    [InlineData("1590", false)]
    public void IsKeypadPattern_DetectsLinesAndShapes(string pin, bool expected)
    {
        Assert.Equal(expected, PinPatterns.IsKeypadPattern(pin));
    }

    [Theory]
    [InlineData("0229", true)]   // 29 February
    [InlineData("0230", false)]  // 30 February
    [InlineData("860704", true)] // YYMMDD
    [InlineData("3102", false)]  // neither 31 February nor month 31
    [InlineData("3112", true)]   // 31 December as DDMM
    [InlineData("1332", false)]
    [InlineData("19860704", true)]
    [InlineData("04071986", true)]
    [InlineData("07041986", true)]
    [InlineData("18000704", false)]
    public void IsDateLike_AcceptsOnlyCalendarDates(string pin, bool expected)
    {
        Assert.Equal(expected, PinPatterns.IsDateLike(pin));
    }

    [Property]
    public Property Detectors_OnAnyDigitString_NeverThrow()
    {
        Gen<string> digits =
            from length in Gen.Choose(0, 20)
            from chars in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
            select new string(chars);
        return Prop.ForAll(
                digits.ToArbitrary(),
                d =>
                {
                    _ = PinPatterns.AllSameDigit(d) | PinPatterns.IsSequence(d) | PinPatterns.IsRepeatedBlock(d)
                        | PinPatterns.IsKeypadPattern(d) | PinPatterns.IsYearLike(d) | PinPatterns.IsDateLike(d);
                    return true;
                });
    }
}
