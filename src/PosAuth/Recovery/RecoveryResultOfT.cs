using System.Diagnostics.CodeAnalysis;

namespace PosAuth;

/// <summary>The outcome of a recovery flow that returns a value: the value, or a typed <see cref="RecoveryError"/>.</summary>
/// <typeparam name="T">The value's type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Public API in the style of Identity's IdentityResult: Result<T>.Success(value) / .Failed(error) is the intended call, with T inferred from the declared return type of the caller.")]
public sealed class RecoveryResult<T>
    where T : class
{
    private RecoveryResult(T? value, RecoveryError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Whether the flow succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value; <see langword="null"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>Why the flow refused; <see langword="null"/> on success.</summary>
    public RecoveryError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static RecoveryResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new RecoveryResult<T>(value, null);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static RecoveryResult<T> Failed(RecoveryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RecoveryResult<T>(null, error);
    }

    /// <summary>Returns <c>succeeded</c> (with the value's own description) or the error.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Error?.ToString() ?? $"succeeded: {Value}";
}
