using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.TestSupport;

/// <summary>Builds lane requests by hand, signed right or wrong, so each refusal can be provoked on the wire.</summary>
internal static class LaneRequests
{
    public static HttpRequestMessage Signed(
        BackOfficeHost host,
        LaneRegistration lane,
        HttpMethod method,
        string pathAndQuery,
        byte[]? body = null,
        string? nonce = null,
        long? timestamp = null,
        byte[]? key = null,
        string? terminalId = null)
    {
        body ??= [];
        nonce ??= LaneProtocol.NewNonce();
        long ts = timestamp ?? host.Time.GetUtcNow().ToUnixTimeSeconds();
        string terminal = terminalId ?? lane.TerminalId;
        var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        request.Headers.TryAddWithoutValidation(LaneProtocol.TerminalHeader, terminal);
        request.Headers.TryAddWithoutValidation(LaneProtocol.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(LaneProtocol.NonceHeader, nonce);
        request.Headers.TryAddWithoutValidation(LaneProtocol.SignatureHeader, LaneProtocol.SignRequest(key ?? lane.Key, method.Method, pathAndQuery, terminal, ts, nonce, body));
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    public static byte[] ChargeBody(string operatorId, string? requestId = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new ChargeRequest { RequestId = requestId ?? Guid.NewGuid().ToString("N"), OperatorId = operatorId }, LaneJsonContext.Default.ChargeRequest);

    public static async Task<(int Status, LaneProblem? Problem, string Body)> SendAsync(BackOfficeHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using HttpResponseMessage response = await host.Http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            LaneProblem? problem = null;
            if (response.Content.Headers.ContentType?.MediaType == LaneProtocol.ProblemContentType)
            {
                problem = JsonSerializer.Deserialize(body, LaneJsonContext.Default.LaneProblem);
            }

            return ((int)response.StatusCode, problem, body);
        }
    }

    public static T Read<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(body), type)!;
}
