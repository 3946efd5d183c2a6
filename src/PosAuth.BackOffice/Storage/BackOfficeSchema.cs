namespace PosAuth.BackOffice.Storage;

/// <summary>
/// The back office's own tables (version 1), beside the attempt stores of the storage packages. Every operator row and
/// every change is keyed by site; a site's change sequence lives in its <c>bo_sites</c> row, which every directory
/// change updates first: the row lock orders the changes of one site, so the order of their sequence numbers is the
/// order in which they commit, and a lane that has read up to N never misses a change numbered below N.
/// </summary>
internal static class BackOfficeSchema
{
    public const int LatestVersion = 2;

    public static IReadOnlyList<string> Statements(SqlDialect d, string binary, string blobDefault) =>
    [
        $"CREATE TABLE {d.Table("bo_sites")} (site TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, change_seq BIGINT NOT NULL, created_at BIGINT NOT NULL)",
        $"""
        CREATE TABLE {d.Table("bo_terminals")} (
            terminal_id TEXT NOT NULL PRIMARY KEY, site TEXT NOT NULL, serial TEXT NULL, key_generation INTEGER NOT NULL,
            disabled INTEGER NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NULL)
        """,
        $"CREATE INDEX bo_terminals_by_site ON {d.Table("bo_terminals")} (site, terminal_id)",
        $"""
        CREATE TABLE {d.Table("bo_operators")} (
            site TEXT NOT NULL, operator_id TEXT NOT NULL, role INTEGER NOT NULL, pin_hash TEXT NULL,
            must_change_pin INTEGER NOT NULL, must_change_reason INTEGER NOT NULL, disabled INTEGER NOT NULL, disabled_reason TEXT NULL,
            display_name TEXT NULL, created_at BIGINT NOT NULL, pin_changed_at BIGINT NULL, pin_expires_at BIGINT NULL,
            pin_history TEXT NOT NULL, credential_epoch BIGINT NOT NULL, deleted INTEGER NOT NULL, change_seq BIGINT NOT NULL,
            last_sign_in_at BIGINT NULL,
            PRIMARY KEY (site, operator_id))
        """,
        $"CREATE INDEX bo_operators_by_change ON {d.Table("bo_operators")} (site, change_seq)",
        $"CREATE TABLE {d.Table("bo_nonces")} (terminal_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (terminal_id, nonce))",
        $"CREATE INDEX bo_nonces_by_expiry ON {d.Table("bo_nonces")} (expires_at)",
        $"""
        CREATE TABLE {d.Table("bo_users")} (
            user_id TEXT NOT NULL PRIMARY KEY, kind INTEGER NOT NULL, sites TEXT NOT NULL, password_hash TEXT NOT NULL,
            must_change_password INTEGER NOT NULL, password_history TEXT NOT NULL, totp_secret {binary} NULL, totp_enabled INTEGER NOT NULL,
            totp_last_step BIGINT NOT NULL, disabled INTEGER NOT NULL, disabled_reason TEXT NULL, created_at BIGINT NOT NULL,
            last_sign_in_at BIGINT NULL, password_changed_at BIGINT NULL, version BIGINT NOT NULL)
        """,
        $"""
        CREATE TABLE {d.Table("bo_sessions")} (
            token_hash TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
            second_factor_done INTEGER NOT NULL)
        """,
        $"""
        CREATE TABLE {d.Table("bo_audit")} (
            sequence BIGINT NOT NULL PRIMARY KEY, type INTEGER NOT NULL, at BIGINT NOT NULL, site TEXT NULL, terminal_id TEXT NULL,
            operator_id TEXT NULL, actor TEXT NULL, code TEXT NULL, detail TEXT NULL, mac {binary} NOT NULL)
        """,
        $"CREATE INDEX bo_audit_by_site ON {d.Table("bo_audit")} (site, sequence)",
        $"CREATE TABLE {d.Table("bo_audit_head")} (id INTEGER NOT NULL PRIMARY KEY, first_sequence BIGINT NOT NULL, start_mac {binary} NOT NULL, last_sequence BIGINT NOT NULL, last_mac {binary} NOT NULL, head_mac {binary} NOT NULL DEFAULT {blobDefault})",
        $"""
        CREATE TABLE {d.Table("bo_lane_audit")} (
            terminal_id TEXT NOT NULL, sequence BIGINT NOT NULL, site TEXT NOT NULL, type INTEGER NOT NULL, at BIGINT NOT NULL,
            operator_id TEXT NULL, actor_id TEXT NULL, code TEXT NULL, detail TEXT NULL, received_at BIGINT NOT NULL,
            PRIMARY KEY (terminal_id, sequence))
        """,
    ];

    /// <summary>
    /// Version 2: attempt leases. <c>bo_leases</c> holds every lease granted to a lane (keyed by site, operator and lease
    /// id, with the credential epoch it was granted for, the back office's instant of the grant and of its reclaim, and
    /// the failures the lane has reported on it); <c>bo_lease_guard</c> has one row per operator that every charge, grant
    /// and report of that operator locks first, so <c>failures + Σ outstanding leases ≤ MaxFailures</c> is checked and
    /// kept by one writer at a time, across back-office instances.
    /// </summary>
    public static IReadOnlyList<string> Version2(SqlDialect d) =>
    [
        $"CREATE TABLE {d.Table("bo_lease_guard")} (site TEXT NOT NULL, operator_id TEXT NOT NULL, PRIMARY KEY (site, operator_id))",
        $"""
        CREATE TABLE {d.Table("bo_leases")} (
            site TEXT NOT NULL, operator_id TEXT NOT NULL, lease_id TEXT NOT NULL, terminal_id TEXT NOT NULL, epoch BIGINT NOT NULL,
            attempts INTEGER NOT NULL, failed INTEGER NOT NULL, refunded INTEGER NOT NULL, state INTEGER NOT NULL, recall INTEGER NOT NULL,
            granted_at BIGINT NOT NULL, reclaim_at BIGINT NOT NULL,
            PRIMARY KEY (site, operator_id, lease_id))
        """,
        $"CREATE UNIQUE INDEX bo_leases_by_id ON {d.Table("bo_leases")} (lease_id)",
        $"CREATE INDEX bo_leases_by_terminal ON {d.Table("bo_leases")} (terminal_id, state, recall)",
        $"CREATE TABLE {d.Table("bo_lane_audit_conflicts")} (terminal_id TEXT NOT NULL, sequence BIGINT NOT NULL, site TEXT NOT NULL, received_at BIGINT NOT NULL, PRIMARY KEY (terminal_id, sequence))",
    ];
}
