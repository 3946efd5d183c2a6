namespace PosAuth.Sessions;

/// <summary>The outcome of <see cref="IOperatorPinChanger.ChangePinAsync"/>. Never carries a PIN.</summary>
public sealed record OperatorPinChangeResult
{
    private OperatorPinChangeResult()
    {
    }

    /// <summary>Whether the PIN was changed.</summary>
    public bool Succeeded { get; private init; }

    /// <summary>
    /// A stable machine code of the refusal, or <see langword="null"/> on success. The PosAuth core uses its recovery
    /// codes: <c>authentication_failed</c> (current PIN wrong or locked), <c>policy_rejected</c>, <c>pin_expired</c>,
    /// <c>invalid_input</c>, <c>concurrent_update</c>.
    /// </summary>
    public string? FailureCode { get; private init; }

    /// <summary>Attempts left before the operator is locked out, when the current PIN was wrong.</summary>
    public int? RemainingAttempts { get; private init; }

    /// <summary>When the lockout ends, when locked out.</summary>
    public DateTimeOffset? LockedUntil { get; private init; }

    /// <summary>Every PIN-policy rule the new PIN failed (the core's <c>PinRejectionReason</c> names, such as <c>CommonPin</c>); empty otherwise.</summary>
    public IReadOnlyList<string> PolicyReasons { get; private init; } = [];

    /// <summary>A successful change.</summary>
    /// <returns>The result.</returns>
    public static OperatorPinChangeResult Success() => new() { Succeeded = true };

    /// <summary>A refused change.</summary>
    /// <param name="failureCode">The stable failure code.</param>
    /// <param name="remainingAttempts">Attempts left, when known.</param>
    /// <param name="lockedUntil">When the lockout ends, when locked out.</param>
    /// <param name="policyReasons">The policy rules the new PIN failed.</param>
    /// <returns>The result.</returns>
    public static OperatorPinChangeResult Failure(string failureCode, int? remainingAttempts = null, DateTimeOffset? lockedUntil = null, IReadOnlyList<string>? policyReasons = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(failureCode);
        return new()
        {
            Succeeded = false,
            FailureCode = failureCode,
            RemainingAttempts = remainingAttempts,
            LockedUntil = lockedUntil,
            PolicyReasons = policyReasons is null ? [] : [.. policyReasons],
        };
    }
}
