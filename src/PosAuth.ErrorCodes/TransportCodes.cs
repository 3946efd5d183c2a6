namespace PosAuth.ErrorCodes;

/// <summary>Stable codes for failures of the exchange with the host, classified with <see cref="ErrorSource.Transport"/>.</summary>
public static class TransportCodes
{
    /// <summary>The connection to the host could not be opened.</summary>
    public const string ConnectFailed = "CONNECT_FAILED";

    /// <summary>Sending the request failed.</summary>
    public const string SendFailed = "SEND_FAILED";

    /// <summary>No response arrived in time.</summary>
    public const string ResponseTimeout = "RESPONSE_TIMEOUT";

    /// <summary>The MAC of the response did not verify.</summary>
    public const string ResponseMacInvalid = "RESPONSE_MAC_INVALID";

    /// <summary>A response arrived that does not match the request (message type, trace number).</summary>
    public const string UnexpectedMessage = "UNEXPECTED_MESSAGE";

    /// <summary>The response could not be parsed.</summary>
    public const string ResponseInvalid = "RESPONSE_INVALID";

    /// <summary>The connection dropped during the exchange.</summary>
    public const string ConnectionLost = "CONNECTION_LOST";

    /// <summary>The terminal has no network connection.</summary>
    public const string NoNetwork = "NO_NETWORK";

    /// <summary>The TLS handshake with the host failed.</summary>
    public const string TlsFailed = "TLS_FAILED";
}
