using PosAuth.Hashing;

namespace PosAuth.Operators;

/// <summary>An operator-management operation was refused; nothing was changed.</summary>
public sealed class OperatorManagementException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="pinRejections">The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>.</param>
    public OperatorManagementException(OperatorManagementError error, string message, IReadOnlyList<PinRejectionReason>? pinRejections = null)
        : base(message)
    {
        Error = error;
        PinRejections = pinRejections ?? [];
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public OperatorManagementException()
        : this(OperatorManagementError.InsufficientRole, "Operator management refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">A description without secrets.</param>
    public OperatorManagementException(string message)
        : this(OperatorManagementError.InsufficientRole, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The cause.</param>
    public OperatorManagementException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = OperatorManagementError.InsufficientRole;
        PinRejections = [];
    }

    /// <summary>Why the operation was refused.</summary>
    public OperatorManagementError Error { get; }

    /// <summary>The stable machine code of <see cref="Error"/>, such as <c>InsufficientRole</c>.</summary>
    public string Code => Error.ToString();

    /// <summary>The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>.</summary>
    public IReadOnlyList<PinRejectionReason> PinRejections { get; }
}
