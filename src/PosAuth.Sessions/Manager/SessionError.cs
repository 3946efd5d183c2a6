using System.Globalization;

namespace PosAuth.Sessions;

/// <summary>
/// An expected refusal of a session operation: a stable machine <see cref="Code"/>, what happened
/// (<see cref="Kind"/>) and a description in English or Chinese. Never contains a PIN or an operator number.
/// </summary>
public sealed class SessionError
{
    private static readonly SessionError[] Instances = Enum.GetValues<SessionErrorKind>().Select(k => new SessionError(k)).ToArray();

    private SessionError(SessionErrorKind kind)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public SessionErrorKind Kind { get; }

    /// <summary>The stable snake_case code, such as <c>pin_change_required</c> (see <see cref="SessionErrorCodes"/>).</summary>
    public string Code => CodeOf(Kind);

    /// <summary>A short English description.</summary>
    public string Description => GetDescription(CultureInfo.InvariantCulture);

    /// <summary>The error of <paramref name="kind"/> (for example in a test double).</summary>
    /// <param name="kind">What went wrong.</param>
    /// <returns>The error.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static SessionError Create(SessionErrorKind kind) =>
        (uint)kind < (uint)Instances.Length ? Instances[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind));

    internal static string CodeOf(SessionErrorKind kind) => kind switch
    {
        SessionErrorKind.InvalidInput => SessionErrorCodes.InvalidInput,
        SessionErrorKind.VerificationFailed => SessionErrorCodes.VerificationFailed,
        SessionErrorKind.PinChangeRequired => SessionErrorCodes.PinChangeRequired,
        SessionErrorKind.UnlockNotPermitted => SessionErrorCodes.UnlockNotPermitted,
        SessionErrorKind.MaintenanceNotPermitted => SessionErrorCodes.MaintenanceNotPermitted,
        SessionErrorKind.PinChangeRejected => SessionErrorCodes.PinChangeRejected,
        SessionErrorKind.HostSignInFailed => SessionErrorCodes.HostSignInFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The description in the language <paramref name="culture"/> reads (<see cref="DisplayLanguages.FromCulture"/>).
    /// In an <c>InvariantGlobalization</c> app use <see cref="GetDescription(DisplayLanguage)"/>.
    /// </summary>
    /// <param name="culture">The UI culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>For example 请先修改密码.</returns>
    public string GetDescription(CultureInfo? culture = null) => GetDescription(DisplayLanguages.FromCulture(culture));

    /// <summary>The description in <paramref name="language"/> (no culture needed).</summary>
    /// <param name="language">The display language.</param>
    /// <returns>For example 请先修改密码.</returns>
    public string GetDescription(DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        return Kind switch
        {
            SessionErrorKind.InvalidInput => zh ? "操作员号格式不正确" : "The operator number is malformed.",
            SessionErrorKind.VerificationFailed => zh ? "操作员号或密码错误" : "The operator number or PIN was refused.",
            SessionErrorKind.PinChangeRequired => zh ? "请先修改密码" : "The PIN must be changed first.",
            SessionErrorKind.UnlockNotPermitted => zh ? "无权解锁：只有本操作员或主管可以解锁" : "Only the signed-in operator or a supervisor may unlock.",
            SessionErrorKind.MaintenanceNotPermitted => zh ? "无权进入系统维护" : "This role may not enter or leave maintenance.",
            SessionErrorKind.PinChangeRejected => zh ? "密码未修改" : "The PIN was not changed.",
            SessionErrorKind.HostSignInFailed => zh ? "签到失败" : "The host sign-in failed.",
            _ => throw new InvalidOperationException("Unknown session error kind."),
        };
    }

    /// <summary>Returns <c>code: description</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => $"{Code}: {Description}";
}
