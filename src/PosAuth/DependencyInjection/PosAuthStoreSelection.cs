using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>
/// Storage is an explicit choice: <c>AddPosAuth()</c> registers no store, only placeholders that fail with a message
/// naming the choices, so a terminal can never run on in-memory attempt counters by accident (a power cycle would forget
/// every lockout). <c>UseSqlite(path)</c>, <c>UsePostgreSql(…)</c>, an integrator's own stores, or
/// <c>UseInMemoryStores()</c> (tests and demos) replace them.
/// </summary>
internal static class PosAuthStoreSelection
{
    public static void AddPlaceholders(IServiceCollection services)
    {
        Placeholder<IOperatorStore>(services);
        Placeholder<IAttemptStore>(services);
        Placeholder<ISessionStore>(services);
        Placeholder<IAuditStore>(services);
        services.AddOptions<StoreSelectionCheck>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreSelectionCheck>, StoreSelectionValidator>());
    }

    public static string MissingStoreMessage(string storeName) =>
        $"PosAuth has no {storeName} configured. Choose storage on the builder that AddPosAuth returns: .UseSqlite(path) "
        + "(embedded, durable, power-cut safe; the default for a terminal), .UsePostgreSql(…) or your own stores, or "
        + ".UseInMemoryStores() for tests and demos only (it forgets every lockout and operator on restart).";

    private static void Placeholder<TStore>(IServiceCollection services)
        where TStore : class
    {
        if (services.Any(d => d.ServiceType == typeof(TStore)))
        {
            return;
        }

        services.AddSingleton<TStore>(_ => throw new InvalidOperationException(MissingStoreMessage(typeof(TStore).Name)));
    }

    /// <summary>Registered by <c>UseInMemoryStores()</c>: in-memory stores were chosen on purpose.</summary>
    internal sealed class InMemoryStoresChosen;

    /// <summary>A marker options type: validating it at start-up (ValidateOnStart) resolves every store once.</summary>
    internal sealed class StoreSelectionCheck;

    private sealed class StoreSelectionValidator(IServiceProvider services) : IValidateOptions<StoreSelectionCheck>
    {
        public ValidateOptionsResult Validate(string? name, StoreSelectionCheck options)
        {
            var errors = new List<string>();
            Check<IOperatorStore>(errors);
            Check<IAttemptStore>(errors);
            Check<ISessionStore>(errors);
            Check<IAuditStore>(errors);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Distinct());
        }

        private void Check<TStore>(List<string> errors)
            where TStore : class
        {
            try
            {
                TStore store = services.GetRequiredService<TStore>();

                // The standalone packages' in-memory defaults, registered before AddPosAuth, are not a choice either.
                if (store is InMemoryOperatorStore or InMemoryAttemptStore or InMemorySessionStore or InMemoryAuditStore
                    && services.GetService<InMemoryStoresChosen>() is null)
                {
                    errors.Add(MissingStoreMessage(typeof(TStore).Name) + " (An in-memory default is registered, but UseInMemoryStores() was not called.)");
                }
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("PosAuth has no ", StringComparison.Ordinal))
            {
                errors.Add(ex.Message);
            }
        }
    }
}
