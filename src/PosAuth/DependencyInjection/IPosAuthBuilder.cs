using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="PosAuthServiceCollectionExtensions.AddPosAuth(IServiceCollection, Action{PosAuth.PosAuthOptions}?)"/>
/// for chained configuration, such as <c>.UseSqlite(path)</c>.
/// </summary>
public interface IPosAuthBuilder
{
    /// <summary>The service collection PosAuth is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The <c>PosAuth</c> configuration section given to <c>AddPosAuth(configuration)</c>, or <see langword="null"/>
    /// when PosAuth is configured in code. Storage packages bind their section (<c>Storage:Sqlite</c>) from it.
    /// </summary>
    IConfiguration? Configuration => null;
}
