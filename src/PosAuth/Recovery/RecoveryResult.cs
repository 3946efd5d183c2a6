using System.Diagnostics.CodeAnalysis;

namespace PosAuth;

/// <summary>The outcome of a recovery flow that returns no value: success, or a typed <see cref="RecoveryError"/>.</summary>
public sealed class RecoveryResult
{
    private static readonly RecoveryResult SuccessInstance = new(null);

    private RecoveryResult(RecoveryError? error) => Error = error;

    /// <summary>A successful result.</summary>
    public static RecoveryResult Success => SuccessInstance;

    /// <summary>Whether the flow succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the flow refused; <see langword="null"/> on success.</summary>
    public RecoveryError? Error { get; }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static RecoveryResult Failed(RecoveryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RecoveryResult(error);
    }

    /// <summary>Returns <c>succeeded</c> or the error (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Error?.ToString() ?? "succeeded";
}
