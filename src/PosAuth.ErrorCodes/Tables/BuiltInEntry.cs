namespace PosAuth.ErrorCodes.Tables;

/// <summary>
/// One built-in table row; the messages are looked up by <see cref="MessageKey"/> in the resources.
/// <see cref="SignInReason"/> is given only where the code says more than its category
/// (see <see cref="SignInReasons.ByCategory"/> for the rest).
/// </summary>
internal readonly record struct BuiltInEntry(
    ErrorSource Source,
    string Code,
    ErrorCategory Category,
    RecommendedAction Action,
    bool IsRetryable,
    bool RequiresSignIn,
    UnionPayHandlingClass CupClass,
    string MessageKey,
    SignInReason? SignInReason = null);
