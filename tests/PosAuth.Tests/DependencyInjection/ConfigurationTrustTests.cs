using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.DependencyInjection;

/// <summary>Configuration a vendor can trust (issue 16): unknown keys fail, every section is checked at once, without the host.</summary>
public sealed class ConfigurationTrustTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return Build(config);
    }

    private static ServiceProvider Build(IConfiguration config)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(config.GetSection("PosAuth")).UseInMemoryStores();
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Fast(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PosAuth:Hashing:Iterations"] = "10000",
        };
        foreach ((string key, string? value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void MisspelledKey_MaxFailure_FailsAtTheFirstResolution_NamingTheKey_InsteadOfLeavingTheDefault()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Lockout:MaxFailure", "3")));

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOperatorAuthenticator>());

        Assert.Contains("'MaxFailure'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PosAuth:Lockout", error.Message, StringComparison.Ordinal);
        Assert.Contains("LockoutOptions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspelledKey_InANestedObject_IsAnError()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Lockout:TerminalThrottle:MaxFailure", "3")));

        var error = Assert.Throws<OptionsValidationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("'MaxFailure'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSection_IsAnError_NamingIt()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Lockot:MaxFailures", "3")));

        var error = Assert.Throws<OptionsValidationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("'PosAuth:Lockot'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownStorageSection_IsAnError_NamingIt()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Storage:Sqlit:DatabasePath", "/data/x.db")));

        var error = Assert.Throws<OptionsValidationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("'PosAuth:Storage:Sqlit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoInvalidSections_ValidatePosAuthOptions_ReportsBoth_InOneMessage()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Sessions:IdleLockAfter", "00:00:00.5"), ("PosAuth:Lockout:MaxFailures", "0")));

        var error = Assert.Throws<OptionsValidationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("Sessions: IdleLockAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("Lockout: MaxFailures", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void TwoInvalidSections_TheFirstResolutionOfAnyService_ReportsBoth_InOneMessage()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Sessions:IdleLockAfter", "00:00:00.5"), ("PosAuth:Lockout:MaxFailures", "0")));

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOperatorAuthenticator>());

        Assert.Contains("IdleLockAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFailures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidIdleLockAfter_IsFoundWhenTheOperatorManagerIsResolved_BeforeAnyOperatorIsProvisioned()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Sessions:IdleLockAfter", "2.00:00:00")));

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOperatorManager>());

        Assert.Contains("IdleLockAfter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnconvertibleValue_IsReportedWithTheOtherSectionsErrors_NamingTheKey_NotTheValue()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Sessions:IdleLockAfter", "five minutes"), ("PosAuth:Lockout:MaxFailures", "0")));

        var error = Assert.Throws<OptionsValidationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("PosAuth:Sessions:IdleLockAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFailures", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("five minutes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStartupValidator_TheGenericHostCalls_ReportsAMisspelledKey()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Lockout:MaxFailure", "3")));

        Exception error = Assert.ThrowsAny<Exception>(sp.GetRequiredService<IStartupValidator>().Validate);

        string message = error is AggregateException all ? string.Join("\n", all.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("'MaxFailure'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidConfiguration_Validates_AndBinds()
    {
        using ServiceProvider sp = Build(Fast(("PosAuth:Lockout:MaxFailures", "3"), ("PosAuth:lockout:mode", "permanent")));

        sp.ValidatePosAuthOptions();

        Assert.Equal(3, sp.GetRequiredService<IOptions<LockoutOptions>>().Value.MaxFailures);
        Assert.Equal(LockoutMode.Permanent, sp.GetRequiredService<IOptions<LockoutOptions>>().Value.Mode);
        Assert.NotNull(sp.GetRequiredService<IOperatorAuthenticator>());
    }

    [Fact]
    public void ValidatePosAuthOptions_WithoutAddPosAuth_SaysSo()
    {
        using ServiceProvider sp = new ServiceCollection().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(sp.ValidatePosAuthOptions);

        Assert.Contains("AddPosAuth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReadmeAppSettingsExample_Binds_Validates_AndSetsItsValues()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int marker = readme.IndexOf("<!-- appsettings-example -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "README.md has no appsettings example");
        int start = readme.IndexOf("```json\n", marker, StringComparison.Ordinal) + "```json\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(readme[start..end]));
        IConfiguration config = new ConfigurationBuilder().AddJsonStream(json).Build();
        using ServiceProvider sp = Build(config);

        sp.ValidatePosAuthOptions();

        LockoutOptions lockout = sp.GetRequiredService<IOptions<LockoutOptions>>().Value;
        Assert.Equal(LockoutMode.PermanentAfterTemporary, lockout.Mode);
        Assert.Equal(3, lockout.Roles[OperatorRole.Supervisor].MaxFailures);
        SessionOptions sessions = sp.GetRequiredService<IOptions<SessionOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(3), sessions.IdleLockAfter);
        Assert.Equal(TimeSpan.FromDays(1), sessions.MaxSessionAge);
        Assert.Equal(new TimeOnly(4, 0), sessions.DayCutOver);
        Assert.Contains(PinRejectionReason.YearLike, sp.GetRequiredService<IOptions<PinPolicyOptions>>().Value.DisabledRules);
        Assert.Equal("/data/posauth/posauth.db", config["PosAuth:Storage:Sqlite:DatabasePath"]);
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Repository root not found.");
    }
}
