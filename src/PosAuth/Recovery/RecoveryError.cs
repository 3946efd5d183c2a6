using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth;

/// <summary>
/// Why a recovery flow refused: a stable machine <see cref="Code"/>, an English <see cref="Description"/> and the
/// details a UI needs. Never contains a PIN, a PIN hash or an unlock response.
/// </summary>
public sealed class RecoveryError
{
    private RecoveryError(RecoveryErrorKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>What went wrong.</summary>
    public RecoveryErrorKind Kind { get; }

    /// <summary>The stable machine code, such as <c>policy_rejected</c> (see <see cref="RecoveryErrorKind"/>).</summary>
    public string Code => CodeOf(Kind);

    /// <summary>A short English description without secrets.</summary>
    public string Description { get; }

    /// <summary>For <see cref="RecoveryErrorKind.AuthenticationFailed"/>: what the authenticator answered.</summary>
    public AuthenticationOutcome? AuthenticationOutcome { get; private init; }

    /// <summary>Attempts left before a lock (of the actor, or of the unlock flow), when known.</summary>
    public int? RemainingAttempts { get; private init; }

    /// <summary>When a temporary lock ends, when locked.</summary>
    public DateTimeOffset? LockedUntil { get; private init; }

    /// <summary>Whether the lock is permanent (only a higher role or the unlock flow lifts it).</summary>
    public bool IsPermanentlyLocked { get; private init; }

    /// <summary>For <see cref="RecoveryErrorKind.PolicyRejected"/>: every rule the new PIN failed. Empty otherwise.</summary>
    public IReadOnlyList<PinRejectionReason> PolicyReasons { get; private init; } = [];

    internal static string CodeOf(RecoveryErrorKind kind) => kind switch
    {
        RecoveryErrorKind.InvalidInput => "invalid_input",
        RecoveryErrorKind.AuthenticationFailed => "authentication_failed",
        RecoveryErrorKind.PinChangeRequired => "pin_change_required",
        RecoveryErrorKind.InsufficientRole => "insufficient_role",
        RecoveryErrorKind.UnknownOperator => "unknown_operator",
        RecoveryErrorKind.PinExpired => "pin_expired",
        RecoveryErrorKind.PolicyRejected => "policy_rejected",
        RecoveryErrorKind.WrongUnlockResponse => "wrong_unlock_response",
        RecoveryErrorKind.UnlockResponseReplayed => "unlock_response_replayed",
        RecoveryErrorKind.UnlockChallengeExpired => "unlock_challenge_expired",
        RecoveryErrorKind.NoPendingUnlockChallenge => "no_pending_unlock_challenge",
        RecoveryErrorKind.UnlockFlowLocked => "unlock_flow_locked",
        RecoveryErrorKind.OfflineUnlockNotConfigured => "offline_unlock_not_configured",
        RecoveryErrorKind.ConcurrentUpdate => "concurrent_update",
        RecoveryErrorKind.ActorNotAllowed => "actor_not_allowed",
        RecoveryErrorKind.UnlockChallengeRateLimited => "unlock_challenge_rate_limited",
        _ => "unknown",
    };

    /// <summary>Creates an error without details, for example in a test double of a recovery service.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <returns>The error, with the standard description.</returns>
    public static RecoveryError Create(RecoveryErrorKind kind) => Simple(kind);

    /// <summary>
    /// The description in the language of <paramref name="culture"/> (<see cref="DisplayLanguages.FromCulture"/>: Simplified
    /// Chinese for zh-CN, zh-SG and zh-Hans, English otherwise). Remaining attempts are included when known ("密码错误，还可尝试 2 次").
    /// </summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => GetDescription(DisplayLanguages.FromCulture(culture));

    /// <summary>
    /// The description in <paramref name="language"/>, with the remaining attempts when known; needs no culture data, so
    /// it works under <c>InvariantGlobalization</c>.
    /// </summary>
    /// <param name="language">The language.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(DisplayLanguage language)
    {
        if (language != DisplayLanguage.SimplifiedChinese)
        {
            return RemainingAttempts is { } left && Kind is RecoveryErrorKind.AuthenticationFailed or RecoveryErrorKind.WrongUnlockResponse && left > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{Description} {left} attempt(s) left.")
                : Description;
        }

        string text = Kind switch
        {
            RecoveryErrorKind.InvalidInput => "输入格式不正确",
            RecoveryErrorKind.AuthenticationFailed => AuthenticationOutcome switch
            {
                PosAuth.AuthenticationOutcome.LockedOut => "已锁定，请稍后重试或联系主管",
                PosAuth.AuthenticationOutcome.Disabled => "操作员已停用",
                _ => "操作员号或密码错误",
            },
            RecoveryErrorKind.PinChangeRequired => "请先修改您自己的密码",
            RecoveryErrorKind.InsufficientRole => "权限不足",
            RecoveryErrorKind.UnknownOperator => "操作员不存在",
            RecoveryErrorKind.PinExpired => "密码已过期或临时密码已使用",
            RecoveryErrorKind.PolicyRejected => "新密码不符合密码规则",
            RecoveryErrorKind.WrongUnlockResponse => "解锁码错误",
            RecoveryErrorKind.UnlockResponseReplayed => "解锁码已使用",
            RecoveryErrorKind.UnlockChallengeExpired => "挑战码已过期，请重新获取",
            RecoveryErrorKind.NoPendingUnlockChallenge => "没有待验证的挑战码，请重新获取",
            RecoveryErrorKind.UnlockFlowLocked => "解锁码错误次数过多，解锁功能已锁定",
            RecoveryErrorKind.OfflineUnlockNotConfigured => "本终端未配置离线解锁",
            RecoveryErrorKind.ConcurrentUpdate => "账户已被同时修改，请重试",
            RecoveryErrorKind.ActorNotAllowed => "当前操作员无效或已停用",
            RecoveryErrorKind.UnlockChallengeRateLimited => "获取挑战码过于频繁，请稍后再试",
            _ => "操作失败",
        };
        return RemainingAttempts is { } remaining && Kind is RecoveryErrorKind.AuthenticationFailed or RecoveryErrorKind.WrongUnlockResponse && remaining > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{text}，还可尝试 {remaining} 次")
            : text;
    }

    /// <summary>Returns <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => PolicyReasons.Count == 0
        ? $"{Code}: {Description}"
        : $"{Code}: {Description} ({string.Join(", ", PolicyReasons)})";

    internal static RecoveryError Simple(RecoveryErrorKind kind) => new(kind, DescriptionOf(kind));

    internal static RecoveryError Authentication(AuthenticationResult result) => new(RecoveryErrorKind.AuthenticationFailed, DescriptionOf(RecoveryErrorKind.AuthenticationFailed))
    {
        AuthenticationOutcome = result.Outcome,
        RemainingAttempts = result.RemainingAttempts,
        LockedUntil = result.LockedUntil,
        IsPermanentlyLocked = result.IsPermanentlyLocked,
    };

    internal static RecoveryError Policy(IReadOnlyList<PinRejectionReason> reasons) => new(RecoveryErrorKind.PolicyRejected, DescriptionOf(RecoveryErrorKind.PolicyRejected))
    {
        PolicyReasons = reasons,
    };

    internal static RecoveryError WrongResponse(int remainingAttempts, DateTimeOffset? lockedUntil, bool permanent) => new(RecoveryErrorKind.WrongUnlockResponse, DescriptionOf(RecoveryErrorKind.WrongUnlockResponse))
    {
        RemainingAttempts = remainingAttempts,
        LockedUntil = lockedUntil,
        IsPermanentlyLocked = permanent,
    };

    internal static RecoveryError ChallengeRateLimited(DateTimeOffset? lockedUntil) => new(RecoveryErrorKind.UnlockChallengeRateLimited, DescriptionOf(RecoveryErrorKind.UnlockChallengeRateLimited))
    {
        RemainingAttempts = 0,
        LockedUntil = lockedUntil,
    };

    internal static RecoveryError UnlockLocked(DateTimeOffset? lockedUntil, bool permanent) => new(RecoveryErrorKind.UnlockFlowLocked, DescriptionOf(RecoveryErrorKind.UnlockFlowLocked))
    {
        RemainingAttempts = 0,
        LockedUntil = lockedUntil,
        IsPermanentlyLocked = permanent,
    };

    private static string DescriptionOf(RecoveryErrorKind kind) => kind switch
    {
        RecoveryErrorKind.InvalidInput => "The terminal number, operator number or PIN input is malformed.",
        RecoveryErrorKind.AuthenticationFailed => "The operator number or PIN is not accepted.",
        RecoveryErrorKind.PinChangeRequired => "The acting operator must change their own PIN first.",
        RecoveryErrorKind.InsufficientRole => "The acting operator's role may not do this to the target.",
        RecoveryErrorKind.UnknownOperator => "There is no such operator.",
        RecoveryErrorKind.PinExpired => "The PIN has expired or the temporary PIN was already used.",
        RecoveryErrorKind.PolicyRejected => "The new PIN does not meet the PIN policy.",
        RecoveryErrorKind.WrongUnlockResponse => "The unlock response is wrong.",
        RecoveryErrorKind.UnlockResponseReplayed => "The unlock response was already used.",
        RecoveryErrorKind.UnlockChallengeExpired => "The unlock challenge has expired; issue a new one.",
        RecoveryErrorKind.NoPendingUnlockChallenge => "There is no outstanding unlock challenge for this operator on this terminal.",
        RecoveryErrorKind.UnlockFlowLocked => "Too many wrong unlock responses; the unlock flow is locked.",
        RecoveryErrorKind.OfflineUnlockNotConfigured => "Offline unlock is not provisioned on this terminal.",
        RecoveryErrorKind.ConcurrentUpdate => "The account was changed at the same time; nothing was changed.",
        RecoveryErrorKind.ActorNotAllowed => "The acting operator's account is gone, disabled or of another role.",
        RecoveryErrorKind.UnlockChallengeRateLimited => "Too many unlock challenges were issued on this terminal; wait before asking for a new one.",
        _ => "Recovery failed.",
    };
}
