using System.Text;
using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>Column encodings: instants as UTC ticks, durations as ticks, booleans as 0/1, lists length-prefixed.</summary>
internal static class SqliteValues
{
    internal static object Db(string? value) => value is null ? DBNull.Value : value;

    internal static object Db(DateTimeOffset? value) => value is { } v ? v.UtcTicks : DBNull.Value;

    internal static object Db(int? value) => value is { } v ? v : DBNull.Value;

    internal static object Db(bool? value) => value is { } v ? (v ? 1L : 0L) : DBNull.Value;

    internal static long Db(bool value) => value ? 1L : 0L;

    internal static long Db(DateTimeOffset value) => value.UtcTicks;

    internal static string? String(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static DateTimeOffset Instant(SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    internal static DateTimeOffset? NullableInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    internal static int? NullableInt(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    internal static bool? NullableBool(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal) != 0;

    internal static bool Bool(SqliteDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    /// <summary>Encodes a list as <c>length:value</c> items, so any character may appear in a value.</summary>
    internal static string EncodeList(IReadOnlyList<string> values)
    {
        var sb = new StringBuilder();
        foreach (string value in values)
        {
            sb.Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        return sb.ToString();
    }

    /// <summary>Decodes <see cref="EncodeList"/>.</summary>
    internal static string[] DecodeList(string encoded)
    {
        var values = new List<string>();
        int i = 0;
        while (i < encoded.Length)
        {
            int colon = encoded.IndexOf(':', i);
            int length = int.Parse(encoded.AsSpan(i, colon - i), System.Globalization.CultureInfo.InvariantCulture);
            values.Add(encoded.Substring(colon + 1, length));
            i = colon + 1 + length;
        }

        return [.. values];
    }
}
