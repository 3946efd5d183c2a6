using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Sync.Tests.Options;

public sealed class SyncOptionsTests
{
    [Fact]
    public void UseBackOffice_WithANonHttpAddressAndBadTimeouts_FailsWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().WithoutHostSignOn().UseSqlite(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db"))
            .UseBackOffice(new Uri("ftp://backoffice/"), new LaneCredentials("T1", "S1", new byte[32]), o =>
            {
                o.RequestTimeout = TimeSpan.Zero;
                o.LongPollTimeout = TimeSpan.FromHours(1);
            });
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BackOfficeSyncOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.StartsWith("BackOffice", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("LongPollTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void LeaseSize_OutOfRange_IsRefusedAtStart(int size)
    {
        var services = new ServiceCollection();
        services.AddPosAuth().WithoutHostSignOn().UseSqlite(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db"))
            .UseBackOffice(new Uri("https://backoffice/"), new LaneCredentials("T1", "S1", new byte[32]), o => o.LeaseSize = size);
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BackOfficeSyncOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.StartsWith("LeaseSize", StringComparison.Ordinal));
    }

    [Fact]
    public void LeaseSize_DefaultsToOne()
    {
        Assert.Equal(1, new BackOfficeSyncOptions().LeaseSize);
    }

    [Theory]
    [InlineData("T 1", "S1", 32)]
    [InlineData("T1", "", 32)]
    [InlineData("T1", "S1", 16)]
    public void LaneCredentials_RefuseMalformedIdsAndKeys(string terminal, string site, int keyLength)
    {
        Assert.Throws<ArgumentException>(() => new LaneCredentials(terminal, site, new byte[keyLength]));
    }
}
