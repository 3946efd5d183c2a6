namespace PosAuth.Sessions;

/// <summary>The outcome of <see cref="IOperatorVerifier.VerifyAsync"/>. Never carries the PIN.</summary>
public sealed record OperatorVerification
{
    /// <summary>Whether the number and PIN were accepted.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The operator number that was checked.</summary>
    public required string OperatorId { get; init; }

    /// <summary>The operator's role (meaningful on success).</summary>
    public OperatorRole Role { get; init; }

    /// <summary>Whether the PIN is temporary or a factory default and must be changed now.</summary>
    public bool MustChangePin { get; init; }

    /// <summary>A stable machine code of the failure (for example the authenticator's outcome code), or <see langword="null"/> on success.</summary>
    public string? FailureCode { get; init; }

    /// <summary>Attempts left before lockout, when known.</summary>
    public int? RemainingAttempts { get; init; }

    /// <summary>When the lockout ends, when locked out.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>A successful verification.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="role">The operator's role.</param>
    /// <param name="mustChangePin">Whether the PIN must be changed now.</param>
    /// <returns>The result.</returns>
    public static OperatorVerification Success(string operatorId, OperatorRole role, bool mustChangePin = false) =>
        new() { Succeeded = true, OperatorId = operatorId, Role = role, MustChangePin = mustChangePin };

    /// <summary>A failed verification.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="failureCode">The stable failure code.</param>
    /// <param name="remainingAttempts">Attempts left, when known.</param>
    /// <param name="lockedUntil">When the lockout ends, when locked out.</param>
    /// <returns>The result.</returns>
    public static OperatorVerification Failure(string operatorId, string failureCode, int? remainingAttempts = null, DateTimeOffset? lockedUntil = null) =>
        new() { Succeeded = false, OperatorId = operatorId, FailureCode = failureCode, RemainingAttempts = remainingAttempts, LockedUntil = lockedUntil };
}
