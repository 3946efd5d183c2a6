namespace PosAuth.ErrorCodes;

/// <summary>
/// One acquirer-supplied table entry that replaces or adds a code. For a code that has a built-in entry in
/// the chain of its source, every field except <see cref="Source"/> and <see cref="Code"/> is optional and
/// inherits the built-in value; for a new code, <see cref="Category"/>, <see cref="Action"/>,
/// <see cref="MessageZh"/> and <see cref="MessageEn"/> are required.
/// </summary>
public sealed class ErrorCodeOverride
{
    /// <summary>The source whose table the entry belongs to. Required.</summary>
    public ErrorSource? Source { get; set; }

    /// <summary>The code (normalised: trimmed, upper case). Required; two characters for ISO 8583 / UnionPay, three digits for ISO 8583:1993, up to 32 of A–Z, 0–9, _ for device and transport.</summary>
    public string? Code { get; set; }

    /// <summary>The category; inherited when omitted.</summary>
    public ErrorCategory? Category { get; set; }

    /// <summary>The recommended action; inherited when omitted.</summary>
    public RecommendedAction? Action { get; set; }

    /// <summary>Whether the transaction may be retried; inherited when omitted, or for a new code derived from the action (true for re-enter PIN, retry, sign in again, check network/device, reduce amount, use chip, upload offline data).</summary>
    public bool? Retryable { get; set; }

    /// <summary>Whether the host requires sign-in; when omitted, true if <see cref="Action"/> is given and is <see cref="RecommendedAction.SignInAgain"/>, otherwise inherited.</summary>
    public bool? RequiresSignIn { get; set; }

    /// <summary>The UnionPay handling class; inherited when omitted (<see cref="UnionPayHandlingClass.None"/> for a new code).</summary>
    public UnionPayHandlingClass? CupClass { get; set; }

    /// <summary>
    /// Why the terminal must sign in again when the code requires it. When omitted: inherited if <see cref="Category"/>
    /// is omitted too; otherwise the reason the built-in tables name for this code (UnionPay 77, 99, A0, …), else the one
    /// the category implies (<see cref="ErrorCodes.SignInReason.MacOrPinKeyError"/> for a security error,
    /// <see cref="ErrorCodes.SignInReason.HostDemanded"/> otherwise).
    /// </summary>
    public SignInReason? SignInReason { get; set; }

    /// <summary>The simplified Chinese message (at most 200 characters, no control characters); inherited when omitted.</summary>
    public string? MessageZh { get; set; }

    /// <summary>The English message (at most 200 characters, no control characters); inherited when omitted.</summary>
    public string? MessageEn { get; set; }
}
