namespace PosAuth.ErrorCodes;

/// <summary>Where a code comes from; selects the table used to classify it.</summary>
public enum ErrorSource
{
    /// <summary>ISO 8583:1987 field 39, two alphanumeric characters (for example <c>55</c>).</summary>
    Iso8583 = 0,

    /// <summary>
    /// UnionPay (CUPS) field 39. UnionPay redefines or adds some codes (77, 97, 98, 99, A0, the A-series)
    /// and assigns a handling class (A–E); any code it does not redefine falls back to <see cref="Iso8583"/>.
    /// </summary>
    UnionPay = 1,

    /// <summary>ISO 8583:1993 action codes, three digits (for example <c>117</c>).</summary>
    Iso8583v1993 = 2,

    /// <summary>Local device codes (PIN pad, card reader, printer, keys); see <see cref="DeviceCodes"/>.</summary>
    Device = 3,

    /// <summary>Local transport codes (connection, timeout, response MAC); see <see cref="TransportCodes"/>.</summary>
    Transport = 4,
}
