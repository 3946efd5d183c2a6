using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PosAuth.Sync.State;

/// <summary>What the agent last applied for one operator: the back office's credential epoch and the credential it carried.</summary>
internal sealed record AppliedOperator(string OperatorId, long Epoch, long ChangeSeq, string? PinHash, long? PinChangedAtTicks);

/// <summary>
/// The agent's own durable state, in a small SQLite file beside the lane's database (WAL, synchronous=FULL): the
/// directory cursor, per operator the credential epoch and credential last applied from the back office (a replica row
/// whose credential differs is a PIN changed on this lane, still to push), how far the audit trail was pushed, and
/// notices for cashiers. Every write is one statement; the cursor only moves after the records before it were applied,
/// so a crash at any point only makes the next pull apply some records again (applying is idempotent).
/// </summary>
internal sealed class SyncState : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SyncState(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Exec("PRAGMA busy_timeout = 5000");
        Exec("PRAGMA journal_mode = WAL");
        Exec("PRAGMA synchronous = FULL");
        Exec("CREATE TABLE IF NOT EXISTS sync_values (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
        Exec("CREATE TABLE IF NOT EXISTS sync_operators (operator_id TEXT NOT NULL PRIMARY KEY, epoch INTEGER NOT NULL, change_seq INTEGER NOT NULL, pin_hash TEXT NULL, pin_changed_at INTEGER NULL) WITHOUT ROWID");
        Exec("CREATE TABLE IF NOT EXISTS sync_notices (operator_id TEXT NOT NULL PRIMARY KEY, code TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID");
    }

    public Task<long> GetLongAsync(string name, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("SELECT value FROM sync_values WHERE name = $n", ("$n", name));
        return c.ExecuteScalar() is string s ? long.Parse(s, CultureInfo.InvariantCulture) : 0L;
    }, ct);

    public Task SetLongAsync(string name, long value, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("INSERT INTO sync_values (name, value) VALUES ($n, $v) ON CONFLICT (name) DO UPDATE SET value = excluded.value", ("$n", name), ("$v", value.ToString(CultureInfo.InvariantCulture)));
        return c.ExecuteNonQuery();
    }, ct);

    public Task<AppliedOperator?> GetAppliedAsync(string operatorId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("SELECT operator_id, epoch, change_seq, pin_hash, pin_changed_at FROM sync_operators WHERE operator_id = $o", ("$o", operatorId));
        using SqliteDataReader r = c.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }, ct);

    public Task<Dictionary<string, AppliedOperator>> GetAllAppliedAsync(CancellationToken ct) => RunAsync(() =>
    {
        var all = new Dictionary<string, AppliedOperator>(StringComparer.Ordinal);
        using SqliteCommand c = Command("SELECT operator_id, epoch, change_seq, pin_hash, pin_changed_at FROM sync_operators");
        using SqliteDataReader r = c.ExecuteReader();
        while (r.Read())
        {
            AppliedOperator a = Read(r);
            all[a.OperatorId] = a;
        }

        return all;
    }, ct);

    public Task SetAppliedAsync(AppliedOperator applied, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command(
            "INSERT INTO sync_operators (operator_id, epoch, change_seq, pin_hash, pin_changed_at) VALUES ($o, $e, $s, $h, $p) ON CONFLICT (operator_id) DO UPDATE SET epoch = excluded.epoch, change_seq = excluded.change_seq, pin_hash = excluded.pin_hash, pin_changed_at = excluded.pin_changed_at",
            ("$o", applied.OperatorId), ("$e", applied.Epoch), ("$s", applied.ChangeSeq), ("$h", applied.PinHash), ("$p", applied.PinChangedAtTicks));
        return c.ExecuteNonQuery();
    }, ct);

    public Task RemoveAppliedAsync(string operatorId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("DELETE FROM sync_operators WHERE operator_id = $o", ("$o", operatorId));
        return c.ExecuteNonQuery();
    }, ct);

    public Task SetNoticeAsync(string operatorId, string code, DateTimeOffset at, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("INSERT INTO sync_notices (operator_id, code, at) VALUES ($o, $c, $a) ON CONFLICT (operator_id) DO UPDATE SET code = excluded.code, at = excluded.at", ("$o", operatorId), ("$c", code), ("$a", at.UtcTicks));
        return c.ExecuteNonQuery();
    }, ct);

    public Task<(string Code, DateTimeOffset At)?> GetNoticeAsync(string operatorId, CancellationToken ct) => RunAsync<(string, DateTimeOffset)?>(() =>
    {
        using SqliteCommand c = Command("SELECT code, at FROM sync_notices WHERE operator_id = $o", ("$o", operatorId));
        using SqliteDataReader r = c.ExecuteReader();
        return r.Read() ? (r.GetString(0), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero)) : null;
    }, ct);

    public Task ClearNoticeAsync(string operatorId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("DELETE FROM sync_notices WHERE operator_id = $o", ("$o", operatorId));
        return c.ExecuteNonQuery();
    }, ct);

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private static AppliedOperator Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4));

    private async Task<T> RunAsync<T>(Func<T> body, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return body();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 or 10 or 13)
        {
            throw new StoreUnavailableException("The sync state file is busy or cannot be written.", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Exec(string sql)
    {
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand c = _connection.CreateCommand();
        c.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            c.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return c;
    }
}
