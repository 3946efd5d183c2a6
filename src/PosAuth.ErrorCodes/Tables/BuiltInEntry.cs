namespace PosAuth.ErrorCodes.Tables;

/// <summary>One built-in table row; the messages are looked up by <see cref="MessageKey"/> in the resources.</summary>
internal readonly record struct BuiltInEntry(
    ErrorSource Source,
    string Code,
    ErrorCategory Category,
    RecommendedAction Action,
    bool IsRetryable,
    bool RequiresSignIn,
    UnionPayHandlingClass CupClass,
    string MessageKey);
