using Npgsql;
using NpgsqlTypes;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// Column encodings and positional parameters (<c>$1</c>, <c>$2</c>, …, added in order): instants as UTC ticks
/// (<c>bigint</c>), durations as ticks, enums as <c>integer</c>, lists as <c>text[]</c>. Nulls carry their type, so
/// the server never has to guess one.
/// </summary>
internal static class PostgreSqlValues
{
    internal static void Text(NpgsqlParameterCollection p, string value) => p.Add(new NpgsqlParameter<string> { TypedValue = value });

    internal static void TextOrNull(NpgsqlParameterCollection p, string? value) =>
        p.Add(value is null ? Null(NpgsqlDbType.Text) : new NpgsqlParameter<string> { TypedValue = value });

    internal static void Integer(NpgsqlParameterCollection p, int value) => p.Add(new NpgsqlParameter<int> { TypedValue = value });

    internal static void Integer(NpgsqlParameterCollection p, int? value) =>
        p.Add(value is { } v ? new NpgsqlParameter<int> { TypedValue = v } : Null(NpgsqlDbType.Integer));

    internal static void Bigint(NpgsqlParameterCollection p, long value) => p.Add(new NpgsqlParameter<long> { TypedValue = value });

    internal static void Boolean(NpgsqlParameterCollection p, bool value) => p.Add(new NpgsqlParameter<bool> { TypedValue = value });

    internal static void Boolean(NpgsqlParameterCollection p, bool? value) =>
        p.Add(value is { } v ? new NpgsqlParameter<bool> { TypedValue = v } : Null(NpgsqlDbType.Boolean));

    internal static void Instant(NpgsqlParameterCollection p, DateTimeOffset value) => Bigint(p, value.UtcTicks);

    internal static void Instant(NpgsqlParameterCollection p, DateTimeOffset? value) =>
        p.Add(value is { } v ? new NpgsqlParameter<long> { TypedValue = v.UtcTicks } : Null(NpgsqlDbType.Bigint));

    internal static void Duration(NpgsqlParameterCollection p, TimeSpan value) => Bigint(p, value.Ticks);

    internal static void TextArray(NpgsqlParameterCollection p, IReadOnlyList<string> values)
    {
        string[] array = values as string[] ?? [.. values];
        p.Add(new NpgsqlParameter<string[]> { TypedValue = array });
    }

    internal static void Bytes(NpgsqlParameterCollection p, byte[] value) => p.Add(new NpgsqlParameter<byte[]> { TypedValue = value });

    internal static string? NullableText(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    internal static DateTimeOffset Instant(NpgsqlDataReader r, int ordinal) => new(r.GetInt64(ordinal), TimeSpan.Zero);

    internal static DateTimeOffset? NullableInstant(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : new DateTimeOffset(r.GetInt64(ordinal), TimeSpan.Zero);

    internal static int? NullableInteger(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);

    internal static bool? NullableBoolean(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetBoolean(ordinal);

    private static NpgsqlParameter Null(NpgsqlDbType type) => new() { NpgsqlDbType = type, Value = DBNull.Value };
}
