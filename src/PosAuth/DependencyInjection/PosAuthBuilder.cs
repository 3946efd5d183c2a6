using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

internal sealed class PosAuthBuilder(IServiceCollection services, IConfiguration? configuration = null) : IPosAuthBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration? Configuration { get; } = configuration;
}
