using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth;

/// <summary>
/// The result of <see cref="IOperatorAuthenticator.AuthenticateAsync(string, string, ReadOnlyMemory{char}, CancellationToken)"/>:
/// enough for a terminal UI to say "密码错误，还可尝试 2 次" or "已锁定，请 5 分钟后重试或联系主管".
/// </summary>
public readonly record struct AuthenticationResult
{
    /// <summary>The outcome.</summary>
    public AuthenticationOutcome Outcome { get; init; }

    /// <summary>The operator number the attempt was for.</summary>
    public string? OperatorId { get; init; }

    /// <summary>The operator's role; set only when the PIN was verified right.</summary>
    public OperatorRole? Role { get; init; }

    /// <summary>Attempts left before a lock, when known (after a wrong PIN or a lock, and after success).</summary>
    public int? RemainingAttempts { get; init; }

    /// <summary>When a temporary lock ends; <see langword="null"/> when not locked or locked permanently.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Whether the lock only a supervisor or the unlock flow can lift.</summary>
    public bool IsPermanentlyLocked { get; init; }

    /// <summary>
    /// Whether this attempt (a wrong PIN) is the one that applied the lock: the outcome is then
    /// <see cref="AuthenticationOutcome.LockedOut"/> already, so a UI that switches on the outcome shows 已锁定 at the
    /// moment the lock happens, and may add "密码错误" from this flag.
    /// </summary>
    public bool JustLocked { get; init; }

    /// <summary>Why the PIN must change, for <see cref="AuthenticationOutcome.SucceededMustChangePin"/>.</summary>
    public PinChangeReason MustChangePinReason { get; init; }

    /// <summary>What was wrong with the PIN input, for <see cref="AuthenticationOutcome.InvalidInput"/>.</summary>
    public PinInputError InputError { get; init; }

    /// <summary>Whether the operator is signed in (with or without a required PIN change).</summary>
    public bool Succeeded => Outcome is AuthenticationOutcome.Succeeded or AuthenticationOutcome.SucceededMustChangePin;

    /// <summary>
    /// A stable machine code for the outcome: <c>succeeded</c>, <c>succeeded_must_change_pin</c>,
    /// <c>wrong_pin</c>, <c>locked_out</c>, <c>disabled</c>, <c>invalid_input</c>, <c>pin_expired</c> or
    /// <c>store_unavailable</c>.
    /// </summary>
    public string Code => CodeOf(Outcome);

    /// <summary>A short English description of the outcome, without secrets.</summary>
    public string Description => GetDescription(CultureInfo.InvariantCulture);

    /// <summary>
    /// The description in the language of <paramref name="culture"/> (<see cref="DisplayLanguages.FromCulture"/>: Simplified
    /// Chinese for zh-CN, zh-SG and zh-Hans, English otherwise), with the attempts left after a wrong PIN ("密码错误，还可尝试 2 次").
    /// </summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => GetDescription(DisplayLanguages.FromCulture(culture));

    /// <summary>
    /// The description in <paramref name="language"/>, with the attempts left after a wrong PIN; needs no culture data, so
    /// it works under <c>InvariantGlobalization</c>.
    /// </summary>
    /// <param name="language">The language.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        return Outcome switch
        {
            AuthenticationOutcome.Succeeded => zh ? "登录成功" : "Signed in.",
            AuthenticationOutcome.SucceededMustChangePin => zh ? "登录成功，请修改密码" : "Signed in; the PIN must be changed now.",
            AuthenticationOutcome.WrongPin when RemainingAttempts is > 0 and int left =>
                zh ? string.Create(CultureInfo.InvariantCulture, $"操作员号或密码错误，还可尝试 {left} 次")
                   : string.Create(CultureInfo.InvariantCulture, $"The operator number or PIN is wrong; {left} attempt(s) left."),
            AuthenticationOutcome.WrongPin => zh ? "操作员号或密码错误" : "The operator number or PIN is wrong.",
            AuthenticationOutcome.LockedOut when IsPermanentlyLocked => zh ? "已锁定，请联系主管解锁" : "Locked; a supervisor must unlock.",
            AuthenticationOutcome.LockedOut => zh ? "已锁定，请稍后重试或联系主管" : "Locked; try again later or ask a supervisor.",
            AuthenticationOutcome.Disabled => zh ? "操作员已停用" : "The operator is disabled.",
            AuthenticationOutcome.InvalidInput => zh ? "输入格式不正确" : "The operator number or PIN input is malformed.",
            AuthenticationOutcome.PinExpired => zh ? "密码已过期或临时密码已使用" : "The PIN has expired or the temporary PIN was already used.",
            AuthenticationOutcome.StoreUnavailable => zh ? "系统暂时不可用，请稍后重试" : "The store is unavailable; try again.",
            _ => zh ? "登录失败" : "Sign-in failed.",
        };
    }

    internal static string CodeOf(AuthenticationOutcome outcome) => outcome switch
    {
        AuthenticationOutcome.Succeeded => "succeeded",
        AuthenticationOutcome.SucceededMustChangePin => "succeeded_must_change_pin",
        AuthenticationOutcome.WrongPin => "wrong_pin",
        AuthenticationOutcome.LockedOut => "locked_out",
        AuthenticationOutcome.Disabled => "disabled",
        AuthenticationOutcome.InvalidInput => "invalid_input",
        AuthenticationOutcome.PinExpired => "pin_expired",
        AuthenticationOutcome.StoreUnavailable => "store_unavailable",
        _ => "unknown",
    };

    // The operator number is left out of ToString(): for an unknown number it is whatever was typed, perhaps a PIN.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Outcome = ").Append(Code)
            .Append(", Role = ").Append(Role?.ToString() ?? "null")
            .Append(", RemainingAttempts = ").Append(RemainingAttempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null")
            .Append(", LockedUntil = ").Append(LockedUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "null")
            .Append(", IsPermanentlyLocked = ").Append(IsPermanentlyLocked)
            .Append(", JustLocked = ").Append(JustLocked)
            .Append(", MustChangePinReason = ").Append(MustChangePinReason)
            .Append(", InputError = ").Append(InputError);
        return true;
    }
}
