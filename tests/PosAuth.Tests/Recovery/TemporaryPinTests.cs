
namespace PosAuth.Tests.Recovery;

public sealed class TemporaryPinTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void PublicConstructor_CopiesTheDigits()
    {
        char[] digits = ['5', '8', '3', '6'];

        using var pin = new TemporaryPin(digits, "01", Expiry);
        digits[0] = '0';

        Assert.Equal("5836", new string(pin.AsSpan()));
        Assert.Equal(("01", 4, Expiry), (pin.OperatorId, pin.Length, pin.ExpiresAt));
    }

    [Fact]
    public void ToString_NeverPrintsTheDigits()
    {
        using var pin = new TemporaryPin("583609".AsSpan(), "00", Expiry);

        Assert.DoesNotContain("583609", pin.ToString(), StringComparison.Ordinal);
        Assert.Contains("(hidden)", pin.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WipesTheDigits_AndIsIdempotent()
    {
        var pin = new TemporaryPin("5836".AsSpan(), "01", Expiry);

        pin.Dispose();
        pin.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pin.AsSpan().Length);
    }
}
