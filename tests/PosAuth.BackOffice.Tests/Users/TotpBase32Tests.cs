using System.Text;

namespace PosAuth.BackOffice.Tests.Users;

/// <summary>
/// <see cref="Totp.FromBase32"/>: RFC 4648 section 10's test vectors, the forms an authenticator app shows a secret in,
/// and the inputs it refuses (a decoder that skipped a bad character would turn a mistyped secret into another key).
/// </summary>
public sealed class TotpBase32Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY======")]
    [InlineData("fo", "MZXQ====")]
    [InlineData("foo", "MZXW6===")]
    [InlineData("foob", "MZXW6YQ=")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI======")]
    public void Rfc4648Vectors_DecodeWithAndWithoutPadding_AndEncodeBack(string plain, string encoded)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(plain);
        Assert.Equal(bytes, Totp.FromBase32(encoded));
        Assert.Equal(bytes, Totp.FromBase32(encoded.TrimEnd('=')));
        Assert.Equal(encoded.TrimEnd('='), Totp.ToBase32(bytes));
    }

    [Fact]
    public void EveryLength_RoundTripsThroughToBase32()
    {
        var random = new Random(4648);
        for (int length = 0; length <= 64; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(data, Totp.FromBase32(Totp.ToBase32(data)));
        }
    }

    [Fact]
    public void LowerCaseAndGroupsOfFour_AsAppsShowThem_AreRead()
    {
        byte[] secret = [.. Enumerable.Range(1, 20).Select(i => (byte)(i * 11))];
        string shown = string.Join(' ', Totp.ToBase32(secret).ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        Assert.Equal(secret, Totp.FromBase32(shown));
    }

    [Theory]
    [InlineData("MZXW6YT1")]   // '1' is not in the alphabet (nor are 0, 8, 9)
    [InlineData("MZXW-6YTB")]  // a separator other than a space
    [InlineData("MZ=XW6YTB")]  // padding in the middle
    [InlineData("M")]          // 1, 3 or 6 digits of a group never end on a whole byte
    [InlineData("MZX")]
    [InlineData("MZXW6Y")]
    [InlineData("MZ")]         // the last digit's padding bits are not zero ("MY" is "f")
    [InlineData("MZXW6YTBOJ")] // the same at the end of a longer text ("...OI" is "foobar")
    public void NotCanonicalBase32_IsRefusedWithoutRepeatingTheText(string text)
    {
        FormatException ex = Assert.Throws<FormatException>(() => Totp.FromBase32(text));
        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_IsRefused() => Assert.Throws<ArgumentNullException>(() => Totp.FromBase32(null!));
}
