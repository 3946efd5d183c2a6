using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using PosAuth.Sync.Protocol;

namespace PosAuth.Sync.Client;

/// <summary>The back office could not be reached, or did not answer as itself (an unsigned or wrongly signed answer).</summary>
internal sealed class BackOfficeUnreachableException(string message, Exception? inner = null) : StoreUnavailableException(message, inner)
{
    /// <summary>Whether no answer arrived at all (connection refused or lost, timeout), as opposed to an answer refused or not trusted.</summary>
    public bool IsTransport => InnerException is not null;
}

/// <summary>An answer of the back office, verified: its signature binds it to our request and our key.</summary>
internal readonly record struct LaneReply<T>(int Status, T? Value, LaneProblem? Problem)
    where T : class
{
    public bool IsSuccess => Status is >= 200 and < 300 && Value is not null;
}

/// <summary>
/// Signs every request (see <see cref="LaneProtocol"/>) and verifies every answer. An answer whose signature does not
/// verify is not an answer: it is treated like no answer at all (the caller fails closed). The lane's clock may be wrong:
/// the client keeps the offset to the back office's clock from the server time of each signed answer (measured on the
/// monotonic clock), signs with the corrected time, and after a signed <c>stale_timestamp</c> refusal simply tries once more.
/// </summary>
internal sealed class LaneClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly LaneCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly BackOfficeSyncOptions _options;
    private long _offsetMilliseconds;
    private int _offsetKnown;

    public LaneClient(IOptions<BackOfficeSyncOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _credentials = _options.Credentials!;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { BaseAddress = _options.BackOffice, Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Site => _credentials.Site;

    public string TerminalId => _credentials.TerminalId;

    /// <summary>The back office's clock minus the lane's, as last measured (0 until a signed answer came).</summary>
    public TimeSpan ClockOffset => TimeSpan.FromMilliseconds(Interlocked.Read(ref _offsetMilliseconds));

    /// <summary>The lane's time as the back office would read it now.</summary>
    public DateTimeOffset BackOfficeNow => _time.GetUtcNow() + ClockOffset;

    public Task<LaneReply<TResponse>> GetAsync<TResponse>(string pathAndQuery, JsonTypeInfo<TResponse> responseType, TimeSpan timeout, CancellationToken ct)
        where TResponse : class =>
        SendAsync(HttpMethod.Get, pathAndQuery, [], responseType, timeout, ct);

    public Task<LaneReply<TResponse>> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken ct)
        where TResponse : class =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(body, requestType), responseType, _options.RequestTimeout, ct);

    private async Task<LaneReply<TResponse>> SendAsync<TResponse>(HttpMethod method, string pathAndQuery, byte[] body, JsonTypeInfo<TResponse> responseType, TimeSpan timeout, CancellationToken ct)
        where TResponse : class
    {
        LaneReply<TResponse> reply = await SendOnceAsync(method, pathAndQuery, body, responseType, timeout, ct).ConfigureAwait(false);
        if (reply.Problem?.Code == LaneErrorCodes.StaleTimestamp)
        {
            // The offset was just corrected from the signed refusal: once more, with the back office's time.
            reply = await SendOnceAsync(method, pathAndQuery, body, responseType, timeout, ct).ConfigureAwait(false);
        }

        return reply;
    }

    private async Task<LaneReply<TResponse>> SendOnceAsync<TResponse>(HttpMethod method, string pathAndQuery, byte[] body, JsonTypeInfo<TResponse> responseType, TimeSpan timeout, CancellationToken ct)
        where TResponse : class
    {
        string nonce = LaneProtocol.NewNonce();
        long timestamp = BackOfficeNow.ToUnixTimeSeconds();
        string basePath = _http.BaseAddress!.AbsolutePath.TrimEnd('/');
        string signedPath = basePath + pathAndQuery;
        using var request = new HttpRequestMessage(method, signedPath.TrimStart('/'));
        request.Headers.TryAddWithoutValidation(LaneProtocol.TerminalHeader, _credentials.TerminalId);
        request.Headers.TryAddWithoutValidation(LaneProtocol.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(LaneProtocol.NonceHeader, nonce);
        request.Headers.TryAddWithoutValidation(LaneProtocol.SignatureHeader, LaneProtocol.SignRequest(_credentials.Key, method.Method, signedPath, _credentials.TerminalId, timestamp, nonce, body));
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        // The deadline runs on the lane's TimeProvider (tests drive a manual one).
        using var timer = new CancellationTokenSource(timeout + _options.RequestTimeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        long sent = _time.GetTimestamp();
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            byte[] content = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            string? signature = Single(response, LaneProtocol.ResponseSignatureHeader);
            string? serverTimeText = Single(response, LaneProtocol.ServerTimeHeader);
            if (signature is null || serverTimeText is null || !long.TryParse(serverTimeText, NumberStyles.None, CultureInfo.InvariantCulture, out long serverTime)
                || !LaneProtocol.SignatureEquals(LaneProtocol.SignResponse(_credentials.Key, nonce, status, serverTime, content), signature))
            {
                LaneProblem? unsigned = TryRead(content, LaneJsonContext.Default.LaneProblem);
                throw new BackOfficeUnreachableException($"The back office's answer ({status}{(unsigned?.Code is { } c ? " " + c : "")}) is not signed for this lane: it is not trusted.");
            }

            // The offset from a signed answer: its server time against our clock half-way through the exchange.
            TimeSpan roundTrip = _time.GetElapsedTime(sent);
            long midpoint = (_time.GetUtcNow() - (roundTrip / 2)).ToUnixTimeMilliseconds();
            Interlocked.Exchange(ref _offsetMilliseconds, serverTime - midpoint);
            Interlocked.Exchange(ref _offsetKnown, 1);

            if (status is >= 200 and < 300)
            {
                TResponse? value = TryRead(content, responseType);
                if (value is null)
                {
                    throw new BackOfficeUnreachableException("The back office's answer could not be read.");
                }

                return new LaneReply<TResponse>(status, value, null);
            }

            return new LaneReply<TResponse>(status, null, TryRead(content, LaneJsonContext.Default.LaneProblem) ?? new LaneProblem { Status = status, Code = "unknown" });
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new BackOfficeUnreachableException("The back office cannot be reached.", ex);
        }
    }

    private static string? Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) && values.Take(2).ToArray() is [string one] ? one : null;

    private static T? TryRead<T>(byte[] content, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize(content, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
