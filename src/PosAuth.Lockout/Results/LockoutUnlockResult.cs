using System.Diagnostics.CodeAnalysis;

namespace PosAuth.Lockout;

/// <summary>
/// The outcome of <see cref="ILockoutPolicy.UnlockAsync"/>: the status after the unlock, or a refusal with an
/// <see cref="Error"/> (the actor may not unlock the subject), which changed nothing.
/// </summary>
public sealed class LockoutUnlockResult
{
    private LockoutUnlockResult(LockoutStatus status, LockoutError? error)
    {
        Status = status;
        Error = error;
    }

    /// <summary>Whether the subject was unlocked.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the unlock was refused; <see langword="null"/> on success.</summary>
    public LockoutError? Error { get; }

    /// <summary>The subject's status: after the unlock on success, as it is (unchanged) on a refusal.</summary>
    public LockoutStatus Status { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="status">The status after the unlock.</param>
    /// <returns>The result.</returns>
    public static LockoutUnlockResult Success(LockoutStatus status) => new(status, null);

    /// <summary>Creates a refused result.</summary>
    /// <param name="error">Why the unlock was refused.</param>
    /// <param name="status">The subject's unchanged status.</param>
    /// <returns>The result.</returns>
    public static LockoutUnlockResult Failed(LockoutError error, LockoutStatus status)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(status, error);
    }

    /// <summary>Returns <c>succeeded</c> or <c>code: description</c>, with the status.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => $"{Error?.ToString() ?? "succeeded"} ({Status.State})";
}
