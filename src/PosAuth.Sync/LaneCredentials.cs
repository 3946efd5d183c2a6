namespace PosAuth.Sync;

/// <summary>
/// What a lane needs to talk to its back office: its terminal id, its site, and the 32-byte request key the back
/// office showed once at registration. Keep the key where the lane keeps its other secrets (a secure element, the OS
/// keystore, a mode-600 file), never on a command line. <see cref="ToString"/> never prints it.
/// </summary>
public sealed class LaneCredentials
{
    private readonly byte[] _key;

    /// <summary>Creates the credentials.</summary>
    /// <param name="terminalId">The terminal id (1 to 16 ASCII letters or digits).</param>
    /// <param name="site">The site (1 to 16 ASCII letters or digits).</param>
    /// <param name="key">The 32-byte request key (copied).</param>
    /// <exception cref="ArgumentException">An id is malformed or the key is not 32 bytes.</exception>
    public LaneCredentials(string terminalId, string site, ReadOnlySpan<byte> key)
    {
        if (!OperatorIds.IsWellFormed(terminalId) || !OperatorIds.IsWellFormed(site))
        {
            throw new ArgumentException("The terminal id and the site are 1 to 16 ASCII letters or digits.");
        }

        if (key.Length != 32)
        {
            throw new ArgumentException("The lane key is 32 bytes.", nameof(key));
        }

        TerminalId = terminalId;
        Site = site;
        _key = key.ToArray();
    }

    /// <summary>The terminal id.</summary>
    public string TerminalId { get; }

    /// <summary>The site.</summary>
    public string Site { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Describes the credentials without the key.</summary>
    /// <returns>The terminal and site.</returns>
    public override string ToString() => $"LaneCredentials {{ TerminalId = {TerminalId}, Site = {Site}, Key = (hidden) }}";
}
