using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Tests.Pepper;

public sealed class OptionsPinPepperProviderTests
{
    private static readonly string Key32 = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void TryGetKey_ReturnsDecodedKeysById()
    {
        var provider = new OptionsPinPepperProvider(new PinPepperOptions
        {
            CurrentKeyId = "2026",
            Keys = { ["2026"] = Key32, ["2025"] = Convert.ToBase64String(new byte[16]) },
        });

        Assert.Equal("2026", provider.CurrentKeyId);
        Assert.True(provider.TryGetKey("2026", out ReadOnlyMemory<byte> current));
        Assert.Equal(Convert.FromBase64String(Key32), current.ToArray());
        Assert.True(provider.TryGetKey("2025".AsSpan(), out ReadOnlyMemory<byte> old));
        Assert.Equal(16, old.Length);
        Assert.False(provider.TryGetKey("2024", out _));
    }

    [Fact]
    public void Constructor_WhenOptionsInvalid_ThrowsWithEveryErrorAndNoKeyMaterial()
    {
        var options = new PinPepperOptions
        {
            CurrentKeyId = "missing",
            Keys = { ["bad id!"] = Key32, ["short"] = "AAAA", ["notb64"] = "@@secret@@" },
        };

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new OptionsPinPepperProvider(options));
        Assert.Contains("CurrentKeyId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad id!", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'short' must be at least 16 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'notb64' is not valid base64", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@@secret@@", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key32, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WhenNoKeys_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => new OptionsPinPepperProvider(new PinPepperOptions { CurrentKeyId = "k" }));
    }
}
