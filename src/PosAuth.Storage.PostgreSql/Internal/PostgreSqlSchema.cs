using Npgsql;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// The schema as an ordered list of forward migrations. <c>{schema}.posauth_schema</c> records each applied step.
/// Migrating runs in one transaction holding a transaction-scoped advisory lock on the schema name, so processes that
/// start together migrate once and the others wait, then see the result. A database newer than
/// <see cref="LatestVersion"/> is refused before anything is written. Never edit a shipped step: add a new one.
/// </summary>
/// <remarks>
/// Every table leads with <c>site</c>: one database serves a chain, and every statement of the stores filters on the
/// store's own site. Instants are UTC ticks (<c>bigint</c>, exact to 100 ns, as <see cref="DateTimeOffset.UtcTicks"/>);
/// identifiers use the "C" collation (byte order, case-sensitive, independent of the server's locale).
/// </remarks>
internal static class PostgreSqlSchema
{
    /// <summary>The first of the two keys of the advisory lock (<c>'PosA'</c>); the second is <c>hashtext(schema)</c>.</summary>
    internal const int AdvisoryLockClass = 0x506F7341;

    /// <summary>Every migration, in order.</summary>
    internal static readonly IReadOnlyList<PostgreSqlMigration> Migrations =
    [
        new(1, "operators, attempts, sessions; every row keyed by site",
        [
            """
            CREATE TABLE {schema}.operators (
                site text COLLATE "C" NOT NULL,
                operator_id text COLLATE "C" NOT NULL,
                role integer NOT NULL,
                pin_hash text NOT NULL,
                must_change_pin boolean NOT NULL,
                must_change_pin_reason integer NOT NULL,
                is_disabled boolean NOT NULL,
                display_name text NULL,
                created_at bigint NOT NULL,
                pin_changed_at bigint NULL,
                pin_expires_at bigint NULL,
                pin_history text[] NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (site, operator_id)
            )
            """,
            """
            CREATE TABLE {schema}.attempts (
                site text COLLATE "C" NOT NULL,
                terminal_id text COLLATE "C" NOT NULL,
                operator_id text COLLATE "C" NOT NULL,
                failure_count integer NOT NULL,
                first_failure_at bigint NULL,
                last_failure_at bigint NULL,
                lock_started_at bigint NULL,
                lock_duration bigint NOT NULL,
                locked_until bigint NULL,
                temporary_lockout_count integer NOT NULL,
                is_permanently_locked boolean NOT NULL,
                lock_reason integer NOT NULL,
                last_seen_at bigint NOT NULL,
                last_seen_timestamp bigint NOT NULL,
                clock_epoch bigint NOT NULL,
                elapsed_since_last_failure bigint NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (site, terminal_id, operator_id)
            ) WITH (fillfactor = 70)
            """,
            """
            CREATE TABLE {schema}.sessions (
                site text COLLATE "C" NOT NULL,
                terminal_id text COLLATE "C" NOT NULL,
                state integer NOT NULL,
                operator_id text NULL,
                operator_role integer NULL,
                batch_number integer NOT NULL,
                batch_open boolean NOT NULL,
                shift_number integer NOT NULL,
                session_started_at bigint NULL,
                operator_signed_in_at bigint NULL,
                host_signed_in_at bigint NULL,
                last_activity_at bigint NULL,
                last_transition_at bigint NULL,
                sign_in_required_reason integer NOT NULL,
                sign_in_required_response_code text NULL,
                state_before_lock integer NULL,
                state_before_maintenance integer NULL,
                last_host_succeeded boolean NULL,
                last_host_response_code text NULL,
                last_host_failure_reason text NULL,
                last_host_exchange_at bigint NULL,
                version bigint NOT NULL,
                PRIMARY KEY (site, terminal_id)
            ) WITH (fillfactor = 70)
            """,
        ]),
        new(2, "audit trail and chain head per site, append-only",
        [
            """
            CREATE TABLE {schema}.audit (
                site text COLLATE "C" NOT NULL,
                sequence bigint NOT NULL,
                type integer NOT NULL,
                timestamp bigint NOT NULL,
                terminal_id text NULL,
                operator_id text NULL,
                actor_id text NULL,
                code text NULL,
                detail text NULL,
                mac bytea NOT NULL,
                PRIMARY KEY (site, sequence)
            )
            """,
            """
            CREATE TABLE {schema}.audit_chain (
                site text COLLATE "C" NOT NULL PRIMARY KEY,
                start_sequence bigint NOT NULL,
                start_mac bytea NOT NULL,
                last_sequence bigint NOT NULL,
                last_mac bytea NOT NULL
            )
            """,
            """
            CREATE FUNCTION {schema}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'DELETE' AND current_setting('posauth.audit_clearing', true) = 'on' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION 'the audit trail is append-only';
            END
            $body$
            """,
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {schema}.audit FOR EACH ROW EXECUTE FUNCTION {schema}.audit_append_only()",
            "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {schema}.audit FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_append_only()",
        ]),
        new(3, "authenticated audit chain head, installation secrets per site, the shared clock's epoch",
        [
            // NULL: a head written by schema 2, whose records carry no MAC yet; the store chains such a trail once.
            "ALTER TABLE {schema}.audit_chain ADD COLUMN head_mac bytea NULL",

            // The only UPDATE ever allowed: giving a record written by schema 2 (an all-zero MAC) its chained MAC, with
            // every other column unchanged, inside the store's one-time chaining of such a trail.
            """
            CREATE OR REPLACE FUNCTION {schema}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'DELETE' AND current_setting('posauth.audit_clearing', true) = 'on' THEN
                    RETURN OLD;
                END IF;
                IF TG_OP = 'UPDATE' AND current_setting('posauth.audit_chaining', true) = 'on'
                   AND OLD.mac = decode(repeat('00', 32), 'hex')
                   AND (NEW.site, NEW.sequence, NEW.type, NEW.timestamp, NEW.terminal_id, NEW.operator_id, NEW.actor_id, NEW.code, NEW.detail)
                       IS NOT DISTINCT FROM (OLD.site, OLD.sequence, OLD.type, OLD.timestamp, OLD.terminal_id, OLD.operator_id, OLD.actor_id, OLD.code, OLD.detail) THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'the audit trail is append-only';
            END
            $body$
            """,
            """
            CREATE TABLE {schema}.installation_secrets (
                site text COLLATE "C" NOT NULL,
                name text COLLATE "C" NOT NULL,
                value bytea NOT NULL,
                PRIMARY KEY (site, name)
            )
            """,

            // One row: the epoch of this database's timeline (its server's clock), shared by every lane that reads it.
            """
            CREATE TABLE {schema}.clock (
                id integer NOT NULL PRIMARY KEY CHECK (id = 1),
                epoch bigint NOT NULL CHECK (epoch <> 0)
            )
            """,
            "INSERT INTO {schema}.clock (id, epoch) VALUES (1, 1 + floor(random() * 9.2e18)::bigint)",
        ]),
    ];

    /// <summary>The newest schema version this code knows.</summary>
    internal static int LatestVersion => Migrations[^1].Version;

    /// <summary>The schema name quoted as an identifier (it is validated to a plain lower-case identifier first).</summary>
    internal static string Quote(string schema) => "\"" + schema + "\"";

    /// <summary>
    /// Refuses unsafe server settings and a newer schema, and brings the schema up to <paramref name="targetVersion"/>
    /// (default: the latest).
    /// </summary>
    /// <returns>The schema version after migration.</returns>
    /// <exception cref="PostgreSqlStoreException">The schema is newer than this code, or the server would lose commits.</exception>
    internal static async Task<int> MigrateAsync(NpgsqlConnection connection, string schema, int commandTimeout, int? targetVersion, CancellationToken cancellationToken)
    {
        int target = targetVersion ?? LatestVersion;
        string quoted = Quote(schema);

        // Fast path, no lock: the usual start of a process against an up-to-date database is two reads.
        await CheckDurabilityAsync(connection, commandTimeout, cancellationToken).ConfigureAwait(false);
        int current = await ReadVersionAsync(connection, schema, commandTimeout, cancellationToken).ConfigureAwait(false);
        ThrowIfTooNew(current);
        if (current >= target)
        {
            return current;
        }

        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (NpgsqlCommand lockCommand = new("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction))
        {
            lockCommand.CommandTimeout = commandTimeout;
            lockCommand.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AdvisoryLockClass });
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Another process may have migrated while this one waited for the lock: read again under it.
        current = await ReadVersionAsync(connection, schema, commandTimeout, cancellationToken, transaction).ConfigureAwait(false);
        ThrowIfTooNew(current);
        if (current >= target)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return current;
        }

        if (current == 0)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {quoted}", commandTimeout, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"CREATE TABLE {quoted}.posauth_schema (version integer NOT NULL PRIMARY KEY, description text NOT NULL)", commandTimeout, cancellationToken).ConfigureAwait(false);
        }

        foreach (PostgreSqlMigration migration in Migrations)
        {
            if (migration.Version <= current || migration.Version > target)
            {
                continue;
            }

            foreach (string statement in migration.Statements)
            {
                await ExecuteAsync(connection, transaction, statement.Replace("{schema}", quoted, StringComparison.Ordinal), commandTimeout, cancellationToken).ConfigureAwait(false);
            }

            await using (NpgsqlCommand record = new($"INSERT INTO {quoted}.posauth_schema (version, description) VALUES ($1, $2)", connection, transaction))
            {
                record.CommandTimeout = commandTimeout;
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            current = migration.Version;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return current;
    }

    /// <summary>The recorded schema version, 0 when the schema or its version table does not exist.</summary>
    internal static async Task<int> ReadVersionAsync(NpgsqlConnection connection, string schema, int commandTimeout, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        // pg_class through a plain query, not to_regclass(): to_regclass reads the catalog cache, which is not refreshed
        // by waiting for an advisory lock, so a process that waited while another migrated would not see the new table.
        await using (NpgsqlCommand exists = new(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'posauth_schema')",
            connection,
            transaction))
        {
            exists.CommandTimeout = commandTimeout;
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        await using NpgsqlCommand read = new($"SELECT COALESCE(MAX(version), 0) FROM {Quote(schema)}.posauth_schema", connection, transaction);
        read.CommandTimeout = commandTimeout;
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task CheckDurabilityAsync(NpgsqlConnection connection, int commandTimeout, CancellationToken cancellationToken)
    {
        // A commit the server acknowledged must survive a server crash, or a charged attempt could vanish and give an
        // attacker a free guess. synchronous_commit = local / remote_write / remote_apply are all durable locally.
        await using NpgsqlCommand command = new("SELECT current_setting('synchronous_commit'), current_setting('fsync')", connection);
        command.CommandTimeout = commandTimeout;
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        string synchronousCommit = reader.GetString(0);
        string fsync = reader.GetString(1);
        if (string.Equals(synchronousCommit, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(fsync, "off", StringComparison.OrdinalIgnoreCase))
        {
            throw new PostgreSqlStoreException(
                PostgreSqlStoreErrorCode.UnsafeServerSettings,
                $"The PostgreSQL session has synchronous_commit = {synchronousCommit} and fsync = {fsync}: acknowledged attempt charges could be lost on a crash. Set both to on (for example ALTER ROLE … SET synchronous_commit = on).");
        }
    }

    private static void ThrowIfTooNew(int current)
    {
        if (current > LatestVersion)
        {
            throw new PostgreSqlStoreException(
                PostgreSqlStoreErrorCode.SchemaTooNew,
                $"The PosAuth schema version is {current}, newer than the {LatestVersion} this version of PosAuth.Storage.PostgreSql knows. Upgrade the application; the database was not changed.")
            {
                FoundSchemaVersion = current,
                SupportedSchemaVersion = LatestVersion,
            };
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int commandTimeout, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = new(sql, connection, transaction);
        command.CommandTimeout = commandTimeout;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
