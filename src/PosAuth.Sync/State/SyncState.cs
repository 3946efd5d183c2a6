using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PosAuth.Sync.State;

/// <summary>What the agent last applied for one operator: the back office's credential epoch and the credential it carried.</summary>
/// <summary>An attempt lease as the lane keeps it (see <see cref="LeaseBook"/>).</summary>
internal sealed record LaneLease(
    string LeaseId, string OperatorId, long Epoch, int Attempts, int Remaining, int Pending, int Failed, int Refunded, bool Released,
    string Timeline, long GrantedTimestamp, long LifetimeMs, int ReportedFailed, int ReportedRefunded, bool ReportedReleased)
{
    /// <summary>Whether the back office has not yet heard everything about this lease.</summary>
    public bool NeedsReport => Failed > ReportedFailed || Refunded > ReportedRefunded || (Released && !ReportedReleased);
}

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
        Exec("""
            CREATE TABLE IF NOT EXISTS sync_leases (
                lease_id TEXT NOT NULL PRIMARY KEY, operator_id TEXT NOT NULL, epoch INTEGER NOT NULL, attempts INTEGER NOT NULL,
                remaining INTEGER NOT NULL, pending INTEGER NOT NULL, failed INTEGER NOT NULL, refunded INTEGER NOT NULL,
                released INTEGER NOT NULL, timeline TEXT NOT NULL, granted_ts INTEGER NOT NULL, lifetime_ms INTEGER NOT NULL,
                reported_failed INTEGER NOT NULL, reported_refunded INTEGER NOT NULL, reported_released INTEGER NOT NULL) WITHOUT ROWID
            """);

        // A verdict a crash lost (charged, the KDF never finished) counts as a wrong PIN: never a free attempt.
        Exec("UPDATE sync_leases SET failed = failed + pending, pending = 0 WHERE pending > 0");
    }

    // ---- attempt leases ----

    private const string LeaseColumns = "lease_id, operator_id, epoch, attempts, remaining, pending, failed, refunded, released, timeline, granted_ts, lifetime_ms, reported_failed, reported_refunded, reported_released";

    public Task<List<LaneLease>> GetLeasesAsync(string? operatorId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = operatorId is null
            ? Command($"SELECT {LeaseColumns} FROM sync_leases ORDER BY lease_id")
            : Command($"SELECT {LeaseColumns} FROM sync_leases WHERE operator_id = $o ORDER BY lease_id", ("$o", operatorId));
        using SqliteDataReader r = c.ExecuteReader();
        var list = new List<LaneLease>();
        while (r.Read())
        {
            list.Add(new LaneLease(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
                r.GetInt32(8) != 0, r.GetString(9), r.GetInt64(10), r.GetInt64(11), r.GetInt32(12), r.GetInt32(13), r.GetInt32(14) != 0));
        }

        return list;
    }, ct);

    /// <summary>In one transaction: forgets <paramref name="spentLeaseId"/> (an online charge used it) and stores <paramref name="granted"/>.</summary>
    public Task ReplaceLeaseAsync(string? spentLeaseId, LaneLease? granted, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteTransaction t = _connection.BeginTransaction();
        if (spentLeaseId is not null)
        {
            using SqliteCommand d = Command("DELETE FROM sync_leases WHERE lease_id = $l", ("$l", spentLeaseId));
            d.Transaction = t;
            d.ExecuteNonQuery();
        }

        if (granted is { } g)
        {
            using SqliteCommand i = Command(
                $"INSERT INTO sync_leases ({LeaseColumns}) VALUES ($l, $o, $e, $a, $a, 0, 0, 0, 0, $tl, $ts, $lt, 0, 0, 0) ON CONFLICT (lease_id) DO NOTHING",
                ("$l", g.LeaseId), ("$o", g.OperatorId), ("$e", g.Epoch), ("$a", g.Attempts), ("$tl", g.Timeline), ("$ts", g.GrantedTimestamp), ("$lt", g.LifetimeMs));
            i.Transaction = t;
            i.ExecuteNonQuery();
        }

        t.Commit();
        return 0;
    }, ct);

    /// <summary>Takes one attempt of a lease (durably, before the KDF); false when it has none left or was released.</summary>
    public Task<bool> TryTakeLeaseAttemptAsync(string leaseId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("UPDATE sync_leases SET remaining = remaining - 1, pending = pending + 1 WHERE lease_id = $l AND remaining >= 1 AND released = 0", ("$l", leaseId));
        return c.ExecuteNonQuery() == 1;
    }, ct);

    /// <summary>Settles a taken attempt: a right PIN gives it back to the lease, a wrong one is a failure to report.</summary>
    public Task SettleLeaseAttemptAsync(string leaseId, bool right, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command(right
            ? "UPDATE sync_leases SET remaining = remaining + 1, pending = pending - 1, refunded = refunded + 1 WHERE lease_id = $l AND pending >= 1"
            : "UPDATE sync_leases SET pending = pending - 1, failed = failed + 1 WHERE lease_id = $l AND pending >= 1", ("$l", leaseId));
        return c.ExecuteNonQuery();
    }, ct);

    /// <summary>The lane will not charge the lease again (its remaining attempts go back to the budget once reported).</summary>
    public Task ReleaseLeaseAsync(string leaseId, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command("UPDATE sync_leases SET released = 1, remaining = 0 WHERE lease_id = $l", ("$l", leaseId));
        return c.ExecuteNonQuery();
    }, ct);

    /// <summary>Records what the back office acknowledged; a released lease fully reported is forgotten.</summary>
    public Task MarkLeaseReportedAsync(string leaseId, int failed, int refunded, bool released, CancellationToken ct) => RunAsync(() =>
    {
        using SqliteCommand c = Command(
            "UPDATE sync_leases SET reported_failed = MAX(reported_failed, $f), reported_refunded = MAX(reported_refunded, $r), reported_released = MAX(reported_released, $rel) WHERE lease_id = $l",
            ("$l", leaseId), ("$f", failed), ("$r", refunded), ("$rel", released ? 1 : 0));
        c.ExecuteNonQuery();
        using SqliteCommand d = Command("DELETE FROM sync_leases WHERE lease_id = $l AND released = 1 AND reported_released = 1 AND pending = 0 AND reported_failed >= failed", ("$l", leaseId));
        return d.ExecuteNonQuery();
    }, ct);

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
