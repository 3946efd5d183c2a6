using System.Globalization;
using PosAuth.ErrorCodes.Tables;

namespace PosAuth.ErrorCodes;

/// <summary>
/// The meaning of one response code: category, recommended action, retry and sign-in flags, UnionPay
/// handling class and messages in simplified Chinese and English. Instances are immutable; the classifier
/// returns pre-built instances for known codes, so classifying a known code allocates nothing.
/// </summary>
public sealed class ErrorClassification
{
    /// <summary>
    /// Creates a classification (for custom classifiers and test doubles). Its <see cref="SignInReason"/> is the one the
    /// built-in tables name for this source and code, else the one its category implies (see <see cref="ErrorCodes.SignInReason"/>).
    /// </summary>
    /// <param name="code">The normalised code; empty when the input was missing or malformed.</param>
    /// <param name="source">The source the code was classified for.</param>
    /// <param name="category">The category.</param>
    /// <param name="action">The recommended action.</param>
    /// <param name="isRetryable">Whether the transaction may be started again (after the action) with a chance of success.</param>
    /// <param name="requiresSignIn">Whether the host requires the terminal to sign in again.</param>
    /// <param name="cupClass">The UnionPay handling class, or <see cref="UnionPayHandlingClass.None"/>.</param>
    /// <param name="messageZh">The simplified Chinese message (usual terminal display).</param>
    /// <param name="messageEn">The English message.</param>
    public ErrorClassification(
        string code,
        ErrorSource source,
        ErrorCategory category,
        RecommendedAction action,
        bool isRetryable,
        bool requiresSignIn,
        UnionPayHandlingClass cupClass,
        string messageZh,
        string messageEn)
        : this(code, source, category, action, isRetryable, requiresSignIn, cupClass, messageZh, messageEn,
            SignInReasons.Default(source, code ?? throw new ArgumentNullException(nameof(code)), category))
    {
    }

    /// <summary>Creates a classification with its sign-in reason (for custom classifiers and test doubles).</summary>
    /// <param name="code">The normalised code; empty when the input was missing or malformed.</param>
    /// <param name="source">The source the code was classified for.</param>
    /// <param name="category">The category.</param>
    /// <param name="action">The recommended action.</param>
    /// <param name="isRetryable">Whether the transaction may be started again (after the action) with a chance of success.</param>
    /// <param name="requiresSignIn">Whether the host requires the terminal to sign in again.</param>
    /// <param name="cupClass">The UnionPay handling class, or <see cref="UnionPayHandlingClass.None"/>.</param>
    /// <param name="messageZh">The simplified Chinese message (usual terminal display).</param>
    /// <param name="messageEn">The English message.</param>
    /// <param name="signInReason">Why the terminal must sign in again when it must (see <see cref="SignInReason"/>).</param>
    public ErrorClassification(
        string code,
        ErrorSource source,
        ErrorCategory category,
        RecommendedAction action,
        bool isRetryable,
        bool requiresSignIn,
        UnionPayHandlingClass cupClass,
        string messageZh,
        string messageEn,
        SignInReason signInReason)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(messageZh);
        ArgumentNullException.ThrowIfNull(messageEn);
        Code = code;
        Source = source;
        Category = category;
        Action = action;
        IsRetryable = isRetryable;
        RequiresSignIn = requiresSignIn;
        CupClass = cupClass;
        MessageZh = messageZh;
        MessageEn = messageEn;
        SignInReason = signInReason;
    }

    /// <summary>The normalised code (trimmed, upper case); empty when the input was missing or malformed.</summary>
    public string Code { get; }

    /// <summary>The source the code was classified for.</summary>
    public ErrorSource Source { get; }

    /// <summary>What kind of outcome the code reports.</summary>
    public ErrorCategory Category { get; }

    /// <summary>What the operator should do next.</summary>
    public RecommendedAction Action { get; }

    /// <summary>
    /// Whether the operator may start the transaction again (after taking <see cref="Action"/>, for example
    /// re-entering the PIN or signing in) with a chance of success. Not the same as UnionPay class B, which
    /// is reported separately in <see cref="CupClass"/>.
    /// </summary>
    public bool IsRetryable { get; }

    /// <summary>Whether the host requires the terminal to sign in (签到) again before transacting.</summary>
    public bool RequiresSignIn { get; }

    /// <summary>
    /// Why the terminal must sign in again, when <see cref="RequiresSignIn"/> or the action
    /// <see cref="RecommendedAction.SignInAgain"/> says it must (every classification has one; see <see cref="ErrorCodes.SignInReason"/>).
    /// </summary>
    public SignInReason SignInReason { get; }

    /// <summary>The UnionPay handling class, or <see cref="UnionPayHandlingClass.None"/> where undefined.</summary>
    public UnionPayHandlingClass CupClass { get; }

    /// <summary>The simplified Chinese message: the usual terminal display.</summary>
    public string MessageZh { get; }

    /// <summary>The English message.</summary>
    public string MessageEn { get; }

    /// <summary><see langword="true"/> when the code was not found or was malformed.</summary>
    public bool IsUnknown => Category == ErrorCategory.Unknown;

    /// <summary>
    /// The message for a UI culture: simplified Chinese for <c>zh</c>, <c>zh-Hans</c>, <c>zh-CN</c>, <c>zh-SG</c>
    /// and their sub-cultures; English for anything else (including traditional Chinese, for which no table ships).
    /// </summary>
    /// <param name="culture">The culture; <see langword="null"/> means <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The message; never <see langword="null"/>.</returns>
    public string Message(CultureInfo? culture = null) => Message(DisplayLanguages.FromCulture(culture));

    /// <summary>
    /// The message in <paramref name="language"/>: <see cref="MessageZh"/> or <see cref="MessageEn"/>. Needs no
    /// <see cref="CultureInfo"/>, so it works in <c>InvariantGlobalization</c> apps.
    /// </summary>
    /// <param name="language">The display language.</param>
    /// <returns>The message; never <see langword="null"/>.</returns>
    public string Message(DisplayLanguage language) => language == DisplayLanguage.SimplifiedChinese ? MessageZh : MessageEn;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Source} {Code}: {Category}, {Action}");

    internal ErrorClassification WithSource(ErrorSource source) =>
        source == Source ? this : new ErrorClassification(Code, source, Category, Action, IsRetryable, RequiresSignIn, CupClass, MessageZh, MessageEn, SignInReason);

    internal ErrorClassification WithCode(string code) =>
        new(code, Source, Category, Action, IsRetryable, RequiresSignIn, CupClass, MessageZh, MessageEn, SignInReason);
}
