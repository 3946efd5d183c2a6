namespace PosAuth.Hashing;

/// <summary>Thrown when a PIN given to be hashed is not acceptable input. The message never contains the PIN.</summary>
public sealed class InvalidPinException : ArgumentException
{
    /// <summary>Creates the exception for an input error.</summary>
    /// <param name="error">What is wrong with the input.</param>
    public InvalidPinException(PinInputError error)
        : base(MessageFor(error), "pin")
    {
        Error = error;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidPinException()
        : this(PinInputError.NonDigit)
    {
    }

    /// <summary>Creates the exception with a custom message (which must not contain the PIN).</summary>
    /// <param name="message">The message.</param>
    public InvalidPinException(string message)
        : base(message, "pin")
    {
    }

    /// <summary>Creates the exception with a custom message and inner exception.</summary>
    /// <param name="message">The message (which must not contain the PIN).</param>
    /// <param name="innerException">The cause.</param>
    public InvalidPinException(string message, Exception innerException)
        : base(message, "pin", innerException)
    {
    }

    /// <summary>What is wrong with the input.</summary>
    public PinInputError Error { get; } = PinInputError.NonDigit;

    private static string MessageFor(PinInputError error) => error switch
    {
        PinInputError.Empty => "The PIN is empty.",
        PinInputError.TooLong => $"The PIN is longer than {PinInput.MaxLength} characters.",
        PinInputError.NonDigit => "The PIN may contain only the digits 0-9.",
        _ => "The PIN is not valid.",
    };
}
