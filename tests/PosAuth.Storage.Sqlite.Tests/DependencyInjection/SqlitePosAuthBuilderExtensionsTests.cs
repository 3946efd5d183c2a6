using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth.Storage.Sqlite.Tests.DependencyInjection;

public sealed class SqlitePosAuthBuilderExtensionsTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    [Fact]
    public async Task UseSqlite_ReplacesEveryStoreWithSqliteSingletons()
    {
        string path = Path.Combine(dir.Path, "di", "posauth.db");
        var services = new ServiceCollection();
        services.AddPosAuth().UseSqlite(path).WithoutHostSignOn();

        await using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<SqliteOperatorStore>(provider.GetRequiredService<IOperatorStore>());
        Assert.IsType<SqliteAttemptStore>(provider.GetRequiredService<IAttemptStore>());
        Assert.IsType<SqliteSessionStore>(provider.GetRequiredService<ISessionStore>());
        Assert.IsType<SqliteAuditStore>(provider.GetRequiredService<IAuditStore>());
        Assert.Same(provider.GetRequiredService<SqliteAuditStore>(), provider.GetRequiredService<IAuditStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IAttemptStore));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task UseSqlite_TheLockoutPolicyChargesIntoTheFile()
    {
        string path = dir.NewDatabasePath();
        var services = new ServiceCollection();
        services.AddPosAuth().UseSqlite(path).WithoutHostSignOn();
        var subject = new LockoutSubject("T1", "01", OperatorRole.Operator);

        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            ILockoutPolicy policy = provider.GetRequiredService<ILockoutPolicy>();
            Assert.True((await policy.TryChargeAsync(subject, default)).IsAllowed);
        }

        using var reopened = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path });
        Assert.Equal(1, (await reopened.GetAsync(subject.Key, default))!.FailureCount);
    }

    [Fact]
    public void UseSqlite_CalledTwice_LastPathWinsAndOneRegistrationEach()
    {
        var services = new ServiceCollection();
        IPosAuthBuilder builder = services.AddPosAuth();
        builder.UseSqlite(dir.NewDatabasePath()).UseSqlite(dir.NewDatabasePath(), o => o.BusyTimeout = TimeSpan.FromSeconds(2));
        Assert.Single(services, d => d.ServiceType == typeof(IOperatorStore));
        Assert.Single(services, d => d.ServiceType == typeof(SqliteOperatorStore));
    }

    [Fact]
    public void UseSqlite_InvalidOptions_FailValidationWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().UseSqlite(dir.NewDatabasePath(), o =>
        {
            o.AuditChainKey = [1, 2, 3];
            o.BusyTimeout = TimeSpan.FromHours(1);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value);
        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void UseSqlite_WithoutAddPosAuth_WorksOnAnyBuilder()
    {
        var services = new ServiceCollection();
        new TestBuilder(services).UseSqlite(dir.NewDatabasePath());
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<SqliteAttemptStore>(provider.GetRequiredService<IAttemptStore>());
    }

    [Fact]
    public void UseSqlite_ArgumentChecks()
    {
        Assert.Throws<ArgumentNullException>(() => SqlitePosAuthBuilderExtensions.UseSqlite(null!, "x.db"));
        Assert.Throws<ArgumentException>(() => new TestBuilder(new ServiceCollection()).UseSqlite(" "));
    }

    private sealed class TestBuilder(IServiceCollection services) : IPosAuthBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
