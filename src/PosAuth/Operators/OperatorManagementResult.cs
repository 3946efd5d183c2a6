using System.Diagnostics.CodeAnalysis;

namespace PosAuth;

/// <summary>
/// The outcome of an operator-management operation that returns no value: success, or a refusal with an
/// <see cref="Error"/> (stable machine code and description, in the style of ASP.NET Core Identity's
/// <c>IdentityResult</c>). A refusal changed nothing. Never contains a PIN or a PIN hash.
/// </summary>
public sealed class OperatorManagementResult
{
    private static readonly OperatorManagementResult SuccessInstance = new(null);

    private OperatorManagementResult(OperatorManagementError? error) => Error = error;

    /// <summary>A successful result.</summary>
    public static OperatorManagementResult Success => SuccessInstance;

    /// <summary>Whether the operation succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the operation was refused; <see langword="null"/> on success.</summary>
    public OperatorManagementError? Error { get; }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult Failed(OperatorManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error);
    }

    /// <summary>Returns <c>succeeded</c> or <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Error?.ToString() ?? "succeeded";
}
