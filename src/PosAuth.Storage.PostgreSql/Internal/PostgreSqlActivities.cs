using System.Diagnostics;

namespace PosAuth.Storage.PostgreSql;

/// <summary>The PostgreSQL stores' spans on the shared <c>PosAuth</c> activity source (the same names and tags as SQLite's).</summary>
internal static class PostgreSqlActivities
{
    internal const string StoreCall = "posauth.store";

    internal static readonly ActivitySource Source = new(PosAuthDiagnostics.ActivitySourceName);

    /// <summary>Starts the span of one store call (its round trips, the retry of a read included), or nothing when nobody listens.</summary>
    /// <param name="callerFile">The calling store's source file, which names the store (<c>PostgreSqlAttemptStore.cs</c> → <c>attempts</c>).</param>
    /// <param name="operation">The calling store method.</param>
    internal static Activity? StartStoreCall(string callerFile, string operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(StoreCall, ActivityKind.Client);
        activity?.SetTag(PosAuthDiagnostics.StoreTag, StoreOf(callerFile))
            .SetTag(PosAuthDiagnostics.StoreOperationTag, operation)
            .SetTag("db.system.name", "postgresql");
        return activity;
    }

    /// <summary>Marks a span as failed by <paramref name="exception"/>: its type only, never its message.</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);

    /// <summary>The store name of a store's source file, as the SQLite stores name theirs.</summary>
    internal static string StoreOf(string callerFile) =>
        Path.GetFileNameWithoutExtension(callerFile.Replace('\\', '/').AsSpan()) switch
        {
            "PostgreSqlAttemptStore" => "attempts",
            "PostgreSqlOperatorStore" => "operators",
            "PostgreSqlSessionStore" => "sessions",
            "PostgreSqlAuditStore" => "audit",
            "PostgreSqlInstallationSecretStore" => "installation_secrets",
            "PostgreSqlSignInStore" => "sign_in",
            "PostgreSqlServerClock" => "server_clock",
            _ => "postgresql",
        };
}
