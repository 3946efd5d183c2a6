using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of forward migrations. A database records each applied step in
/// <c>posauth_schema</c>; opening applies the missing ones in one immediate transaction (so two processes
/// opening a new file together migrate it once) and refuses a database newer than <see cref="LatestVersion"/>.
/// Never edit a shipped step: add a new one.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Every migration, in order.</summary>
    internal static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        new(1, "operators, attempts, sessions, audit chain",
        [
            """
            CREATE TABLE operators (
                operator_id TEXT NOT NULL PRIMARY KEY,
                role INTEGER NOT NULL,
                pin_hash TEXT NOT NULL,
                must_change_pin INTEGER NOT NULL,
                must_change_pin_reason INTEGER NOT NULL,
                is_disabled INTEGER NOT NULL,
                display_name TEXT NULL,
                created_at INTEGER NOT NULL,
                pin_changed_at INTEGER NULL,
                pin_expires_at INTEGER NULL,
                pin_history TEXT NOT NULL,
                version INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE attempts (
                terminal_id TEXT NOT NULL,
                operator_id TEXT NOT NULL,
                failure_count INTEGER NOT NULL,
                first_failure_at INTEGER NULL,
                last_failure_at INTEGER NULL,
                lock_started_at INTEGER NULL,
                lock_duration INTEGER NOT NULL,
                locked_until INTEGER NULL,
                temporary_lockout_count INTEGER NOT NULL,
                is_permanently_locked INTEGER NOT NULL,
                lock_reason INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                last_seen_timestamp INTEGER NOT NULL,
                clock_epoch INTEGER NOT NULL,
                elapsed_since_last_failure INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (terminal_id, operator_id)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE sessions (
                terminal_id TEXT NOT NULL PRIMARY KEY,
                state INTEGER NOT NULL,
                operator_id TEXT NULL,
                operator_role INTEGER NULL,
                batch_number INTEGER NOT NULL,
                batch_open INTEGER NOT NULL,
                shift_number INTEGER NOT NULL,
                session_started_at INTEGER NULL,
                operator_signed_in_at INTEGER NULL,
                host_signed_in_at INTEGER NULL,
                last_activity_at INTEGER NULL,
                last_transition_at INTEGER NULL,
                sign_in_required_reason INTEGER NOT NULL,
                sign_in_required_response_code TEXT NULL,
                state_before_lock INTEGER NULL,
                state_before_maintenance INTEGER NULL,
                last_host_succeeded INTEGER NULL,
                last_host_response_code TEXT NULL,
                last_host_failure_reason TEXT NULL,
                last_host_exchange_at INTEGER NULL,
                version INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE audit (
                sequence INTEGER NOT NULL PRIMARY KEY,
                type INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                terminal_id TEXT NULL,
                operator_id TEXT NULL,
                actor_id TEXT NULL,
                code TEXT NULL,
                detail TEXT NULL,
                mac BLOB NOT NULL
            )
            """,
            """
            CREATE TABLE audit_chain (
                id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                start_sequence INTEGER NOT NULL,
                start_mac BLOB NOT NULL,
                last_sequence INTEGER NOT NULL,
                last_mac BLOB NOT NULL,
                clearing INTEGER NOT NULL
            )
            """,
            "INSERT INTO audit_chain (id, start_sequence, start_mac, last_sequence, last_mac, clearing) VALUES (1, 1, zeroblob(32), 0, zeroblob(32), 0)",
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN (SELECT clearing FROM audit_chain WHERE id = 1) = 0 BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        ]),
        new(2, "audit index by operator",
        [
            "CREATE INDEX audit_by_operator ON audit (operator_id, sequence)",
        ]),
        new(
            3,
            "authenticated audit chain head",
            [
                "ALTER TABLE audit_chain ADD COLUMN head_mac BLOB NOT NULL DEFAULT X''",
            ],
            SignHeadOnUpgrade),
        new(4, "installation secrets",
        [
            "CREATE TABLE installation_secrets (name TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL)",
        ]),

        // No query reads the audit by operator (the trail is read in sequence order); the index cost every sign-in's
        // outcome commit one more page written and synced.
        new(5, "drop the unused audit index by operator",
        [
            "DROP INDEX IF EXISTS audit_by_operator",
        ]),

        // The head moves with every append; in a table of its own it cost every outcome commit one more page written
        // and synced. As the trail's last row (sequence = long.MaxValue, above every record) it shares the page the
        // appended record goes into. The triggers change with it: the head row alone may be updated, and it is never
        // deleted; records are deleted only while the head row says a clear is under way.
        new(6, "the audit chain head in the trail's last row",
        [
            "ALTER TABLE audit ADD COLUMN start_sequence INTEGER NULL",
            "ALTER TABLE audit ADD COLUMN start_mac BLOB NULL",
            "ALTER TABLE audit ADD COLUMN last_sequence INTEGER NULL",
            "ALTER TABLE audit ADD COLUMN last_mac BLOB NULL",
            "ALTER TABLE audit ADD COLUMN head_mac BLOB NULL",
            "ALTER TABLE audit ADD COLUMN clearing INTEGER NULL",
            "DROP TRIGGER audit_no_update",
            "DROP TRIGGER audit_no_delete",
            $"INSERT INTO audit (sequence, type, timestamp, mac, start_sequence, start_mac, last_sequence, last_mac, head_mac, clearing) SELECT {HeadRowSql}, 0, 0, X'', start_sequence, start_mac, last_sequence, last_mac, head_mac, clearing FROM audit_chain WHERE id = 1",
            "DROP TABLE audit_chain",
            $"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN OLD.sequence <> {HeadRowSql} OR NEW.sequence <> {HeadRowSql} BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
            $"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN OLD.sequence = {HeadRowSql} OR (SELECT clearing FROM audit WHERE sequence = {HeadRowSql}) = 0 BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        ]),
    ];

    /// <summary>
    /// The sequence of the audit chain head's row (schema 6 and later): the trail's last row, above every record, so
    /// an append writes the record and moves the head on one page.
    /// </summary>
    internal const string HeadRowSql = "9223372036854775807";

    /// <summary>Selects the records of the trail, never the head row.</summary>
    internal const string RecordsOnly = "sequence < " + HeadRowSql;

    /// <summary>The newest schema version this code knows.</summary>
    internal static int LatestVersion => Migrations[^1].Version;

    /// <summary>
    /// Brings the database up to <paramref name="targetVersion"/> (default: the latest) in one immediate transaction.
    /// </summary>
    /// <returns>The schema version after migration.</returns>
    /// <exception cref="SqliteStoreException">The database is newer than this code.</exception>
    internal static int Migrate(SqliteConnection connection, AuditChain chain, int? targetVersion = null)
    {
        int target = targetVersion ?? LatestVersion;
        SqliteStoreConnection.Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            SqliteStoreConnection.Execute(connection, "CREATE TABLE IF NOT EXISTS posauth_schema (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL)");
            int current;
            using (SqliteCommand read = connection.CreateCommand())
            {
                read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM posauth_schema";
                current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (current > LatestVersion)
            {
                throw new SqliteStoreException(
                    SqliteStoreErrorCode.SchemaTooNew,
                    $"The database schema version is {current}, newer than the {LatestVersion} this version of PosAuth.Storage.Sqlite knows. Upgrade the application; the file was not changed.")
                {
                    FoundSchemaVersion = current,
                    SupportedSchemaVersion = LatestVersion,
                };
            }

            foreach (SqliteMigration migration in Migrations)
            {
                if (migration.Version <= current || migration.Version > target)
                {
                    continue;
                }

                foreach (string statement in migration.Statements)
                {
                    SqliteStoreConnection.Execute(connection, statement);
                }

                migration.Code?.Invoke(connection, chain);

                using SqliteCommand record = connection.CreateCommand();
                record.CommandText = "INSERT INTO posauth_schema (version, description) VALUES (@v, @d)";
                record.Parameters.AddWithValue("@v", migration.Version);
                record.Parameters.AddWithValue("@d", migration.Description);
                record.ExecuteNonQuery();
                current = migration.Version;
            }

            SqliteStoreConnection.Execute(connection, "COMMIT");
            return current;
        }
        catch
        {
            SqliteStoreConnection.TryRollback(connection);
            throw;
        }
    }

    /// <summary>
    /// Version 3 adds the head MAC. The head of a database written before it was never authenticated, so it is signed
    /// as found, once, in the migration's transaction (with the key of the options the file was opened with: open
    /// every store of a file with the same options). After that an unauthentic head is a break and is never signed
    /// again (<see cref="AuditChain.Append"/>).
    /// </summary>
    private static void SignHeadOnUpgrade(SqliteConnection connection, AuditChain chain)
    {
        AuditChainHead head = ReadHead(connection, "SELECT start_sequence, start_mac, last_sequence, last_mac, X'' FROM audit_chain WHERE id = 1");
        using SqliteCommand update = connection.CreateCommand();
        update.CommandText = "UPDATE audit_chain SET head_mac = @mac WHERE id = 1";
        update.Parameters.AddWithValue("@mac", chain.ComputeHeadMac(head.FirstSequence, head.StartMac, head.LastSequence, head.LastMac));
        update.ExecuteNonQuery();
    }

    /// <summary>Reads the chain head row.</summary>
    internal static AuditChainHead ReadHead(SqliteConnection connection) =>
        ReadHead(connection, $"SELECT start_sequence, start_mac, last_sequence, last_mac, head_mac FROM audit WHERE sequence = {HeadRowSql}");

    private static AuditChainHead ReadHead(SqliteConnection connection, string sql)
    {
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = sql;
        using SqliteDataReader r = read.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0) || r.IsDBNull(2))
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.Corrupt, "The audit chain head row is missing.");
        }

        byte[] Blob(int column) => r.IsDBNull(column) ? [] : (byte[])r.GetValue(column);
        return new AuditChainHead(r.GetInt64(0), Blob(1), r.GetInt64(2), Blob(3), Blob(4));
    }
}
