using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite.Tests.Audit;

/// <summary>What someone with the file can do behind the store: raw SQL, and a trail written the way older schemas did.</summary>
internal static class RawAuditFile
{
    /// <summary>The sequence of the chain head's row (schema 6 and later).</summary>
    public const string HeadRow = "9223372036854775807";

    public static void Execute(string path, string sql)
    {
        using SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5));
        SqliteStoreConnection.Execute(raw, sql);
    }

    public static string Scalar(string path, string sql)
    {
        using SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5));
        using SqliteCommand command = raw.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>
    /// Appends <paramref name="events"/> (sequences 1, 2, …) to a file at schema 5 or older as that code did: the record
    /// MACs chained, the head in <c>audit_chain</c>; signed (schema 3 to 5) or not (schema 2).
    /// </summary>
    /// <returns>The last record's MAC.</returns>
    public static byte[] AppendLegacy(string path, AuditChain chain, IReadOnlyList<AuditEvent> events, bool signHead)
    {
        byte[] previous = new byte[32];
        for (int i = 1; i <= events.Count; i++)
        {
            AuditEvent e = events[i - 1];
            byte[] mac = chain.ComputeRecordMac(previous, i, e);
            using SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5));
            using SqliteCommand insert = raw.CreateCommand();
            insert.CommandText = "INSERT INTO audit (sequence, type, timestamp, terminal_id, operator_id, actor_id, code, detail, mac) VALUES (@s, @type, @ts, @t, @o, @a, @c, @d, @m); UPDATE audit_chain SET last_sequence = @s, last_mac = @m"
                + (signHead ? ", head_mac = @h" : "");
            insert.Parameters.AddWithValue("@s", i);
            insert.Parameters.AddWithValue("@type", (long)e.Type);
            insert.Parameters.AddWithValue("@ts", e.Timestamp.UtcTicks);
            insert.Parameters.AddWithValue("@t", (object?)e.TerminalId ?? DBNull.Value);
            insert.Parameters.AddWithValue("@o", (object?)e.OperatorId ?? DBNull.Value);
            insert.Parameters.AddWithValue("@a", (object?)e.ActorId ?? DBNull.Value);
            insert.Parameters.AddWithValue("@c", (object?)e.Code ?? DBNull.Value);
            insert.Parameters.AddWithValue("@d", (object?)e.Detail ?? DBNull.Value);
            insert.Parameters.AddWithValue("@m", mac);
            if (signHead)
            {
                insert.Parameters.AddWithValue("@h", chain.ComputeHeadMac(1, new byte[32], i, mac));
            }

            insert.ExecuteNonQuery();
            previous = mac;
        }

        return previous;
    }
}
