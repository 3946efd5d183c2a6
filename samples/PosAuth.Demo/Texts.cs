using System.Globalization;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>Plain-language wording (zh-CN and en) for the SDK's machine codes. Codes shown beside it are enum names (PascalCase).</summary>
internal static class Texts
{
    public static (string Zh, string En) Reason(PinRejectionReason reason) => reason switch
    {
        PinRejectionReason.TooShort => ("太短", "too short"),
        PinRejectionReason.TooLong => ("太长", "too long"),
        PinRejectionReason.NonDigit => ("含非数字字符", "contains a non-digit"),
        PinRejectionReason.AllSameDigit => ("所有数字相同", "all digits the same"),
        PinRejectionReason.Sequence => ("连续或等差数字", "an ascending or descending run"),
        PinRejectionReason.RepeatedBlock => ("重复的数字组合", "a repeated block"),
        PinRejectionReason.KeypadPattern => ("密码键盘上的直线或图形", "a line or shape on the PIN pad"),
        PinRejectionReason.YearLike => ("像年份", "looks like a year"),
        PinRejectionReason.DateLike => ("像日期", "looks like a date"),
        PinRejectionReason.CommonPin => ("最常见的密码之一", "one of the most common PINs"),
        PinRejectionReason.EqualsOperatorId => ("与操作员号相同", "equals the operator number"),
        PinRejectionReason.EqualsTerminalId => ("与终端号相同", "equals the terminal number"),
        PinRejectionReason.EqualsFactoryDefault => ("是出厂默认密码", "is a factory-default PIN"),
        PinRejectionReason.ReusedPreviousPin => ("与最近用过的密码相同", "reuses a recent PIN"),
        _ => ("不符合密码规则", "against the PIN policy"),
    };

    /// <summary>"原因：连续或等差数字（Sequence）；…" and its English twin.</summary>
    public static (string Zh, string En) Reasons(IEnumerable<PinRejectionReason> reasons)
    {
        PinRejectionReason[] all = reasons.ToArray();
        return (
            "原因：" + string.Join("；", all.Select(r => $"{Reason(r).Zh}（{r}）")),
            "reasons: " + string.Join("; ", all.Select(r => $"{Reason(r).En} ({r})")));
    }

    /// <summary>The reasons a session PIN change carries (PinRejectionReason names).</summary>
    public static (string Zh, string En) Reasons(IEnumerable<string> names) =>
        Reasons(names.Select(n => Enum.TryParse(n, out PinRejectionReason r) ? r : (PinRejectionReason)(-1)));

    /// <summary>Whether the failure means the operator is locked now (the attempt that locked reports locked_out too).</summary>
    public static bool IsLocked(OperatorVerification v) => v.FailureCode == "locked_out";

    /// <summary>"密码错误，还可尝试 N 次" and friends, from a verification failure.</summary>
    public static (string Zh, string En) WrongPin(OperatorVerification v, TimeProvider time)
    {
        if (IsLocked(v))
        {
            return Locked(v.LockedUntil, time);
        }

        return v.FailureCode switch
        {
            "invalid_input" => ("输入无效，密码须为数字", "Invalid input: the PIN must be digits"),
            "disabled" => ("该操作员已停用", "This operator is disabled"),
            "pin_expired" => ("密码已过期（临时密码已失效），请联系主管", "The PIN expired (a temporary PIN ran out): call the supervisor"),
            "store_unavailable" => ("系统维护中，请稍后再试", "System unavailable (the database did not answer): try again"),
            "wrong_pin" => Left(v.RemainingAttempts ?? 0),
            _ => ("操作员号或密码错误", "Wrong operator number or PIN"),
        };
    }

    /// <summary>The same for a sign-in through the authenticator (the supervisor at menu 8).</summary>
    public static (string Zh, string En) Authentication(AuthenticationResult r, TimeProvider time) => r.Outcome switch
    {
        AuthenticationOutcome.LockedOut => Locked(r.LockedUntil, time),
        AuthenticationOutcome.StoreUnavailable => ("系统维护中，请稍后再试", "System unavailable, try again"),
        AuthenticationOutcome.WrongPin => Left(r.RemainingAttempts ?? 0),
        AuthenticationOutcome.InvalidInput => ("输入无效，密码须为数字", "Invalid input: the PIN must be digits"),
        AuthenticationOutcome.Disabled => ("该操作员已停用", "This operator is disabled"),
        AuthenticationOutcome.PinExpired => ("密码已过期，请联系上级", "The PIN expired: call a higher role"),
        _ => ("操作员号或密码错误", "Wrong operator number or PIN"),
    };

    public static (string Zh, string En) Locked(DateTimeOffset? lockedUntil, TimeProvider time)
    {
        if (lockedUntil is { } until)
        {
            int minutes = Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalMinutes));
            return ($"已锁定，请 {minutes} 分钟后重试或联系主管", $"Locked: try again in {minutes} min or call the supervisor");
        }

        return ("已锁定，请联系主管解锁", "Locked: the supervisor must unlock");
    }

    public static (string Zh, string En) Status(LockoutStatus status, TimeProvider time) =>
        status.IsLocked ? Locked(status.LockedUntil, time)
            : ($"未锁定，可尝试 {status.RemainingAttempts} 次", $"not locked, {status.RemainingAttempts} attempts available");

    /// <summary>Why a session operation refused, from its <see cref="SessionError.Kind"/>.</summary>
    public static (string Zh, string En) Session(SessionResult r, TimeProvider time) => r.Error?.Kind switch
    {
        null => ("完成", "Done"),
        SessionErrorKind.VerificationFailed => WrongPin(r.Verification!, time),
        SessionErrorKind.InvalidInput => ("操作员号须为 1 到 16 位字母或数字", "An operator number is 1 to 16 letters or digits"),
        SessionErrorKind.PinChangeRequired when r.Session.State == TerminalSessionState.PinChangeRequired =>
            ("请先修改密码", "Change the PIN first"),
        SessionErrorKind.PinChangeRequired =>
            ($"{r.Verification?.OperatorId} 的密码是出厂或临时密码，必须先修改", $"{r.Verification?.OperatorId} has a factory or temporary PIN that must be changed first"),
        SessionErrorKind.UnlockNotPermitted => ("无权解锁：只有本操作员或主管可以解锁", "Only the signed-in operator or a supervisor may unlock"),
        SessionErrorKind.MaintenanceNotPermitted => ("无权进入系统维护", "This role may not enter maintenance"),
        SessionErrorKind.PinChangeRejected => PinChange(r.PinChange!),
        SessionErrorKind.HostSignInFailed => r.HostSignOn?.ResponseCode is { } code
            ? ($"签到失败：主机应答码 {code}", $"Sign-in failed: host response {code}")
            : ("签到失败：主机无应答", "Sign-in failed: no answer from the host"),
        _ => (r.Error.GetDescription(DisplayLanguage.SimplifiedChinese), r.Error.GetDescription(DisplayLanguage.English)),
    };

    /// <summary>Why a PIN change through the session was refused.</summary>
    public static (string Zh, string En) PinChange(OperatorPinChangeResult change) => change.FailureCode switch
    {
        "authentication_failed" when change.RemainingAttempts is > 0 =>
            ($"当前密码错误，还可尝试 {change.RemainingAttempts} 次", $"Current PIN wrong, {change.RemainingAttempts} attempts left"),
        "authentication_failed" => ("当前密码错误或已锁定", "Current PIN wrong, or locked"),
        "policy_rejected" => ("新密码不符合密码规则", "The new PIN does not meet the PIN policy"),
        "pin_expired" => ("密码已过期，请联系主管", "The PIN expired: call the supervisor"),
        "invalid_input" => ("输入无效，密码须为数字", "Invalid input: the PIN must be digits"),
        "concurrent_update" => ("账户刚被修改，请重试", "The account changed meanwhile: try again"),
        _ => ("密码未修改", "The PIN was not changed"),
    };

    public static (string Zh, string En) Recovery(RecoveryError error) => error.Kind switch
    {
        RecoveryErrorKind.PolicyRejected => ("新密码不符合密码规则", "The new PIN does not meet the PIN policy"),
        RecoveryErrorKind.AuthenticationFailed => error.RemainingAttempts is int left && left > 0
            ? ($"当前密码错误，还可尝试 {left} 次", $"Current PIN wrong, {left} attempts left")
            : ("当前密码错误或已锁定", "Current PIN wrong, or locked"),
        RecoveryErrorKind.WrongUnlockResponse => ("解锁码错误", "Wrong unlock response"),
        RecoveryErrorKind.UnlockResponseReplayed => ("解锁码已使用过，不能再次使用", "That unlock response was already used"),
        RecoveryErrorKind.NoPendingUnlockChallenge => ("没有待处理的解锁请求（挑战码已用掉）", "No unlock challenge outstanding (it was used up)"),
        RecoveryErrorKind.UnlockChallengeExpired => ("挑战码已过期", "The challenge expired"),
        _ => (error.GetDescription(DisplayLanguage.SimplifiedChinese), error.Description),
    };

    public static (string Zh, string En) Role(OperatorRole role) => role switch
    {
        OperatorRole.Administrator => ("系统管理员", "administrator"),
        OperatorRole.Supervisor => ("主管", "supervisor"),
        _ => ("操作员", "operator"),
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    private static (string Zh, string En) Left(int left) =>
        ($"密码错误，还可尝试 {left} 次", $"Wrong PIN, {left} attempt{(left == 1 ? "" : "s")} left");
}
