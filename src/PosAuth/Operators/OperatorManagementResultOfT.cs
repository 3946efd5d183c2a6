using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth.Operators;

/// <summary>
/// The outcome of an operator-management operation that returns a value: the value, or a refusal with a stable
/// machine <see cref="Code"/> and a <see cref="Description"/>. A refusal changed nothing.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class OperatorManagementResult<T>
{
    private OperatorManagementResult(T? value, OperatorManagementError? error, IReadOnlyList<PinRejectionReason> pinRejections)
    {
        Value = value;
        Error = error;
        PinRejections = pinRejections;
    }

    /// <summary>Whether the operation succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value; the default of <typeparamref name="T"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>Why the operation was refused; <see langword="null"/> on success.</summary>
    public OperatorManagementError? Error { get; }

    /// <summary>The stable machine code: <c>succeeded</c>, or the error's code such as <c>insufficient_role</c>.</summary>
    public string Code => OperatorManagementResult.CodeOf(Error);

    /// <summary>A short English description without secrets.</summary>
    public string Description => OperatorManagementResult.DescriptionOf(Error, CultureInfo.InvariantCulture);

    /// <summary>The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>. Empty otherwise.</summary>
    public IReadOnlyList<PinRejectionReason> PinRejections { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null, []);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <param name="pinRejections">The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult<T> Failed(OperatorManagementError error, IReadOnlyList<PinRejectionReason>? pinRejections = null) =>
        new(default, error, pinRejections ?? []);

    /// <summary>The description in the language of <paramref name="culture"/>: Simplified Chinese for any <c>zh</c> culture, English otherwise.</summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => OperatorManagementResult.DescriptionOf(Error, culture ?? CultureInfo.CurrentUICulture);

    /// <summary>Returns <c>succeeded</c> or <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => OperatorManagementResult.Summary(Error, PinRejections);
}
