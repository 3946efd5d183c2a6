using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>Connects the sessions package to the core: verification, PIN change, the permission table, the audit trail and the lifetime clock.</summary>
internal static class SessionIntegrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core's implementations of the session seams with <c>TryAdd</c> (a service registered before wins).
    /// Call before <c>AddPosAuthSessions()</c>, whose own defaults (the role convention for maintenance) must not win.
    /// </summary>
    internal static IServiceCollection AddPosAuthSessionIntegration(this IServiceCollection services)
    {
        services.TryAddSingleton<IOperatorVerifier, AuthenticatorOperatorVerifier>();
        services.TryAddSingleton<IOperatorPinChanger, RecoveryOperatorPinChanger>();
        services.TryAddSingleton<ISessionPermissionPolicy, PermissionSessionPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionTransitionSink, SessionAuditSink>());
        services.TryAddSingleton<ITerminalSessionManagerFactory, LifetimeSessionManagerFactory>();
        return services;
    }
}
