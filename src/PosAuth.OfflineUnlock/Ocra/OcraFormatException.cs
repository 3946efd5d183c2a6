namespace PosAuth.OfflineUnlock;

/// <summary>An OCRA suite string does not follow the RFC 6287 grammar this library accepts.</summary>
public sealed class OcraFormatException : FormatException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OcraFormatException()
        : base("The OCRA suite is not valid.")
    {
    }

    /// <summary>Creates the exception with a message saying what is wrong.</summary>
    /// <param name="message">What is wrong with the suite.</param>
    public OcraFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong with the suite.</param>
    /// <param name="innerException">The cause.</param>
    public OcraFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
