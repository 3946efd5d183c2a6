using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Hashing.Tests.Input;

public sealed class PinInputTests
{
    [Theory]
    [InlineData("1234", "1234")]
    [InlineData("１２３４", "1234")]
    [InlineData("０9８7", "0987")]
    public void TryNormalize_WhenDigits_WritesAsciiDigits(string input, string expected)
    {
        Span<char> buffer = stackalloc char[PinInput.MaxLength];
        Assert.True(PinInput.TryNormalize(input, buffer, out int written, out PinInputError error));
        Assert.Equal(PinInputError.None, error);
        Assert.Equal(expected, buffer[..written].ToString());
    }

    [Theory]
    [InlineData("", PinInputError.Empty)]
    [InlineData("12a4", PinInputError.NonDigit)]
    [InlineData("12 4", PinInputError.NonDigit)]
    [InlineData("١٢٣٤", PinInputError.NonDigit)] // Arabic-Indic digits are not accepted
    [InlineData("12.4", PinInputError.NonDigit)]
    public void TryNormalize_WhenInvalid_ReturnsTypedError(string input, PinInputError expected)
    {
        Span<char> buffer = stackalloc char[PinInput.MaxLength];
        Assert.False(PinInput.TryNormalize(input, buffer, out int written, out PinInputError error));
        Assert.Equal(expected, error);
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryNormalize_WhenOneMillionChars_RejectsAsTooLongWithoutScanning()
    {
        // Non-digits everywhere: if the content were scanned first the error would be NonDigit.
        string huge = new('x', 1_000_000);
        Assert.False(PinInput.TryNormalize(huge, Span<char>.Empty, out _, out PinInputError error));
        Assert.Equal(PinInputError.TooLong, error);
    }

    [Fact]
    public void TryNormalize_AtMaxLength_Accepts_AndOneMore_Rejects()
    {
        Span<char> buffer = stackalloc char[PinInput.MaxLength + 1];
        Assert.True(PinInput.TryNormalize(new string('7', PinInput.MaxLength), buffer, out _, out _));
        Assert.False(PinInput.TryNormalize(new string('7', PinInput.MaxLength + 1), buffer, out _, out PinInputError error));
        Assert.Equal(PinInputError.TooLong, error);
    }

    [Property]
    public bool TryNormalize_AnyString_NeverThrowsAndAcceptsOnlyDigits(string? s) => NormalizesExactlyTheDigitStrings(s);

    [Property]
    public Property TryNormalize_NearlyDigitStrings_AcceptsOnlyDigits()
    {
        // Arbitrary strings are nearly never all digits: these are, or miss by a character or two (a space, a
        // control character, a letter, a neighbour of the full-width block) or by a length.
        Gen<string> nearly =
            from length in Gen.Choose(0, PinInput.MaxLength + 2)
            from chars in Gen.ArrayOf(
                Gen.Frequency(
                    (8, Gen.Elements("0123456789".ToCharArray())),
                    (4, Gen.Elements("\uFF10\uFF11\uFF15\uFF19".ToCharArray())),
                    (1, Gen.Elements(" \t\0\u00B2\u0660\uFF0F\uFF1A\u2007/:aO".ToCharArray()))),
                length)
            select new string(chars);
        return Prop.ForAll(nearly.ToArbitrary(), s => NormalizesExactlyTheDigitStrings(s));
    }

    private static bool NormalizesExactlyTheDigitStrings(string? s)
    {
        s ??= string.Empty;
        Span<char> buffer = stackalloc char[PinInput.MaxLength];
        bool ok = PinInput.TryNormalize(s, buffer, out int written, out PinInputError error);
        bool expected = s.Length is > 0 and <= PinInput.MaxLength && s.All(c => char.IsAsciiDigit(c) || c is >= '\uFF10' and <= '\uFF19');
        string ascii = new([.. s.Select(c => c >= '\uFF10' ? (char)('0' + (c - '\uFF10')) : c)]);
        return ok == expected && (ok ? error == PinInputError.None && written == s.Length && buffer[..written].SequenceEqual(ascii) : error != PinInputError.None);
    }

    [Fact]
    public void Validate_ReturnsSameErrorAsTryNormalize()
    {
        Assert.Equal(PinInputError.None, PinInput.Validate("１２３"));
        Assert.Equal(PinInputError.NonDigit, PinInput.Validate("12x"));
        Assert.Equal(PinInputError.Empty, PinInput.Validate(""));
    }
}
