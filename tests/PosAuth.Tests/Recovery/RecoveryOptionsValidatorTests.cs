using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Tests.Recovery;

public sealed class RecoveryOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(RecoveryOptions options) => new RecoveryOptionsValidator().Validate(Options.DefaultName, options);

    [Fact]
    public void Defaults_AreValid_AndDocumented()
    {
        var options = new RecoveryOptions();

        Assert.True(Validate(options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TemporaryPinLifetime);
        Assert.Equal(TimeSpan.FromMinutes(10), options.UnlockChallengeLifetime);
        Assert.Equal(8, options.UnlockChallengeDigits);
        Assert.Equal(TimeSpan.FromMinutes(10), options.OfflineUnlockPinLifetime);
        Assert.Null(options.OfflineUnlockKey);
        Assert.Equal(("12345678", "123456", "0000"), (options.FactoryAdministratorPin, options.FactorySupervisorPin, options.FactoryOperatorPin));
    }

    [Fact]
    public void Validate_CollectsEveryError_InOneMessage()
    {
        var options = new RecoveryOptions
        {
            TemporaryPinLifetime = TimeSpan.Zero,
            UnlockChallengeLifetime = TimeSpan.FromDays(2),
            UnlockChallengeDigits = 5,
            OfflineUnlockPinLifetime = TimeSpan.FromSeconds(-1),
            OfflineUnlockKey = "not base64!",
            FactoryAdministratorPin = "12ab",
            FactorySupervisorPin = "",
            FactoryOperatorPin = new string('1', 65),
        };

        ValidateOptionsResult result = Validate(options);

        Assert.True(result.Failed);
        Assert.Equal(8, result.Failures!.Count());
        foreach (string name in new[] { "TemporaryPinLifetime", "UnlockChallengeLifetime", "UnlockChallengeDigits", "OfflineUnlockPinLifetime", "OfflineUnlockKey", "FactoryAdministratorPin", "FactorySupervisorPin", "FactoryOperatorPin" })
        {
            Assert.Contains(name, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void OfflineUnlockKey_MustBe16To64Bytes(int length, bool valid)
    {
        var options = new RecoveryOptions { OfflineUnlockKey = Convert.ToBase64String(new byte[length]) };

        Assert.Equal(valid, Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_NeverEchoesTheKey()
    {
        string key = Convert.ToBase64String(new byte[70]);

        ValidateOptionsResult result = Validate(new RecoveryOptions { OfflineUnlockKey = key });

        Assert.DoesNotContain(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvingTheService_WithInvalidOptions_Fails()
    {
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Recovery.UnlockChallengeDigits = 3).UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPinRecoveryService>());
    }
}
