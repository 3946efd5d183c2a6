namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="PosAuthServiceCollectionExtensions.AddPosAuth(IServiceCollection, Action{PosAuth.PosAuthOptions}?)"/>
/// for chained configuration, such as <c>.UseSqlite(path)</c>.
/// </summary>
public interface IPosAuthBuilder
{
    /// <summary>The service collection PosAuth is registered in.</summary>
    IServiceCollection Services { get; }
}
