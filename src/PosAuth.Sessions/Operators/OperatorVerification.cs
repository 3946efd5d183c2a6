namespace PosAuth.Sessions;

/// <summary>
/// The outcome of <see cref="IOperatorVerifier.VerifyAsync"/>, built with <see cref="Success"/> or <see cref="Failure"/>.
/// A failure carries neither the operator number nor a role: the number may be unknown (or a PIN typed into the
/// wrong field), and the verifier must not say whether it exists. Never carries the PIN.
/// </summary>
public sealed record OperatorVerification
{
    private OperatorVerification()
    {
    }

    /// <summary>Whether the number and PIN were accepted.</summary>
    public bool Succeeded { get; private init; }

    /// <summary>The operator number that was accepted; <see langword="null"/> on failure.</summary>
    public string? OperatorId { get; private init; }

    /// <summary>The operator's role; <see langword="null"/> on failure.</summary>
    public OperatorRole? Role { get; private init; }

    /// <summary>
    /// Whether the PIN is a factory default, reset, temporary or one-time PIN that must be changed now. A session grants
    /// such an operator nothing but the PIN change (<see cref="TerminalSessionState.PinChangeRequired"/>).
    /// </summary>
    public bool MustChangePin { get; private init; }

    /// <summary>A stable machine code of the failure (for example the authenticator's <c>wrong_pin</c> or <c>locked_out</c>), or <see langword="null"/> on success.</summary>
    public string? FailureCode { get; private init; }

    /// <summary>Attempts left before lockout, when known.</summary>
    public int? RemainingAttempts { get; private init; }

    /// <summary>When the lockout ends, when locked out.</summary>
    public DateTimeOffset? LockedUntil { get; private init; }

    /// <summary>A successful verification.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="role">The operator's role.</param>
    /// <param name="mustChangePin">Whether the PIN must be changed now.</param>
    /// <returns>The result.</returns>
    public static OperatorVerification Success(string operatorId, OperatorRole role, bool mustChangePin = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        return new() { Succeeded = true, OperatorId = operatorId, Role = role, MustChangePin = mustChangePin };
    }

    /// <summary>A failed verification. It names no operator and no role.</summary>
    /// <param name="failureCode">The stable failure code.</param>
    /// <param name="remainingAttempts">Attempts left, when known.</param>
    /// <param name="lockedUntil">When the lockout ends, when locked out.</param>
    /// <returns>The result.</returns>
    public static OperatorVerification Failure(string failureCode, int? remainingAttempts = null, DateTimeOffset? lockedUntil = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(failureCode);
        return new() { Succeeded = false, FailureCode = failureCode, RemainingAttempts = remainingAttempts, LockedUntil = lockedUntil };
    }
}
