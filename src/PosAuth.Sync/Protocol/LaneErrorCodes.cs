namespace PosAuth.Sync.Protocol;

/// <summary>The stable codes of lane-protocol refusals (the <c>code</c> member of the problem+json body).</summary>
internal static class LaneErrorCodes
{
    public const string UnsignedRequest = "unsigned_request";
    public const string BadSignature = "bad_signature";
    public const string UnknownTerminal = "unknown_terminal";
    public const string TerminalDisabled = "terminal_disabled";
    public const string StaleTimestamp = "stale_timestamp";
    public const string ReplayedRequest = "replayed_request";
    public const string CrossSite = "cross_site";
    public const string BodyTooLarge = "body_too_large";
    public const string MalformedJson = "malformed_json";
    public const string InvalidRequest = "invalid_request";
    public const string UnknownCharge = "unknown_charge";
    public const string StoreUnavailable = "back_office_store_unavailable";
    public const string LeasesHeld = "leases_held";
}
