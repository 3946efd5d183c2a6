using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Lanes;

/// <summary>Writes lane answers: JSON bodies signed with the lane's key over the request's nonce (see <see cref="LaneProtocol"/>).</summary>
internal static class LaneResponses
{
    public static IResult Json<T>(LaneCaller caller, T value, JsonTypeInfo<T> type, TimeProvider time, int status = StatusCodes.Status200OK) =>
        new SignedResult(JsonSerializer.SerializeToUtf8Bytes(value, type), "application/json", status, caller.Key, caller.Nonce, time);

    /// <summary>A problem+json refusal; signed when the lane is known and its request signature was valid (so it can trust the server time in it).</summary>
    public static IResult Problem(int status, string code, string title, TimeProvider time, byte[]? key = null, string? nonce = null, string? detail = null)
    {
        var problem = new LaneProblem { Type = "https://posauth.dev/problems/" + code, Title = title, Status = status, Code = code, Detail = detail };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(problem, LaneJsonContext.Default.LaneProblem);
        return new SignedResult(body, LaneProtocol.ProblemContentType, status, key, nonce, time);
    }

    private sealed class SignedResult(byte[] body, string contentType, int status, byte[]? key, string? nonce, TimeProvider time) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            long serverTime = time.GetUtcNow().ToUnixTimeMilliseconds();
            HttpResponse response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-store";
            response.Headers[LaneProtocol.ServerTimeHeader] = serverTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (key is not null && nonce is not null)
            {
                response.Headers[LaneProtocol.ResponseSignatureHeader] = LaneProtocol.SignResponse(key, nonce, status, serverTime, body);
            }

            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
