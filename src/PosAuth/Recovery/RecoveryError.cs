using System.Globalization;
using PosAuth.Authentication;
using PosAuth.Hashing;

namespace PosAuth.Recovery;

/// <summary>
/// Why a recovery flow refused: a stable machine <see cref="Code"/>, an English <see cref="Description"/> and the
/// details a UI needs. Never contains a PIN, a PIN hash or an unlock response.
/// </summary>
public sealed class RecoveryError
{
    private RecoveryError(RecoveryErrorCode kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>What went wrong.</summary>
    public RecoveryErrorCode Kind { get; }

    /// <summary>The stable machine code, such as <c>policy_rejected</c> (see <see cref="RecoveryErrorCode"/>).</summary>
    public string Code => CodeOf(Kind);

    /// <summary>A short English description without secrets.</summary>
    public string Description { get; }

    /// <summary>For <see cref="RecoveryErrorCode.AuthenticationFailed"/>: what the authenticator answered.</summary>
    public AuthenticationOutcome? AuthenticationOutcome { get; private init; }

    /// <summary>Attempts left before a lock (of the actor, or of the unlock flow), when known.</summary>
    public int? RemainingAttempts { get; private init; }

    /// <summary>When a temporary lock ends, when locked.</summary>
    public DateTimeOffset? LockedUntil { get; private init; }

    /// <summary>Whether the lock is permanent (only a higher role or the unlock flow lifts it).</summary>
    public bool IsPermanentlyLocked { get; private init; }

    /// <summary>For <see cref="RecoveryErrorCode.PolicyRejected"/>: every rule the new PIN failed. Empty otherwise.</summary>
    public IReadOnlyList<PinRejectionReason> PolicyReasons { get; private init; } = [];

    /// <summary>Returns the stable code of <paramref name="kind"/>.</summary>
    /// <param name="kind">The error.</param>
    /// <returns>Its snake_case code.</returns>
    public static string CodeOf(RecoveryErrorCode kind) => kind switch
    {
        RecoveryErrorCode.InvalidInput => "invalid_input",
        RecoveryErrorCode.AuthenticationFailed => "authentication_failed",
        RecoveryErrorCode.PinChangeRequired => "pin_change_required",
        RecoveryErrorCode.InsufficientRole => "insufficient_role",
        RecoveryErrorCode.UnknownOperator => "unknown_operator",
        RecoveryErrorCode.PinExpired => "pin_expired",
        RecoveryErrorCode.PolicyRejected => "policy_rejected",
        RecoveryErrorCode.WrongUnlockResponse => "wrong_unlock_response",
        RecoveryErrorCode.UnlockResponseReplayed => "unlock_response_replayed",
        RecoveryErrorCode.UnlockChallengeExpired => "unlock_challenge_expired",
        RecoveryErrorCode.NoPendingUnlockChallenge => "no_pending_unlock_challenge",
        RecoveryErrorCode.UnlockFlowLocked => "unlock_flow_locked",
        RecoveryErrorCode.OfflineUnlockNotConfigured => "offline_unlock_not_configured",
        RecoveryErrorCode.ConcurrentUpdate => "concurrent_update",
        RecoveryErrorCode.ActorNotAllowed => "actor_not_allowed",
        RecoveryErrorCode.UnlockChallengeRateLimited => "unlock_challenge_rate_limited",
        _ => "unknown",
    };

    /// <summary>Creates an error without details, for example in a test double of a recovery service.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <returns>The error, with the standard description.</returns>
    public static RecoveryError Create(RecoveryErrorCode kind) => Simple(kind);

    /// <summary>
    /// The description in the language of <paramref name="culture"/>: Simplified Chinese for any <c>zh</c> culture,
    /// English otherwise. Remaining attempts are included when known ("密码错误，还可尝试 2 次").
    /// </summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (culture.TwoLetterISOLanguageName != "zh")
        {
            return RemainingAttempts is { } left && Kind is RecoveryErrorCode.AuthenticationFailed or RecoveryErrorCode.WrongUnlockResponse && left > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{Description} {left} attempt(s) left.")
                : Description;
        }

        string text = Kind switch
        {
            RecoveryErrorCode.InvalidInput => "输入格式不正确",
            RecoveryErrorCode.AuthenticationFailed => AuthenticationOutcome switch
            {
                PosAuth.Authentication.AuthenticationOutcome.LockedOut => "已锁定，请稍后重试或联系主管",
                PosAuth.Authentication.AuthenticationOutcome.Disabled => "操作员已停用",
                _ => "操作员号或密码错误",
            },
            RecoveryErrorCode.PinChangeRequired => "请先修改您自己的密码",
            RecoveryErrorCode.InsufficientRole => "权限不足",
            RecoveryErrorCode.UnknownOperator => "操作员不存在",
            RecoveryErrorCode.PinExpired => "密码已过期或临时密码已使用",
            RecoveryErrorCode.PolicyRejected => "新密码不符合密码规则",
            RecoveryErrorCode.WrongUnlockResponse => "解锁码错误",
            RecoveryErrorCode.UnlockResponseReplayed => "解锁码已使用",
            RecoveryErrorCode.UnlockChallengeExpired => "挑战码已过期，请重新获取",
            RecoveryErrorCode.NoPendingUnlockChallenge => "没有待验证的挑战码，请重新获取",
            RecoveryErrorCode.UnlockFlowLocked => "解锁码错误次数过多，解锁功能已锁定",
            RecoveryErrorCode.OfflineUnlockNotConfigured => "本终端未配置离线解锁",
            RecoveryErrorCode.ConcurrentUpdate => "账户已被同时修改，请重试",
            RecoveryErrorCode.ActorNotAllowed => "当前操作员无效或已停用",
            RecoveryErrorCode.UnlockChallengeRateLimited => "获取挑战码过于频繁，请稍后再试",
            _ => "操作失败",
        };
        return RemainingAttempts is { } remaining && Kind is RecoveryErrorCode.AuthenticationFailed or RecoveryErrorCode.WrongUnlockResponse && remaining > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{text}，还可尝试 {remaining} 次")
            : text;
    }

    /// <summary>Returns <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => PolicyReasons.Count == 0
        ? $"{Code}: {Description}"
        : $"{Code}: {Description} ({string.Join(", ", PolicyReasons)})";

    internal static RecoveryError Simple(RecoveryErrorCode kind) => new(kind, DescriptionOf(kind));

    internal static RecoveryError Authentication(AuthenticationResult result) => new(RecoveryErrorCode.AuthenticationFailed, DescriptionOf(RecoveryErrorCode.AuthenticationFailed))
    {
        AuthenticationOutcome = result.Outcome,
        RemainingAttempts = result.RemainingAttempts,
        LockedUntil = result.LockedUntil,
        IsPermanentlyLocked = result.IsPermanentlyLocked,
    };

    internal static RecoveryError Policy(IReadOnlyList<PinRejectionReason> reasons) => new(RecoveryErrorCode.PolicyRejected, DescriptionOf(RecoveryErrorCode.PolicyRejected))
    {
        PolicyReasons = reasons,
    };

    internal static RecoveryError WrongResponse(int remainingAttempts, DateTimeOffset? lockedUntil, bool permanent) => new(RecoveryErrorCode.WrongUnlockResponse, DescriptionOf(RecoveryErrorCode.WrongUnlockResponse))
    {
        RemainingAttempts = remainingAttempts,
        LockedUntil = lockedUntil,
        IsPermanentlyLocked = permanent,
    };

    internal static RecoveryError ChallengeRateLimited(DateTimeOffset? lockedUntil) => new(RecoveryErrorCode.UnlockChallengeRateLimited, DescriptionOf(RecoveryErrorCode.UnlockChallengeRateLimited))
    {
        RemainingAttempts = 0,
        LockedUntil = lockedUntil,
    };

    internal static RecoveryError UnlockLocked(DateTimeOffset? lockedUntil, bool permanent) => new(RecoveryErrorCode.UnlockFlowLocked, DescriptionOf(RecoveryErrorCode.UnlockFlowLocked))
    {
        RemainingAttempts = 0,
        LockedUntil = lockedUntil,
        IsPermanentlyLocked = permanent,
    };

    private static string DescriptionOf(RecoveryErrorCode kind) => kind switch
    {
        RecoveryErrorCode.InvalidInput => "The terminal number, operator number or PIN input is malformed.",
        RecoveryErrorCode.AuthenticationFailed => "The operator number or PIN is not accepted.",
        RecoveryErrorCode.PinChangeRequired => "The acting operator must change their own PIN first.",
        RecoveryErrorCode.InsufficientRole => "The acting operator's role may not do this to the target.",
        RecoveryErrorCode.UnknownOperator => "There is no such operator.",
        RecoveryErrorCode.PinExpired => "The PIN has expired or the temporary PIN was already used.",
        RecoveryErrorCode.PolicyRejected => "The new PIN does not meet the PIN policy.",
        RecoveryErrorCode.WrongUnlockResponse => "The unlock response is wrong.",
        RecoveryErrorCode.UnlockResponseReplayed => "The unlock response was already used.",
        RecoveryErrorCode.UnlockChallengeExpired => "The unlock challenge has expired; issue a new one.",
        RecoveryErrorCode.NoPendingUnlockChallenge => "There is no outstanding unlock challenge for this operator on this terminal.",
        RecoveryErrorCode.UnlockFlowLocked => "Too many wrong unlock responses; the unlock flow is locked.",
        RecoveryErrorCode.OfflineUnlockNotConfigured => "Offline unlock is not provisioned on this terminal.",
        RecoveryErrorCode.ConcurrentUpdate => "The account was changed at the same time; nothing was changed.",
        RecoveryErrorCode.ActorNotAllowed => "The acting operator's account is gone, disabled or of another role.",
        RecoveryErrorCode.UnlockChallengeRateLimited => "Too many unlock challenges were issued on this terminal; wait before asking for a new one.",
        _ => "Recovery failed.",
    };
}
