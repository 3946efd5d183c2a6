using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class OfflineUnlockIdentifiersTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("T0000001", true)]
    [InlineData("0123456789abcDEF", true)]
    [InlineData("0123456789abcDEF0", false)]
    [InlineData("a.b_c-d", false)]
    [InlineData("T-1", false)]
    [InlineData("T_1", false)]
    [InlineData("T.1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("T1:01", false)]
    [InlineData("T 1", false)]
    [InlineData("Ｔ1", false)]
    public void IsValidId_AcceptsOneToSixteenAsciiLettersOrDigits(string? id, bool expected) =>
        Assert.Equal(expected, OfflineUnlockIdentifiers.IsValidId(id));

    [Fact]
    public void IsValidId_IsPosAuthsOneIdentifierRule()
    {
        // One rule (issue 12): an id the offline unlock accepts is exactly an id the terminal accepts, for any input,
        // so a back office never computes a response for an operator number the lane would refuse, and the other way.
        Assert.Equal(OperatorIds.MaxLength, OfflineUnlockIdentifiers.MaxIdLength);
        Gen<string> text =
            from length in Gen.Choose(0, 40)
            from chars in Gen.ArrayOf(Gen.OneOf(Gen.Elements("AZaz09._-:/ #\u00e9\uff11\u0660".ToCharArray()), ArbMap.Default.GeneratorFor<char>()), length)
            select new string(chars);

        Prop.ForAll(text.ToArbitrary(), id => OfflineUnlockIdentifiers.IsValidId(id) == OperatorIds.IsWellFormed(id))
            .QuickCheckThrowOnFailure();
        Assert.False(OfflineUnlockIdentifiers.IsValidId(null));
        for (int length = 0; length <= OperatorIds.MaxLength + 1; length++)
        {
            string digits = new('7', length);
            Assert.Equal(OperatorIds.IsWellFormed(digits), OfflineUnlockIdentifiers.IsValidId(digits));
        }
    }

    [Theory]
    [InlineData("SN-0001", true)]
    [InlineData("!~", true)]
    [InlineData("SN 0001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("SN\u00e9", false)]
    public void IsValidSerial_AcceptsPrintableAsciiWithoutSpaces(string? serial, bool expected) =>
        Assert.Equal(expected, OfflineUnlockIdentifiers.IsValidSerial(serial));

    [Fact]
    public void IsValidSerial_AcceptsSixtyFourCharactersAndNoMore()
    {
        Assert.True(OfflineUnlockIdentifiers.IsValidSerial(new string('S', 64)));
        Assert.False(OfflineUnlockIdentifiers.IsValidSerial(new string('S', 65)));
    }

    [Theory]
    [InlineData("123456", true)]
    [InlineData("123456789012", true)]
    [InlineData("12345", false)]
    [InlineData("1234567890123", false)]
    [InlineData("1234 5678", false)]
    [InlineData("１２３４５６７８", false)]
    [InlineData(null, false)]
    public void IsValidChallenge_AcceptsSixToTwelveAsciiDigits(string? challenge, bool expected) =>
        Assert.Equal(expected, OfflineUnlockIdentifiers.IsValidChallenge(challenge));

    [Property]
    public Property IsValidId_AgreesWithWhatTheRequestAndChallengeConstructorsAccept()
    {
        // The public rule is the one the types enforce: a form that checks with it never meets an ArgumentException.
        Gen<string> text =
            from length in Gen.Choose(0, 40)
            from chars in Gen.ArrayOf(Gen.Elements("AZaz09._-:/ #é１".ToCharArray()), length)
            select new string(chars);

        return Prop.ForAll(
                text.ToArbitrary(),
                id =>
                {
                    bool requestAccepts = Accepts(() => new OfflineUnlockRequest(id, "01", "12345678"));
                    bool challengeAccepts = Accepts(() => new OfflineUnlockChallenge("12345678", "T1", id, Issued, Issued.AddMinutes(15)));
                    return OfflineUnlockIdentifiers.IsValidId(id) == requestAccepts && requestAccepts == challengeAccepts;
                });
    }

    [Property]
    public Property IsValidSerial_AgreesWithWhatTheKeyDerivationAccepts()
    {
        byte[] master = new byte[32];
        Gen<string> text =
            from length in Gen.Choose(0, 70)
            from chars in Gen.ArrayOf(Gen.Elements("AZaz09-_!~ é\t".ToCharArray()), length)
            select new string(chars);

        return Prop.ForAll(
                text.ToArbitrary(),
                serial => OfflineUnlockIdentifiers.IsValidSerial(serial) == Accepts(() => UnlockKeyDerivation.DeriveTerminalKey(master, serial)));
    }

    private static bool Accepts(Func<object> create)
    {
        try
        {
            create();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
