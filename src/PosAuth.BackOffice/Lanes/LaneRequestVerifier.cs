using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Audit;
using PosAuth.BackOffice.Internal;
using PosAuth.BackOffice.Storage;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Lanes;

/// <summary>
/// Checks every lane request before anything else runs, in this order, and refuses with a typed problem (audited)
/// at the first failure: the body is not larger than the limit (413 <c>body_too_large</c>, read no further); the four
/// headers are there and well formed (401 <c>unsigned_request</c>); the terminal is registered (401
/// <c>unknown_terminal</c>); the signature over method, path, timestamp, nonce and body digest is right (401
/// <c>bad_signature</c>); the terminal is enabled (403 <c>terminal_disabled</c>); the timestamp is within
/// <see cref="BackOfficeOptions.ClockSkew"/> (401 <c>stale_timestamp</c>, with the server's time, signed, so a lane
/// with a wrong clock can correct its offset); the site in the path is the terminal's (403 <c>cross_site</c>); the nonce
/// was never used by this terminal (401 <c>replayed_request</c>; nonces are kept for twice the skew window, in the
/// database, so a restart does not reopen the window). JSON is parsed only after all of that.
/// </summary>
internal sealed class LaneRequestVerifier
{
    private readonly BackOfficeStore _store;
    private readonly BackOfficeKeys _keys;
    private readonly TimeProvider _time;
    private readonly BackOfficeOptions _options;

    public LaneRequestVerifier(BackOfficeStore store, BackOfficeKeys keys, TimeProvider time, IOptions<BackOfficeOptions> options)
    {
        _store = store;
        _keys = keys;
        _time = time;
        _options = options.Value;
    }

    public TimeProvider Time => _time;

    public async Task<(LaneCaller? Caller, IResult? Refusal)> VerifyAsync(HttpContext context, string routeSite, string endpoint)
    {
        HttpRequest request = context.Request;
        CancellationToken ct = context.RequestAborted;
        string? claimed = Header(request, LaneProtocol.TerminalHeader);
        string? terminalForAudit = claimed is not null && OperatorIds.IsWellFormed(claimed) ? claimed : null;

        // 1. Size first, from the header when there is one: a 1 GB body is never read.
        if (request.ContentLength > _options.MaxLaneRequestBytes)
        {
            return (null, await RefuseAsync(context, endpoint, terminalForAudit, null, 413, LaneErrorCodes.BodyTooLarge, "The request body is too large.", null, null).ConfigureAwait(false));
        }

        byte[]? body = await ReadBoundedAsync(request, _options.MaxLaneRequestBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return (null, await RefuseAsync(context, endpoint, terminalForAudit, null, 413, LaneErrorCodes.BodyTooLarge, "The request body is too large.", null, null).ConfigureAwait(false));
        }

        // 2. The signature headers.
        string? timestampText = Header(request, LaneProtocol.TimestampHeader);
        string? nonce = Header(request, LaneProtocol.NonceHeader);
        string? signature = Header(request, LaneProtocol.SignatureHeader);
        if (terminalForAudit is null || timestampText is null || nonce is null || signature is null
            || !LaneProtocol.IsWellFormedNonce(nonce) || timestampText.Length > 19
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp))
        {
            return (null, await RefuseAsync(context, endpoint, terminalForAudit, null, 401, LaneErrorCodes.UnsignedRequest, "The request is not signed (X-PosAuth-Terminal, -Timestamp, -Nonce and -Signature are required).", null, null).ConfigureAwait(false));
        }

        // 3. The terminal and its signature.
        TerminalRecord? terminal = await _store.GetTerminalAsync(terminalForAudit, ct).ConfigureAwait(false);
        if (terminal is null)
        {
            return (null, await RefuseAsync(context, endpoint, terminalForAudit, null, 401, LaneErrorCodes.UnknownTerminal, "The terminal is not registered.", null, null).ConfigureAwait(false));
        }

        byte[] key = _keys.TerminalKey(terminal.TerminalId, terminal.KeyGeneration);
        string pathAndQuery = request.PathBase + request.Path + request.QueryString;
        string expected = LaneProtocol.SignRequest(key, request.Method, pathAndQuery, terminal.TerminalId, timestamp, nonce, body);
        if (!LaneProtocol.SignatureEquals(expected, signature))
        {
            return (null, await RefuseAsync(context, endpoint, terminal.TerminalId, terminal.Site, 401, LaneErrorCodes.BadSignature, "The request signature is not valid.", null, null).ConfigureAwait(false));
        }

        // From here the request is the terminal's own: refusals are signed for it.
        if (terminal.Disabled)
        {
            return (null, await RefuseAsync(context, endpoint, terminal.TerminalId, terminal.Site, 403, LaneErrorCodes.TerminalDisabled, "The terminal is disabled at the back office.", key, nonce).ConfigureAwait(false));
        }

        DateTimeOffset now = _time.GetUtcNow();
        long skew = (long)_options.ClockSkew.TotalSeconds;
        long nowSeconds = now.ToUnixTimeSeconds();
        if (timestamp < nowSeconds - skew || timestamp > nowSeconds + skew)
        {
            return (null, await RefuseAsync(context, endpoint, terminal.TerminalId, terminal.Site, 401, LaneErrorCodes.StaleTimestamp, "The request timestamp is outside the accepted window; use the server time of this answer.", key, nonce).ConfigureAwait(false));
        }

        if (!string.Equals(routeSite, terminal.Site, StringComparison.Ordinal))
        {
            return (null, await RefuseAsync(context, endpoint, terminal.TerminalId, terminal.Site, 403, LaneErrorCodes.CrossSite, "A lane may only use its own site.", key, nonce, OperatorIds.IsWellFormed(routeSite) ? "requested site " + routeSite : "requested site (malformed)").ConfigureAwait(false));
        }

        if (!await _store.TryUseNonceAsync(terminal.TerminalId, nonce, now + _options.ClockSkew + _options.ClockSkew, ct).ConfigureAwait(false))
        {
            return (null, await RefuseAsync(context, endpoint, terminal.TerminalId, terminal.Site, 401, LaneErrorCodes.ReplayedRequest, "This request was already received.", key, nonce).ConfigureAwait(false));
        }

        return (new LaneCaller(terminal, key, nonce, body), null);
    }

    /// <summary>Audits and answers a refusal of a request that passed the signature checks (malformed JSON, a bad value).</summary>
    public Task<IResult> RefuseAsync(HttpContext context, string endpoint, LaneCaller caller, int status, string code, string title) =>
        RefuseAsync(context, endpoint, caller.TerminalId, caller.Site, status, code, title, caller.Key, caller.Nonce);

    private async Task<IResult> RefuseAsync(HttpContext context, string endpoint, string? terminalId, string? site, int status, string code, string title, byte[]? key, string? nonce, string? detail = null)
    {
        string remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var audit = new AuditDraft(BackOfficeAuditEventType.LaneRequestRefused, _time.GetUtcNow(), site, terminalId, null, terminalId is null ? "anonymous" : "terminal:" + terminalId, code,
            $"{context.Request.Method} {endpoint} from {remote}" + (detail is null ? "" : "; " + detail));
        try
        {
            await _store.AppendAuditAsync([audit], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The refusal stands even when it cannot be written down.
        }

        return LaneResponses.Problem(status, code, title, _time, key, nonce);
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values) && values.Count == 1 && values[0] is { Length: > 0 and <= 128 } v ? v : null;

    /// <summary>Reads the body up to <paramref name="limit"/> bytes; <see langword="null"/> when it is longer.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 64 * 1024));
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (collected.Length + read > limit)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
