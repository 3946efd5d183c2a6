using System.Diagnostics.CodeAnalysis;

namespace PosAuth;

/// <summary>
/// The outcome of an operator-management operation that returns a value: the value, or a refusal with an
/// <see cref="Error"/>. A refusal changed nothing.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Public API in the style of Identity's IdentityResult: Result<T>.Success(value) / .Failed(error) is the intended call, with T inferred from the declared return type of the caller.")]
public sealed class OperatorManagementResult<T>
{
    private OperatorManagementResult(T? value, OperatorManagementError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Whether the operation succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value; the default of <typeparamref name="T"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>Why the operation was refused; <see langword="null"/> on success.</summary>
    public OperatorManagementError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult<T> Failed(OperatorManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>Returns <c>succeeded</c> or <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Error?.ToString() ?? "succeeded";
}
