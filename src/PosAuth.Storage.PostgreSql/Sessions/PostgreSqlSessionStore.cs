using Npgsql;
using PosAuth.Sessions;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An <see cref="ISessionStore"/> over the <c>sessions</c> table of one site (one row per terminal).
/// <see cref="TrySaveAsync"/> is one statement: <c>INSERT … ON CONFLICT DO NOTHING</c> for expected version 0,
/// otherwise <c>UPDATE … WHERE site = $1 AND terminal_id = $2 AND version = $expected</c>.
/// </summary>
public sealed class PostgreSqlSessionStore : ISessionStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "terminal_id, state, operator_id, operator_role, batch_number, batch_open, shift_number, session_started_at, operator_signed_in_at, host_signed_in_at, last_activity_at, last_transition_at, sign_in_required_reason, sign_in_required_response_code, state_before_lock, state_before_maintenance, last_host_succeeded, last_host_response_code, last_host_failure_reason, last_host_exchange_at, version";

    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly string _get;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;
    private readonly string _deleteAll;

    /// <summary>Creates the store over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first call.</summary>
    /// <param name="options">The settings; <see cref="PostgreSqlStoreOptions.Site"/> and a connection are required.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlSessionStore(PostgreSqlStoreOptions options)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true)
    {
    }

    internal PostgreSqlSessionStore(PostgreSqlStoreContext context, bool ownsContext)
    {
        _db = context;
        _ownsContext = ownsContext;
        string t = context.QuotedSchema + ".sessions";
        _get = $"SELECT {Columns} FROM {t} WHERE site = $1 AND terminal_id = $2";
        _insert = $"INSERT INTO {t} (site, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) ON CONFLICT (site, terminal_id) DO NOTHING";
        _update = $"""
            UPDATE {t} SET state = $3, operator_id = $4, operator_role = $5, batch_number = $6, batch_open = $7,
                shift_number = $8, session_started_at = $9, operator_signed_in_at = $10, host_signed_in_at = $11,
                last_activity_at = $12, last_transition_at = $13, sign_in_required_reason = $14,
                sign_in_required_response_code = $15, state_before_lock = $16, state_before_maintenance = $17,
                last_host_succeeded = $18, last_host_response_code = $19, last_host_failure_reason = $20,
                last_host_exchange_at = $21, version = $22
            WHERE site = $1 AND terminal_id = $2 AND version = $23
            """;
        _delete = $"DELETE FROM {t} WHERE site = $1 AND terminal_id = $2";
        _deleteAll = $"DELETE FROM {t} WHERE site = $1";
    }

    /// <summary>The site whose sessions this store holds.</summary>
    public string Site => _db.Site;

    /// <summary>The shared connection context (tests check that one registration shares one data source).</summary>
    internal PostgreSqlStoreContext Context => _db;

    /// <inheritdoc />
    public async ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        return await _db.ReadAsync(
            (Store: this, Id: terminalId),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._get, c);
                Text(command.Parameters, s.Store.Site);
                Text(command.Parameters, s.Id);
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadSession(reader) : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        return await _db.WriteAsync(
            (Store: this, Session: session, Expected: expectedVersion),
            static async (c, s, ct) =>
            {
                bool insert = s.Expected == 0;
                await using NpgsqlCommand command = s.Store._db.Command(insert ? s.Store._insert : s.Store._update, c);
                s.Store.Bind(command.Parameters, s.Session);
                if (!insert)
                {
                    Bigint(command.Parameters, s.Expected);
                }

                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        return await _db.WriteAsync(
            (Store: this, Id: terminalId),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._delete, c);
                Text(command.Parameters, s.Store.Site);
                Text(command.Parameters, s.Id);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Deletes the snapshots of this store's site only.</remarks>
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        await _db.WriteAsync(
            this,
            static async (c, store, ct) =>
            {
                await using NpgsqlCommand command = store._db.Command(store._deleteAll, c);
                Text(command.Parameters, store.Site);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the data source if this store created it.</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => _ownsContext ? _db.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Releases the data source if this store created it.</summary>
    public void Dispose()
    {
        if (_ownsContext)
        {
            _db.Dispose();
        }
    }

    private void Bind(NpgsqlParameterCollection p, TerminalSession s)
    {
        Text(p, Site);
        Text(p, s.TerminalId ?? throw new ArgumentException("The session has no terminal id.", nameof(s)));
        Integer(p, (int)s.State);
        TextOrNull(p, s.OperatorId);
        Integer(p, (int?)s.OperatorRole);
        Integer(p, s.BatchNumber);
        Boolean(p, s.BatchOpen);
        Integer(p, s.ShiftNumber);
        Instant(p, s.SessionStartedAt);
        Instant(p, s.OperatorSignedInAt);
        Instant(p, s.HostSignedInAt);
        Instant(p, s.LastActivityAt);
        Instant(p, s.LastTransitionAt);
        Integer(p, (int)s.SignInRequiredReason);
        TextOrNull(p, s.SignInRequiredResponseCode);
        Integer(p, (int?)s.StateBeforeLock);
        Integer(p, (int?)s.StateBeforeMaintenance);
        Boolean(p, s.LastHostSucceeded);
        TextOrNull(p, s.LastHostResponseCode);
        TextOrNull(p, s.LastHostFailureReason);
        Instant(p, s.LastHostExchangeAt);
        Bigint(p, s.Version);
    }

    private static TerminalSession ReadSession(NpgsqlDataReader r) => new()
    {
        TerminalId = r.GetString(0),
        State = (TerminalSessionState)r.GetInt32(1),
        OperatorId = NullableText(r, 2),
        OperatorRole = (OperatorRole?)NullableInteger(r, 3),
        BatchNumber = r.GetInt32(4),
        BatchOpen = r.GetBoolean(5),
        ShiftNumber = r.GetInt32(6),
        SessionStartedAt = NullableInstant(r, 7),
        OperatorSignedInAt = NullableInstant(r, 8),
        HostSignedInAt = NullableInstant(r, 9),
        LastActivityAt = NullableInstant(r, 10),
        LastTransitionAt = NullableInstant(r, 11),
        SignInRequiredReason = (SignInRequiredReason)r.GetInt32(12),
        SignInRequiredResponseCode = NullableText(r, 13),
        StateBeforeLock = (TerminalSessionState?)NullableInteger(r, 14),
        StateBeforeMaintenance = (TerminalSessionState?)NullableInteger(r, 15),
        LastHostSucceeded = NullableBoolean(r, 16),
        LastHostResponseCode = NullableText(r, 17),
        LastHostFailureReason = NullableText(r, 18),
        LastHostExchangeAt = NullableInstant(r, 19),
        Version = r.GetInt64(20),
    };
}
