using Microsoft.Data.Sqlite;
using static PosAuth.Storage.Sqlite.SqliteValues;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An <see cref="IOperatorStore"/> in a SQLite file. <see cref="TryUpdateAsync"/> is one
/// <c>UPDATE … WHERE version = @expected</c> statement, so the compare-and-swap holds across threads, store
/// instances and processes sharing the file; <see cref="ReplaceAllAsync"/> is one <c>BEGIN IMMEDIATE</c> transaction
/// (other connections see the old set until it commits, and a power cut leaves one set or the other). Instants are
/// stored as UTC ticks (the offset is not kept).
/// </summary>
public sealed class SqliteOperatorStore : IOperatorStore, IDisposable
{
    private const string Columns = "operator_id, role, pin_hash, must_change_pin, must_change_pin_reason, is_disabled, display_name, created_at, pin_changed_at, pin_expires_at, pin_history, version";
    private static readonly string[] Parameters = ["@id", "@role", "@hash", "@must", "@reason", "@disabled", "@name", "@created", "@changed", "@expires", "@history", "@v"];
    private static readonly string[] UpdateParameters = [.. Parameters, "@expected"];
    private static readonly string InsertSql = $"INSERT INTO operators ({Columns}) VALUES ({string.Join(", ", Parameters)}) ON CONFLICT (operator_id) DO NOTHING";

    private static readonly string FindSql = $"SELECT {Columns} FROM operators WHERE operator_id = ?1";

    private readonly SqliteStoreConnection _db;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    /// <exception cref="SqliteStoreException">The file is not a usable PosAuth database; it was not modified.</exception>
    public SqliteOperatorStore(SqliteStoreOptions options)
        : this(SqliteStoreConnection.Open(options, store: "operators"))
    {
    }

    /// <summary>A store over a connection shared with the other stores of the composition (it owns this use of it).</summary>
    internal SqliteOperatorStore(SqliteStoreConnection db) => _db = db;

    /// <summary>This store's use of its connection, for another store of the same file to share.</summary>
    internal SqliteStoreConnection Database => _db;

    /// <inheritdoc />
    public async ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return FindOn(_db, operatorId);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>
    /// Reads an account on <paramref name="db"/> (held by the caller, perhaps inside its transaction): the first read of
    /// every sign-in, a raw statement bound by index (<see cref="SqliteStatement"/>).
    /// </summary>
    internal static OperatorAccount? FindOn(SqliteStoreConnection db, string operatorId)
    {
        SqliteStatement read = db.Statement(FindSql);
        try
        {
            read.Bind(1, operatorId);
            return read.Step() ? ReadAccount(read) : null;
        }
        finally
        {
            read.Reset();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command(InsertSql, Parameters);
            Bind(command, account, 1);
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return UpdateOn(_db, account, expectedVersion);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command("DELETE FROM operators WHERE operator_id = @id", "@id");
            command.Parameters[0].Value = operatorId;
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {

            // TEXT primary keys compare with BINARY collation: ordinal UTF-8 order, the same as ordinal UTF-16 for operator numbers.
            SqliteCommand command = _db.Command($"SELECT {Columns} FROM operators ORDER BY operator_id");
            var list = new List<OperatorAccount>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(ReadAccount(reader));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.OperatorId, b.OperatorId));
            return list;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _db.Command("DELETE FROM operators").ExecuteNonQuery();
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (OperatorAccount account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account, nameof(accounts));
        }

        // A duplicate number makes an INSERT change nothing: that throws inside the transaction, which rolls back.
        OperatorAccount[] replacement = [.. accounts];
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _db.InImmediateTransaction(() =>
            {
                _db.Command("DELETE FROM operators").ExecuteNonQuery();
                SqliteCommand insert = _db.Command(InsertSql, Parameters);
                foreach (OperatorAccount account in replacement)
                {
                    Bind(insert, account, 1);
                    if (insert.ExecuteNonQuery() != 1)
                    {
                        throw new ArgumentException("The replacement set has two accounts with the same operator number; nothing was changed.", nameof(accounts));
                    }
                }

                return 0;
            });
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();

    /// <summary>The compare-and-swap update on <paramref name="db"/> (this store's connection, or the sign-in store's inside its transaction).</summary>
    internal static bool UpdateOn(SqliteStoreConnection db, OperatorAccount account, long expectedVersion)
    {
        SqliteCommand command = db.Command(
            """
            UPDATE operators SET role = @role, pin_hash = @hash, must_change_pin = @must, must_change_pin_reason = @reason,
                is_disabled = @disabled, display_name = @name, created_at = @created, pin_changed_at = @changed,
                pin_expires_at = @expires, pin_history = @history, version = @v
            WHERE operator_id = @id AND version = @expected
            """,
            UpdateParameters);
        Bind(command, account, expectedVersion + 1);
        command.Parameters[^1].Value = expectedVersion;
        return command.ExecuteNonQuery() == 1;
    }

    private static void Bind(SqliteCommand command, OperatorAccount account, long version)
    {
        SqliteParameterCollection p = command.Parameters;
        p[0].Value = account.OperatorId;
        p[1].Value = (long)account.Role;
        p[2].Value = account.PinHash;
        p[3].Value = Db(account.MustChangePin);
        p[4].Value = (long)account.MustChangePinReason;
        p[5].Value = Db(account.IsDisabled);
        p[6].Value = Db(account.DisplayName);
        p[7].Value = Db(account.CreatedAt);
        p[8].Value = Db(account.PinChangedAt);
        p[9].Value = Db(account.PinExpiresAt);
        p[10].Value = EncodeList(account.PinHistory ?? []);
        p[11].Value = version;
    }

    private static OperatorAccount ReadAccount(SqliteStatement r) => new()
    {
        OperatorId = r.Text(0)!,
        Role = (OperatorRole)r.Int32(1),
        PinHash = r.Text(2)!,
        MustChangePin = r.Int64(3) != 0,
        MustChangePinReason = (PinChangeReason)r.Int32(4),
        IsDisabled = r.Int64(5) != 0,
        DisplayName = r.Text(6),
        CreatedAt = r.Instant(7),
        PinChangedAt = r.NullableInstant(8),
        PinExpiresAt = r.NullableInstant(9),
        PinHistory = DecodeList(r.Text(10)!),
        Version = r.Int64(11),
    };

    private static OperatorAccount ReadAccount(SqliteDataReader r) => new()
    {
        OperatorId = r.GetString(0),
        Role = (OperatorRole)r.GetInt32(1),
        PinHash = r.GetString(2),
        MustChangePin = Bool(r, 3),
        MustChangePinReason = (PinChangeReason)r.GetInt32(4),
        IsDisabled = Bool(r, 5),
        DisplayName = String(r, 6),
        CreatedAt = Instant(r, 7),
        PinChangedAt = NullableInstant(r, 8),
        PinExpiresAt = NullableInstant(r, 9),
        PinHistory = DecodeList(r.GetString(10)),
        Version = r.GetInt64(11),
    };
}
