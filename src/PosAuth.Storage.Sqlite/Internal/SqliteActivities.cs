using System.Diagnostics;

namespace PosAuth.Storage.Sqlite;

/// <summary>The SQLite stores' spans on the shared <c>PosAuth</c> activity source.</summary>
internal static class SqliteActivities
{
    internal const string StoreCall = "posauth.store";

    internal static readonly ActivitySource Source = new(PosAuthDiagnostics.ActivitySourceName);

    /// <summary>Starts the span of one store call, or nothing when nobody listens.</summary>
    internal static Activity? StartStoreCall(string store, string operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(StoreCall, ActivityKind.Client);
        activity?.SetTag(PosAuthDiagnostics.StoreTag, store)
            .SetTag(PosAuthDiagnostics.StoreOperationTag, operation)
            .SetTag("db.system.name", "sqlite");
        return activity;
    }

    /// <summary>Marks a span as failed by <paramref name="exception"/>: its type only, never its message.</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
}
