namespace PosAuth.ErrorCodes;

/// <summary>The handling class the UnionPay POS specification assigns to a response code.</summary>
public enum UnionPayHandlingClass
{
    /// <summary>No class defined (non-UnionPay sources, codes UnionPay does not list, unknown codes).</summary>
    None = 0,

    /// <summary>Success.</summary>
    A,

    /// <summary>Failed; may retry.</summary>
    B,

    /// <summary>Failed; do not retry.</summary>
    C,

    /// <summary>Failed; the terminal operator must act.</summary>
    D,

    /// <summary>Failed; system fault, do not retry.</summary>
    E,
}
