using Microsoft.Data.Sqlite;
using PosAuth.Sessions;
using static PosAuth.Storage.Sqlite.SqliteValues;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An <see cref="ISessionStore"/> in a SQLite file. <see cref="TrySaveAsync"/> is one statement (an insert on the
/// primary key, or <c>UPDATE … WHERE version = @expected</c>), atomic across processes sharing the file.
/// Instants are stored as UTC ticks (the offset is not kept).
/// </summary>
public sealed class SqliteSessionStore : ISessionStore, IDisposable
{
    private const string Columns = "terminal_id, state, operator_id, operator_role, batch_number, batch_open, shift_number, session_started_at, operator_signed_in_at, host_signed_in_at, last_activity_at, last_transition_at, sign_in_required_reason, sign_in_required_response_code, state_before_lock, state_before_maintenance, last_host_succeeded, last_host_response_code, last_host_failure_reason, last_host_exchange_at, version";
    private static readonly string[] Parameters = ["@t", "@state", "@op", "@role", "@batch", "@batchOpen", "@shift", "@started", "@opSignedIn", "@hostSignedIn", "@activity", "@transition", "@reason", "@reasonCode", "@beforeLock", "@beforeMaint", "@hostOk", "@hostCode", "@hostFailure", "@hostAt", "@v"];
    private static readonly string[] UpdateParameters = [.. Parameters, "@expected"];
    private static readonly string InsertSql = $"INSERT INTO sessions ({Columns}) VALUES ({string.Join(", ", Parameters)}) ON CONFLICT (terminal_id) DO NOTHING";

    private readonly SqliteStoreConnection _db;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    /// <exception cref="SqliteStoreException">The file is not a usable PosAuth database; it was not modified.</exception>
    public SqliteSessionStore(SqliteStoreOptions options)
        : this(SqliteStoreConnection.Open(options, store: "sessions"))
    {
    }

    /// <summary>A store over a connection shared with the other stores of the composition (it owns this use of it).</summary>
    internal SqliteSessionStore(SqliteStoreConnection db) => _db = db;

    /// <summary>This store's use of its connection, for another store of the same file to share.</summary>
    internal SqliteStoreConnection Database => _db;

    /// <inheritdoc />
    public async ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command($"SELECT {Columns} FROM sessions WHERE terminal_id = @t", "@t");
            command.Parameters[0].Value = terminalId;
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadSession(reader) : null;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command;
            if (expectedVersion == 0)
            {
                command = _db.Command(InsertSql, Parameters);
            }
            else
            {
                command = _db.Command(
                    """
                    UPDATE sessions SET state = @state, operator_id = @op, operator_role = @role, batch_number = @batch,
                        batch_open = @batchOpen, shift_number = @shift, session_started_at = @started,
                        operator_signed_in_at = @opSignedIn, host_signed_in_at = @hostSignedIn, last_activity_at = @activity,
                        last_transition_at = @transition, sign_in_required_reason = @reason,
                        sign_in_required_response_code = @reasonCode, state_before_lock = @beforeLock,
                        state_before_maintenance = @beforeMaint, last_host_succeeded = @hostOk, last_host_response_code = @hostCode,
                        last_host_failure_reason = @hostFailure, last_host_exchange_at = @hostAt, version = @v
                    WHERE terminal_id = @t AND version = @expected
                    """,
                    UpdateParameters);
                command.Parameters[^1].Value = expectedVersion;
            }

            Bind(command, session);
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command("DELETE FROM sessions WHERE terminal_id = @t", "@t");
            command.Parameters[0].Value = terminalId;
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _db.Command("DELETE FROM sessions").ExecuteNonQuery();
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();

    private static void Bind(SqliteCommand command, TerminalSession s)
    {
        SqliteParameterCollection p = command.Parameters;
        p[0].Value = s.TerminalId;
        p[1].Value = (long)s.State;
        p[2].Value = Db(s.OperatorId);
        p[3].Value = Db((int?)s.OperatorRole);
        p[4].Value = (long)s.BatchNumber;
        p[5].Value = Db(s.BatchOpen);
        p[6].Value = (long)s.ShiftNumber;
        p[7].Value = Db(s.SessionStartedAt);
        p[8].Value = Db(s.OperatorSignedInAt);
        p[9].Value = Db(s.HostSignedInAt);
        p[10].Value = Db(s.LastActivityAt);
        p[11].Value = Db(s.LastTransitionAt);
        p[12].Value = (long)s.SignInRequiredReason;
        p[13].Value = Db(s.SignInRequiredResponseCode);
        p[14].Value = Db((int?)s.StateBeforeLock);
        p[15].Value = Db((int?)s.StateBeforeMaintenance);
        p[16].Value = Db(s.LastHostSucceeded);
        p[17].Value = Db(s.LastHostResponseCode);
        p[18].Value = Db(s.LastHostFailureReason);
        p[19].Value = Db(s.LastHostExchangeAt);
        p[20].Value = s.Version;
    }

    private static TerminalSession ReadSession(SqliteDataReader r) => new()
    {
        TerminalId = r.GetString(0),
        State = (TerminalSessionState)r.GetInt32(1),
        OperatorId = String(r, 2),
        OperatorRole = (OperatorRole?)NullableInt(r, 3),
        BatchNumber = r.GetInt32(4),
        BatchOpen = Bool(r, 5),
        ShiftNumber = r.GetInt32(6),
        SessionStartedAt = NullableInstant(r, 7),
        OperatorSignedInAt = NullableInstant(r, 8),
        HostSignedInAt = NullableInstant(r, 9),
        LastActivityAt = NullableInstant(r, 10),
        LastTransitionAt = NullableInstant(r, 11),
        SignInRequiredReason = (SignInRequiredReason)r.GetInt32(12),
        SignInRequiredResponseCode = String(r, 13),
        StateBeforeLock = (TerminalSessionState?)NullableInt(r, 14),
        StateBeforeMaintenance = (TerminalSessionState?)NullableInt(r, 15),
        LastHostSucceeded = NullableBool(r, 16),
        LastHostResponseCode = String(r, 17),
        LastHostFailureReason = String(r, 18),
        LastHostExchangeAt = NullableInstant(r, 19),
        Version = r.GetInt64(20),
    };
}
