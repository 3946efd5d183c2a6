namespace PosAuth.Sessions;

/// <summary>
/// The vendor's host exchange for terminal sign-in (ISO 8583 0800/0810, working-key download and
/// key check values) and sign-out (0820/0830). PosAuth tracks the outcome; the comm layer does the
/// exchange. Implementations report a declined or unanswered exchange as a failed result; an
/// exception thrown here is recorded by the session as a failure with the exception's type name.
/// </summary>
public interface IHostSignOn
{
    /// <summary>Signs the terminal in to the acquirer host.</summary>
    /// <param name="request">Terminal, operator, batch, shift and network-management code.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The host's answer.</returns>
    ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken);

    /// <summary>Signs the terminal out of the acquirer host (network-management code 002).</summary>
    /// <param name="request">Terminal, operator, batch and shift being closed.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The host's answer.</returns>
    ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken);
}
