using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Storage.Sqlite.Tests.DependencyInjection;

/// <summary>The storage path binds from configuration: <c>AddPosAuth(configuration).UseSqlite()</c> (issue 16).</summary>
public sealed class SqliteConfigurationTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static IConfigurationSection Section(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("PosAuth");

    [Fact]
    public async Task UseSqlite_WithoutAPath_ReadsStorageSqliteFromTheConfiguration()
    {
        string path = Path.Combine(dir.Path, "from-config", "posauth.db");
        var services = new ServiceCollection();
        services.AddPosAuth(Section(new()
        {
            ["PosAuth:Storage:Sqlite:DatabasePath"] = path,
            ["PosAuth:Storage:Sqlite:BusyTimeout"] = "00:00:02",
        })).UseSqlite().WithoutHostSignOn();

        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.ValidatePosAuthOptions();
        SqliteStoreOptions options = provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
        Assert.Equal(path, options.DatabasePath);
        Assert.Equal(TimeSpan.FromSeconds(2), options.BusyTimeout);
        Assert.IsType<SqliteOperatorStore>(provider.GetRequiredService<IOperatorStore>());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task UseSqlite_WithAPath_StillTakesTheOtherSettingsFromTheConfiguration_AndThePathWins()
    {
        string path = dir.NewDatabasePath();
        var services = new ServiceCollection();
        services.AddPosAuth(Section(new()
        {
            ["PosAuth:Storage:Sqlite:DatabasePath"] = Path.Combine(dir.Path, "not-this.db"),
            ["PosAuth:Storage:Sqlite:BusyTimeout"] = "00:00:03",
        })).UseSqlite(path);

        await using ServiceProvider provider = services.BuildServiceProvider();
        SqliteStoreOptions options = provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
        Assert.Equal(path, options.DatabasePath);
        Assert.Equal(TimeSpan.FromSeconds(3), options.BusyTimeout);
    }

    [Fact]
    public void UseSqlite_WithoutAPath_AndAStartedFromCodeConfiguration_SaysToPassThePath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddPosAuth().UseSqlite());

        Assert.Contains("UseSqlite(path)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqlite_WithoutAPath_AndNoPathConfigured_FailsTheStartUpValidation()
    {
        var services = new ServiceCollection();
        services.AddPosAuth(Section(new() { ["PosAuth:Lockout:MaxFailures"] = "5" })).UseSqlite();

        await using ServiceProvider provider = services.BuildServiceProvider();
        Exception error = Assert.ThrowsAny<Exception>(provider.GetRequiredService<IStartupValidator>().Validate);
        string message = error is AggregateException all ? string.Join("\n", all.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("DatabasePath", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspelledStorageKey_IsAnError_NamingIt()
    {
        var services = new ServiceCollection();
        services.AddPosAuth(Section(new()
        {
            ["PosAuth:Storage:Sqlite:DatabasePath"] = dir.NewDatabasePath(),
            ["PosAuth:Storage:Sqlite:BusyTimout"] = "00:00:02",
        })).UseSqlite();

        await using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOperatorStore>());
        Assert.Contains("'BusyTimout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuditChainKeyThatIsNotBase64_IsRefused_WithoutQuotingTheKey()
    {
        const string NotBase64 = "this-is-the-secret-chain-key!";
        var services = new ServiceCollection();
        services.AddPosAuth(Section(new()
        {
            ["PosAuth:Storage:Sqlite:DatabasePath"] = dir.NewDatabasePath(),
            ["PosAuth:Storage:Sqlite:AuditChainKey"] = NotBase64,
        })).UseSqlite();

        await using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAuditStore>());
        Assert.Contains("AuditChainKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotBase64, error.ToString(), StringComparison.Ordinal);
    }
}
