using PosAuth.Hashing;
using PosAuth.Operators;

namespace PosAuth.Authentication;

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

    /// <summary>The stable machine code of an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>Its code.</returns>
    public static string CodeOf(AuthenticationOutcome outcome) => outcome switch
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
