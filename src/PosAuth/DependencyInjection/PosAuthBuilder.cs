namespace Microsoft.Extensions.DependencyInjection;

internal sealed class PosAuthBuilder(IServiceCollection services) : IPosAuthBuilder
{
    public IServiceCollection Services { get; } = services;
}
