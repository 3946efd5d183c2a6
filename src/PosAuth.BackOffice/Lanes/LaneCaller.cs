using PosAuth.BackOffice.Storage;

namespace PosAuth.BackOffice.Lanes;

/// <summary>A lane request that passed every check: signed by a registered, enabled lane of the site in its path, fresh, never seen.</summary>
internal sealed record LaneCaller(TerminalRecord Terminal, byte[] Key, string Nonce, byte[] Body)
{
    public string TerminalId => Terminal.TerminalId;

    public string Site => Terminal.Site;

    public override string ToString() => $"LaneCaller {{ TerminalId = {TerminalId}, Site = {Site} }}";
}
