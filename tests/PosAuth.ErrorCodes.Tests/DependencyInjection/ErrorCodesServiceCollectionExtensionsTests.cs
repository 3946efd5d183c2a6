using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.ErrorCodes.Tests.DependencyInjection;

public sealed class ErrorCodesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPosAuthErrorCodes_RegistersASingletonClassifierWithOverrides()
    {
        var services = new ServiceCollection();
        services.AddPosAuthErrorCodes(o => o.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "55", MessageEn = "Acquirer text" }));
        services.AddPosAuthErrorCodes();
        using ServiceProvider provider = services.BuildServiceProvider();

        IErrorCodeClassifier classifier = provider.GetRequiredService<IErrorCodeClassifier>();

        Assert.Same(classifier, provider.GetRequiredService<IErrorCodeClassifier>());
        Assert.Equal("Acquirer text", classifier.Classify(ErrorSource.UnionPay, "55").MessageEn);
        Assert.Single(services, d => d.ServiceType == typeof(IErrorCodeClassifier));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ErrorCodeOptions>));
    }

    [Fact]
    public void AddPosAuthErrorCodes_InvalidOverrides_FailValidationWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuthErrorCodes(o =>
        {
            o.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "B9" });
            o.Overrides.Add(new ErrorCodeOverride { Code = "55" });
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ErrorCodeOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("Overrides[0] (code 'B9')", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Overrides[1] (code '55')", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPosAuthErrorCodes_KeepsAnExistingClassifier()
    {
        var services = new ServiceCollection();
        var mine = new ErrorCodeClassifier();
        services.AddSingleton<IErrorCodeClassifier>(mine);
        services.AddPosAuthErrorCodes();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IErrorCodeClassifier>());
    }
}
