namespace PosAuth.Hashing;

/// <summary>
/// Why <see cref="PinPolicy"/> rejected a PIN. The member names are stable reason codes
/// (printed by <c>posauth pin-check</c>); never rename them.
/// </summary>
public enum PinRejectionReason
{
    /// <summary>Shorter than the role's minimum length.</summary>
    TooShort = 0,

    /// <summary>Longer than the role's maximum length.</summary>
    TooLong = 1,

    /// <summary>Contains a character that is not a digit (full-width digits count as digits).</summary>
    NonDigit = 2,

    /// <summary>Every digit is the same (0000, 888888).</summary>
    AllSameDigit = 3,

    /// <summary>An ascending or descending run, with step 1 (wrapping 9→0: 1234, 7890, 4321) or a constant step 2 (13579, 2468, 8642).</summary>
    Sequence = 4,

    /// <summary>A repeated block (1212, 123123, 121212) or each digit repeated (1122, 112233, 111222).</summary>
    RepeatedBlock = 5,

    /// <summary>A straight line or common shape on the PIN pad (2580, 147, 147258, 159357, 7410 on a calculator pad, corners 1397, squares 1254).</summary>
    KeypadPattern = 6,

    /// <summary>Four digits that look like a year, 1900-2099 (1986, 2008).</summary>
    YearLike = 7,

    /// <summary>A valid calendar date: MMDD or DDMM (4 digits), YYMMDD, DDMMYY or MMDDYY (6), YYYYMMDD, DDMMYYYY or MMDDYYYY with a 19xx/20xx year (8).</summary>
    DateLike = 8,

    /// <summary>On the built-in list of the most common PINs (published PIN frequency studies).</summary>
    CommonPin = 9,

    /// <summary>Equals the operator's own number.</summary>
    EqualsOperatorId = 10,

    /// <summary>Equals the terminal id.</summary>
    EqualsTerminalId = 11,

    /// <summary>Equals a factory-default PIN (<see cref="PinPolicyOptions.FactoryDefaults"/>), which is public knowledge.</summary>
    EqualsFactoryDefault = 12,

    /// <summary>Matches one of the last <see cref="PinPolicyOptions.HistoryDepth"/> PIN hashes.</summary>
    ReusedPreviousPin = 13,
}
