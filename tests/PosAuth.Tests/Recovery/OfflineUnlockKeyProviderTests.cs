using Microsoft.Extensions.Options;

namespace PosAuth.Tests.Recovery;

public sealed class OfflineUnlockKeyProviderTests
{
    [Fact]
    public async Task GetTerminalKey_ReturnsAFreshCopy_TheCallerMayZero()
    {
        byte[] key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        var provider = new OfflineUnlockKeyProvider(key);

        byte[] first = (await provider.GetTerminalKeyAsync("T1"))!;
        Array.Clear(first);
        byte[] second = (await provider.GetTerminalKeyAsync("T1"))!;

        Assert.Equal(key, second);
        Assert.Equal("OfflineUnlockKeyProvider { KeyLength = 32 }", provider.ToString());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    public void Constructor_RejectsKeysOutside16To64Bytes(int length) =>
        Assert.Throws<ArgumentException>(() => new OfflineUnlockKeyProvider(new byte[length]));

    [Fact]
    public async Task OptionsProvider_DecodesTheBase64Key_OrReturnsNullWhenNotProvisioned()
    {
        byte[] key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
        var provisioned = new OptionsOfflineUnlockKeyProvider(Options.Create(new RecoveryOptions { OfflineUnlockKey = Convert.ToBase64String(key) }));
        var missing = new OptionsOfflineUnlockKeyProvider(Options.Create(new RecoveryOptions()));

        Assert.Equal(key, await provisioned.GetTerminalKeyAsync("T1"));
        Assert.Null(await missing.GetTerminalKeyAsync("T1"));
    }
}
