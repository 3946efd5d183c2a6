using Npgsql;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An <see cref="IOperatorStore"/> over the <c>operators</c> table of one site. <see cref="TryUpdateAsync"/> is one
/// <c>UPDATE … WHERE site = $1 AND operator_id = $2 AND version = $expected</c> and <see cref="TryCreateAsync"/> one
/// <c>INSERT … ON CONFLICT DO NOTHING</c>, so the compare-and-swap holds across threads, processes and lanes.
/// Faults that pass by themselves throw <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class PostgreSqlOperatorStore : IOperatorStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "operator_id, role, pin_hash, must_change_pin, must_change_pin_reason, is_disabled, display_name, created_at, pin_changed_at, pin_expires_at, pin_history, version";

    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly string _find;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;
    private readonly string _list;
    private readonly string _deleteAll;

    /// <summary>Creates the store over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first call.</summary>
    /// <param name="options">The settings; <see cref="PostgreSqlStoreOptions.Site"/> and a connection are required.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlOperatorStore(PostgreSqlStoreOptions options)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true)
    {
    }

    internal PostgreSqlOperatorStore(PostgreSqlStoreContext context, bool ownsContext)
    {
        _db = context;
        _ownsContext = ownsContext;
        string t = context.QuotedSchema + ".operators";
        _find = $"SELECT {Columns} FROM {t} WHERE site = $1 AND operator_id = $2";
        _insert = $"INSERT INTO {t} (site, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (site, operator_id) DO NOTHING";
        _update = $"""
            UPDATE {t} SET role = $3, pin_hash = $4, must_change_pin = $5, must_change_pin_reason = $6, is_disabled = $7,
                display_name = $8, created_at = $9, pin_changed_at = $10, pin_expires_at = $11, pin_history = $12, version = $13
            WHERE site = $1 AND operator_id = $2 AND version = $14
            """;
        _delete = $"DELETE FROM {t} WHERE site = $1 AND operator_id = $2";
        _list = $"SELECT {Columns} FROM {t} WHERE site = $1 ORDER BY operator_id";
        _deleteAll = $"DELETE FROM {t} WHERE site = $1";
    }

    /// <summary>The site whose operators this store holds.</summary>
    public string Site => _db.Site;

    /// <summary>The shared connection context (tests check that one registration shares one data source).</summary>
    internal PostgreSqlStoreContext Context => _db;

    /// <inheritdoc />
    public async ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return await _db.ReadAsync(
            (Store: this, Id: operatorId),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._find, c);
                Text(command.Parameters, s.Store.Site);
                Text(command.Parameters, s.Id);
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadAccount(reader) : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await _db.WriteAsync(
            (Store: this, Account: account),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._insert, c);
                s.Store.Bind(command.Parameters, s.Account, version: 1);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await _db.WriteAsync(
            (Store: this, Account: account, Expected: expectedVersion),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._update, c);
                s.Store.Bind(command.Parameters, s.Account, s.Expected + 1);
                Bigint(command.Parameters, s.Expected);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The columns of an account, in the order <see cref="ReadAccount"/> reads them.</summary>
    internal static string AccountColumns => Columns;

    /// <summary>The compare-and-swap of <see cref="TryUpdateAsync"/> as a command for another store's transaction (it may update nothing).</summary>
    internal NpgsqlBatchCommand UpdateCommand(OperatorAccount account, long expectedVersion)
    {
        var command = new NpgsqlBatchCommand(_update);
        Bind(command.Parameters, account, expectedVersion + 1);
        Bigint(command.Parameters, expectedVersion);
        return command;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return await _db.WriteAsync(
            (Store: this, Id: operatorId),
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
    public async ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        return await _db.ReadAsync(
            this,
            static async (c, store, ct) =>
            {
                // operator_id uses the "C" collation: byte order of UTF-8, which is ordinal order for operator numbers.
                await using NpgsqlCommand command = store._db.Command(store._list, c);
                Text(command.Parameters, store.Site);
                var list = new List<OperatorAccount>();
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    list.Add(ReadAccount(reader));
                }

                list.Sort(static (a, b) => string.CompareOrdinal(a.OperatorId, b.OperatorId));
                return (IReadOnlyList<OperatorAccount>)list;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction on one connection: the site's operators are deleted and the new set inserted, so other
    /// connections see the old set until it commits and a crash leaves one set or the other. Other sites are untouched.
    /// </remarks>
    public async ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (OperatorAccount account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account, nameof(accounts));
            if (!numbers.Add(account.OperatorId))
            {
                throw new ArgumentException("The replacement set has two accounts with the same operator number; nothing was changed.", nameof(accounts));
            }
        }

        OperatorAccount[] replacement = [.. accounts];
        await _db.WriteAsync(
            (Store: this, Accounts: replacement),
            static async (c, s, ct) =>
            {
                await using NpgsqlTransaction transaction = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (NpgsqlCommand delete = s.Store._db.Command(s.Store._deleteAll, c))
                {
                    delete.Transaction = transaction;
                    Text(delete.Parameters, s.Store.Site);
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                foreach (OperatorAccount account in s.Accounts)
                {
                    await using NpgsqlCommand insert = s.Store._db.Command(s.Store._insert, c);
                    insert.Transaction = transaction;
                    s.Store.Bind(insert.Parameters, account, version: 1);
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Deletes the operators of this store's site only.</remarks>
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken = default)
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

    private void Bind(NpgsqlParameterCollection p, OperatorAccount a, long version)
    {
        Text(p, Site);
        Text(p, a.OperatorId ?? throw new ArgumentException("The account has no operator id.", nameof(a)));
        Integer(p, (int)a.Role);
        Text(p, a.PinHash ?? throw new ArgumentException("The account has no PIN hash.", nameof(a)));
        Boolean(p, a.MustChangePin);
        Integer(p, (int)a.MustChangePinReason);
        Boolean(p, a.IsDisabled);
        TextOrNull(p, a.DisplayName);
        Instant(p, a.CreatedAt);
        Instant(p, a.PinChangedAt);
        Instant(p, a.PinExpiresAt);
        TextArray(p, a.PinHistory ?? []);
        Bigint(p, version);
    }

    /// <summary>An account from the current row of a reader whose columns from <paramref name="first"/> on are <see cref="AccountColumns"/>.</summary>
    internal static OperatorAccount ReadAccount(NpgsqlDataReader r, int first = 0) => new()
    {
        OperatorId = r.GetString(first),
        Role = (OperatorRole)r.GetInt32(first + 1),
        PinHash = r.GetString(first + 2),
        MustChangePin = r.GetBoolean(first + 3),
        MustChangePinReason = (PinChangeReason)r.GetInt32(first + 4),
        IsDisabled = r.GetBoolean(first + 5),
        DisplayName = NullableText(r, first + 6),
        CreatedAt = Instant(r, first + 7),
        PinChangedAt = NullableInstant(r, first + 8),
        PinExpiresAt = NullableInstant(r, first + 9),
        PinHistory = r.GetFieldValue<string[]>(first + 10),
        Version = r.GetInt64(first + 11),
    };
}
