using System.Globalization;
using System.Text;

namespace PosAuth.BackOffice.Console;

/// <summary>The audit ledger as CSV (RFC 4180; a cell that a spreadsheet would run as a formula is prefixed with ').</summary>
internal static class AuditCsv
{
    public const string Header = "sequence,at_utc,event,site,terminal,operator,actor,code,detail";

    public static string Write(IEnumerable<BackOfficeAuditEntry> entries)
    {
        var sb = new StringBuilder(Header).Append("\r\n");
        foreach (BackOfficeAuditEntry e in entries)
        {
            sb.Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(',')
              .Append(e.Type).Append(',')
              .Append(Cell(e.Site)).Append(',').Append(Cell(e.TerminalId)).Append(',').Append(Cell(e.OperatorId)).Append(',')
              .Append(Cell(e.Actor)).Append(',').Append(Cell(e.Code)).Append(',').Append(Cell(e.Detail)).Append("\r\n");
        }

        return sb.ToString();
    }

    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // CSV injection: a leading = + - @ (or tab/CR) would be evaluated by a spreadsheet.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
