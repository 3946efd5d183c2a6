namespace PosAuth.OfflineUnlock;

/// <summary>The format of the challenge (question) <c>Q</c> in an OCRA suite: the <c>F</c> of <c>QFxx</c>.</summary>
public enum OcraChallengeFormat
{
    /// <summary><c>QN</c>: decimal digits. Encoded as the number written in hexadecimal, left-aligned in the 128-byte field.</summary>
    Numeric,

    /// <summary><c>QA</c>: text (printable ASCII). Encoded as its ASCII bytes, left-aligned in the 128-byte field.</summary>
    Alphanumeric,

    /// <summary><c>QH</c>: hexadecimal digits. Encoded as the bytes they spell, left-aligned in the 128-byte field.</summary>
    Hexadecimal,
}
