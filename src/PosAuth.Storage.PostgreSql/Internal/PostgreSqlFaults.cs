using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// Sorts the errors Npgsql raises into the two kinds callers act on: <see cref="StoreUnavailableException"/> for faults
/// that pass by themselves (the caller fails closed and tries again later) and <see cref="PostgreSqlStoreException"/>
/// for faults that need a person. No Npgsql exception leaves a store; the original is the inner exception.
/// </summary>
internal static class PostgreSqlFaults
{
    /// <summary>What kind of fault an exception is.</summary>
    internal enum Kind
    {
        /// <summary>Not a store fault (a bug, or the caller's own cancellation): let it through unchanged.</summary>
        None,

        /// <summary>The server cannot be reached, or the connection broke (server stopped, backend terminated).</summary>
        ConnectionLost,

        /// <summary>A command or connection attempt ran past its timeout.</summary>
        Timeout,

        /// <summary>The server is up but cannot serve now (overloaded, busy, in recovery, read-only standby).</summary>
        Busy,

        /// <summary>Needs a person: <see cref="PostgreSqlStoreException"/>.</summary>
        Permanent,
    }

    /// <summary>Classifies <paramref name="exception"/>; the caller's own cancellation is never a fault.</summary>
    internal static Kind Classify(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException)
        {
            // Npgsql throws OperationCanceledException only for the caller's token; anything else is a timeout.
            return cancellationToken.IsCancellationRequested ? Kind.None : Kind.Timeout;
        }

        return exception switch
        {
            PostgreSqlStoreException or StoreUnavailableException => Kind.None,
            PostgresException pg => ClassifySqlState(pg.SqlState),
            NpgsqlException { InnerException: TimeoutException } => Kind.Timeout,
            NpgsqlException { InnerException: AuthenticationException } => Kind.Permanent,
            NpgsqlException { IsTransient: true } => Kind.ConnectionLost,
            NpgsqlException => Kind.Permanent,
            TimeoutException => Kind.Timeout,
            IOException or SocketException => Kind.ConnectionLost,
            _ => Kind.None,
        };
    }

    /// <summary>Classifies a server error by its SQLSTATE (PostgreSQL manual, appendix A).</summary>
    internal static Kind ClassifySqlState(string sqlState)
    {
        ArgumentNullException.ThrowIfNull(sqlState);
        return sqlState switch
        {
            // Class 08 connection exception; 57P01 admin_shutdown (pg_terminate_backend, smart/fast stop);
            // 57P02 crash_shutdown; 57P03 cannot_connect_now (starting up, shutting down); 57P05 idle_session_timeout.
            _ when sqlState.StartsWith("08", StringComparison.Ordinal) => Kind.ConnectionLost,
            "57P01" or "57P02" or "57P03" or "57P05" => Kind.ConnectionLost,

            // 57014 query_canceled: the command timeout fired (Npgsql sent a cancel request).
            "57014" => Kind.Timeout,

            // Class 53 insufficient resources (too many connections, disk full, out of memory); class 58 system error;
            // 55P03 lock_not_available; 55006 object_in_use; 40001 serialization_failure; 40P01 deadlock_detected;
            // 25006 read_only_sql_transaction (a standby, for example during a fail-over).
            _ when sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("58", StringComparison.Ordinal) => Kind.Busy,
            "55P03" or "55006" or "40001" or "40P01" or "25006" => Kind.Busy,
            _ => Kind.Permanent,
        };
    }

    /// <summary>The exception to throw for <paramref name="exception"/> of kind <paramref name="kind"/> (not <see cref="Kind.None"/>).</summary>
    internal static Exception Translate(Exception exception, Kind kind) => kind switch
    {
        Kind.ConnectionLost => new StoreUnavailableException("The PostgreSQL store is unavailable: the server cannot be reached or the connection was lost.", exception),
        Kind.Timeout => new StoreUnavailableException("The PostgreSQL store is unavailable: a command ran past its timeout.", exception),
        Kind.Busy => new StoreUnavailableException("The PostgreSQL store is unavailable: the server is busy or cannot accept writes now.", exception),
        Kind.Permanent => Permanent(exception),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static PostgreSqlStoreException Permanent(Exception exception)
    {
        if (exception is PostgresException pg)
        {
            string state = pg.SqlState;
            (PostgreSqlStoreErrorCode code, string message) = state switch
            {
                _ when state.StartsWith("28", StringComparison.Ordinal) =>
                    (PostgreSqlStoreErrorCode.AccessDenied, "The PostgreSQL server refused the credentials of the connection string."),
                "42501" => (PostgreSqlStoreErrorCode.AccessDenied, "The PostgreSQL role lacks a privilege the store needs (SQLSTATE 42501)."),
                "3D000" => (PostgreSqlStoreErrorCode.DatabaseNotFound, "The PostgreSQL database named in the connection string does not exist."),
                _ => (PostgreSqlStoreErrorCode.ServerError, $"The PostgreSQL server reported an unexpected error (SQLSTATE {state})."),
            };
            return new PostgreSqlStoreException(code, message, exception) { SqlState = state };
        }

        return new PostgreSqlStoreException(
            PostgreSqlStoreErrorCode.ConnectionRejected,
            "The PostgreSQL connection could not be set up (TLS, certificate or client configuration); see the inner exception.",
            exception);
    }
}
