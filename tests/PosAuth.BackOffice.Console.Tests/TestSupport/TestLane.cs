using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using PosAuth.Hashing;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>
/// A lane, as the terminal side talks to the back office (the protocol's own source files, compiled in): every request
/// signed with the provisioning secret the console showed, every answer's signature checked. An online sign-in is what
/// a lane does: pull the directory, charge the site budget, run the KDF on the replicated hash, refund on success.
/// </summary>
internal sealed class TestLane
{
    private readonly ConsoleServer _server;
    private readonly HttpClient _http;
    private readonly byte[] _key;
    private readonly IPinHasher _hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = ConsoleServer.TestIterations });

    private TestLane(ConsoleServer server, string site, string terminalId, byte[] key)
    {
        _server = server;
        Site = site;
        TerminalId = terminalId;
        _key = key;
        _http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public string Site { get; }

    public string TerminalId { get; }

    /// <summary>A lane provisioned with the secret the console showed once: <c>terminal:generation:base64 key</c>.</summary>
    public static TestLane FromProvisioningSecret(ConsoleServer server, string site, string secret)
    {
        string[] parts = secret.Split(':');
        Assert.Equal(3, parts.Length);
        return new TestLane(server, site, parts[0], Convert.FromBase64String(parts[2]));
    }

    public enum SignInOutcome
    {
        /// <summary>The PIN is right and grants a session.</summary>
        Accepted,

        /// <summary>The PIN is right but grants nothing but a PIN change (a temporary PIN).</summary>
        AcceptedPinChangeOnly,

        /// <summary>The PIN is wrong (the charge stays).</summary>
        WrongPin,

        /// <summary>The site budget refused the attempt before the KDF.</summary>
        Locked,

        /// <summary>The operator is not in the site's directory, or disabled.</summary>
        Unknown,
    }

    public async Task<SignInOutcome> SignInAsync(string operatorId, string pin)
    {
        DirectoryOperator? entry = (await DirectoryAsync()).Operators.LastOrDefault(o => o.OperatorId == operatorId);
        var charge = await SendAsync(HttpMethod.Post, LaneProtocol.ChargesPath(Site),
            JsonSerializer.SerializeToUtf8Bytes(new ChargeRequest { RequestId = Guid.NewGuid().ToString("N"), OperatorId = operatorId }, LaneJsonContext.Default.ChargeRequest),
            LaneJsonContext.Default.ChargeResponse);
        if (!charge.Allowed)
        {
            return SignInOutcome.Locked;
        }

        if (entry is null || entry.Disabled || entry.Deleted || entry.PinHash is null)
        {
            return SignInOutcome.Unknown;
        }

        if (_hasher.Verify(entry.PinHash, pin) == PinVerificationResult.Failed)
        {
            return SignInOutcome.WrongPin;
        }

        await SendAsync(HttpMethod.Post, LaneProtocol.RefundsPath(Site),
            JsonSerializer.SerializeToUtf8Bytes(new RefundRequest { ChargeId = charge.ChargeId! }, LaneJsonContext.Default.RefundRequest),
            LaneJsonContext.Default.RefundResponse);
        return entry.MustChangePin ? SignInOutcome.AcceptedPinChangeOnly : SignInOutcome.Accepted;
    }

    /// <summary>Pushes audit records with these sequence numbers (as a lane pushes its own trail).</summary>
    public Task<AuditPushResponse> PushAuditAsync(params long[] sequences) =>
        SendAsync(HttpMethod.Post, LaneProtocol.AuditPath(Site), JsonSerializer.SerializeToUtf8Bytes(new AuditPushRequest
        {
            Records = [.. sequences.Select(s => new LaneAuditRecord { Sequence = s, Type = (int)Enum.GetValues<PosAuth.AuditEventType>()[0], Timestamp = _server.Time.GetUtcNow().ToUnixTimeMilliseconds(), Code = "test" })],
        }, LaneJsonContext.Default.AuditPushRequest), LaneJsonContext.Default.AuditPushResponse);

    public Task<DirectoryResponse> DirectoryAsync() =>
        SendAsync(HttpMethod.Get, LaneProtocol.DirectoryPath(Site) + "?since=0", [], LaneJsonContext.Default.DirectoryResponse);

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        string nonce = LaneProtocol.NewNonce();
        long ts = _server.Time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        request.Headers.TryAddWithoutValidation(LaneProtocol.TerminalHeader, TerminalId);
        request.Headers.TryAddWithoutValidation(LaneProtocol.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(LaneProtocol.NonceHeader, nonce);
        request.Headers.TryAddWithoutValidation(LaneProtocol.SignatureHeader, LaneProtocol.SignRequest(_key, method.Method, pathAndQuery, TerminalId, ts, nonce, body));
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {pathAndQuery}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(answer)}");

        // A lane applies only an answer the back office signed for this very request.
        long serverTime = long.Parse(response.Headers.GetValues(LaneProtocol.ServerTimeHeader).Single(), CultureInfo.InvariantCulture);
        string expected = LaneProtocol.SignResponse(_key, nonce, (int)response.StatusCode, serverTime, answer);
        Assert.True(LaneProtocol.SignatureEquals(expected, response.Headers.GetValues(LaneProtocol.ResponseSignatureHeader).Single()), "response signature");
        return JsonSerializer.Deserialize(answer, type)!;
    }
}
