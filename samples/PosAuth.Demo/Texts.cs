using System.Globalization;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Recovery;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>Plain-language wording (zh-CN and en) for the SDK's machine codes.</summary>
internal static class Texts
{
    public static (string Zh, string En) Reason(PinRejectionReason reason) => reason switch
    {
        PinRejectionReason.TooShort => ("太短", "too short"),
        PinRejectionReason.TooLong => ("太长", "too long"),
        PinRejectionReason.NonDigit => ("含非数字字符", "contains a non-digit"),
        PinRejectionReason.AllSameDigit => ("所有数字相同", "all digits the same"),
        PinRejectionReason.Sequence => ("连续或等差数字", "an ascending/descending run"),
        PinRejectionReason.RepeatedBlock => ("重复的数字组合", "a repeated block"),
        PinRejectionReason.KeypadPattern => ("密码键盘上的直线或图形", "a line or shape on the PIN pad"),
        PinRejectionReason.YearLike => ("像年份", "looks like a year"),
        PinRejectionReason.DateLike => ("像日期", "looks like a date"),
        PinRejectionReason.CommonPin => ("最常见的密码之一", "one of the most common PINs"),
        PinRejectionReason.EqualsOperatorId => ("与操作员号相同", "equals the operator number"),
        PinRejectionReason.EqualsTerminalId => ("与终端号相同", "equals the terminal number"),
        PinRejectionReason.EqualsFactoryDefault => ("是出厂默认密码", "is a factory-default PIN"),
        PinRejectionReason.ReusedPreviousPin => ("与最近用过的密码相同", "reuses a recent PIN"),
        _ => (reason.ToString(), reason.ToString()),
    };

    public static string Reasons(Narrator narrator, IEnumerable<PinRejectionReason> reasons) =>
        string.Join(narrator.Language == DemoLanguage.English ? "; " : "；", reasons.Select(r =>
        {
            (string zh, string en) = Reason(r);
            return narrator.Pick(zh, en, " / ") + $" [{r}]";
        }));

    /// <summary>"密码错误，还可尝试 N 次" and friends, from a verification failure.</summary>
    public static (string Zh, string En) WrongPin(OperatorVerification v, TimeProvider time)
    {
        if (v.FailureCode == "locked_out" || (v.RemainingAttempts == 0 && v.FailureCode is "wrong_pin" or "unknown_operator"))
        {
            return Locked(v.LockedUntil, time);
        }

        if (v.FailureCode == "invalid_input")
        {
            return ("输入无效，请输入数字密码", "Invalid input: the PIN must be digits");
        }

        int left = v.RemainingAttempts ?? 0;
        return ($"密码错误，还可尝试 {left} 次", $"Wrong PIN, {left} attempt{(left == 1 ? "" : "s")} left");
    }

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

    public static (string Zh, string En) Recovery(RecoveryError error)
    {
        if (error.Kind == RecoveryErrorCode.PolicyRejected)
        {
            return ("新密码不符合密码规则", "The new PIN does not meet the PIN policy");
        }

        return error.Kind switch
        {
            RecoveryErrorCode.AuthenticationFailed => error.RemainingAttempts is int left && left > 0
                ? ($"当前密码错误，还可尝试 {left} 次", $"Current PIN wrong, {left} attempts left")
                : ("当前密码错误或已锁定", "Current PIN wrong, or locked"),
            RecoveryErrorCode.WrongUnlockResponse => ("解锁码错误", "Wrong unlock response"),
            RecoveryErrorCode.UnlockResponseReplayed => ("解锁码已使用过，不能再次使用", "That unlock response was already used"),
            RecoveryErrorCode.NoPendingUnlockChallenge => ("没有待处理的解锁请求（挑战码已用掉）", "No unlock challenge outstanding (it was used up)"),
            RecoveryErrorCode.UnlockChallengeExpired => ("挑战码已过期", "The challenge expired"),
            _ => (error.Code, error.Description),
        };
    }

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-";
}
