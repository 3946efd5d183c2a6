namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddPosAuthBackOffice</c>: choose the database with <c>.UsePostgreSql(…)</c> or <c>.UseSqlite(…)</c>.</summary>
public interface IBackOfficeBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

internal sealed class BackOfficeBuilder(IServiceCollection services) : IBackOfficeBuilder
{
    public IServiceCollection Services { get; } = services;
}
