namespace PosAuth.Hashing.Tests;

public sealed class InvalidPinExceptionTests
{
    [Fact]
    public void Hash_WhenPinInvalid_ThrowsTypedExceptionWithoutThePin()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        InvalidPinException ex = Assert.Throws<InvalidPinException>(() => hasher.Hash("98x76"));
        Assert.Equal(PinInputError.NonDigit, ex.Error);
        Assert.DoesNotContain("98x76", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("98x76", ex.ToString(), StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Theory]
    [InlineData("", PinInputError.Empty)]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345", PinInputError.TooLong)]
    public void Hash_WhenEmptyOrTooLong_ReportsError(string pin, PinInputError expected)
    {
        InvalidPinException ex = Assert.Throws<InvalidPinException>(() => TestHashers.Create().Hash(pin));
        Assert.Equal(expected, ex.Error);
    }
}
