using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.Lanes;

/// <summary>1,000 random malformed lane requests on the wire: never a 5xx, never a charge, and the server still answers a right request.</summary>
public sealed class LaneFuzzTests
{
    private static readonly string[] Paths =
    [
        "/lane/v1/sites/SITEA/charges", "/lane/v1/sites/SITEA/refunds", "/lane/v1/sites/SITEA/pin-changes", "/lane/v1/sites/SITEA/audit",
        "/lane/v1/sites/SITEA/directory", "/lane/v1/sites/SITEB/charges", "/lane/v1/sites/%00/charges", "/lane/v1/sites/" + new string('A', 300) + "/charges",
        "/lane/v1/sites/SITEA/directory?since=-1", "/lane/v1/sites/SITEA/directory?since=99999999999999999999", "/lane/v1/sites/SITEA/directory?wait=abc&since=1&since=2",
        "/lane/v1/sites/SITEA/charges?x=%ff", "/lane/v1/", "/lane/v1/sites/SITEA/charges/../refunds",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "}", "[]", "null", "0", "\"x\"", "{\"requestId\":null,\"operatorId\":null}", "{\"requestId\":\"0123456789abcdef\",\"operatorId\":\"1001\",\"x\":" + new string('[', 200) + "}",
        "{\"chargeId\":\"" + new string('f', 32) + "\"}", "{\"records\":[{\"sequence\":-5,\"type\":99999}]}", "{\"records\":null}",
        "{\"operatorId\":\"1001\",\"baseEpoch\":-1,\"pinHash\":\"x\"}", "{\"operatorId\":\"1001\",\"baseEpoch\":1,\"pinHash\":\"$pbkdf2-sha512$i=1$AA$AA\"}",
        "{\"requestId\":\"0123456789abcdef\",\"operatorId\":\"1001\"}",
    ];

    [Fact]
    public async Task ThousandRandomMalformedRequests_NeverA5xx_NeverACharge_ServerStillServes()
    {
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync(o => o.MaxLaneRequestBytes = 4096);
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture a = await host.CreateSiteAsync(admin, "SITEA");
        await host.CreateSiteAsync(admin, "SITEB");
        LaneRegistration lane = a.Lanes[0];
        var random = new Random(1406);

        // The nonce the replay mutations reuse is spent first, on a right request.
        Assert.Equal(200, (await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA"), nonce: UsedNonce))).Status);
        var statuses = new Dictionary<int, int>();
        for (int i = 0; i < 1000; i++)
        {
            using HttpRequestMessage request = Mutate(host, lane, random);
            using HttpResponseMessage response = await host.Http.SendAsync(request);
            int status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is >= 400 and < 500, $"request {i}: {request.Method} {request.RequestUri} answered {status}");
        }

        // Every mutation that signs a well-formed charge right reuses a spent nonce, so nothing may have been charged.
        ILockoutPolicy policy = host.Services.GetRequiredService<BackOfficeLockouts>().ForSite("SITEA");
        Assert.Equal(0, (await policy.GetStatusAsync(new LockoutSubject("x", a.OperatorId, OperatorRole.Operator), CancellationToken.None)).FailureCount);
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 4, "the generator reaches several refusal kinds: " + string.Join(", ", statuses));

        (int ok, _, string body) = await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Post, LaneProtocol.ChargesPath("SITEA"), LaneRequests.ChargeBody(a.OperatorId)));
        Assert.Equal(200, ok);
        Assert.True(LaneRequests.Read(body, LaneJsonContext.Default.ChargeResponse).Allowed);
        Assert.True((await host.Store.VerifyAuditAsync(CancellationToken.None)).IsValid);
    }

    private static readonly string UsedNonce = LaneProtocol.NewNonce();

    private static HttpRequestMessage Mutate(BackOfficeHost host, LaneRegistration lane, Random random)
    {
        string path = Paths[random.Next(Paths.Length)];
        byte[] body = random.Next(4) == 0 ? RandomBytes(random, random.Next(0, 6000)) : Encoding.UTF8.GetBytes(Bodies[random.Next(Bodies.Length)]);
        HttpMethod method = random.Next(6) switch { 0 => HttpMethod.Get, 1 => HttpMethod.Put, 2 => HttpMethod.Delete, _ => HttpMethod.Post };
        int kind = random.Next(8);
        HttpRequestMessage request;
        switch (kind)
        {
            case 0:
                // No signature at all, random headers.
                request = new HttpRequestMessage(method, path.TrimStart('/'));
                request.Headers.TryAddWithoutValidation(LaneProtocol.TerminalHeader, RandomText(random, random.Next(0, 200)));
                request.Headers.TryAddWithoutValidation(LaneProtocol.TimestampHeader, RandomText(random, random.Next(0, 30)));
                request.Headers.TryAddWithoutValidation(LaneProtocol.NonceHeader, RandomText(random, 22));
                request.Headers.TryAddWithoutValidation(LaneProtocol.SignatureHeader, RandomText(random, random.Next(0, 100)));
                break;
            case 1:
                // Signed with a random key.
                request = LaneRequests.Signed(host, lane, method, path, body, key: RandomBytes(random, 32));
                break;
            case 2:
                // Right key, timestamp far off.
                request = LaneRequests.Signed(host, lane, method, path, body, timestamp: host.Time.GetUtcNow().ToUnixTimeSeconds() + random.Next(-1_000_000, 1_000_000) * 1000L + 500);
                break;
            case 3:
                // Right key, a nonce already used.
                request = LaneRequests.Signed(host, lane, method, path, body, nonce: UsedNonce);
                break;
            case 4:
                // Right signature, then the body swapped.
                request = LaneRequests.Signed(host, lane, method, path, body);
                request.Content = new ByteArrayContent(RandomBytes(random, random.Next(0, 100)));
                break;
            case 5:
                // Duplicated headers.
                request = LaneRequests.Signed(host, lane, method, path, body);
                request.Headers.TryAddWithoutValidation(LaneProtocol.SignatureHeader, "AAAA");
                break;
            case 6:
                // A terminal id that is not well formed, or does not exist.
                request = LaneRequests.Signed(host, lane, method, path, body, terminalId: random.Next(2) == 0 ? "GHOST" : "a b!~");
                break;
            default:
                // Right key, right time, malformed body (never a well-formed charge: that one is above).
                byte[] garbage = RandomBytes(random, random.Next(1, 300));
                garbage[0] = (byte)'{';
                request = LaneRequests.Signed(host, lane, method == HttpMethod.Get ? HttpMethod.Post : method, path, garbage);
                break;
        }

        if (request.Content is null && method != HttpMethod.Get && random.Next(2) == 0)
        {
            request.Content = new ByteArrayContent(body);
        }

        if (request.Content is not null && random.Next(3) == 0)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(2) == 0 ? "text/plain" : "application/json");
        }

        return request;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] b = new byte[length];
        random.NextBytes(b);
        return b;
    }

    private static string RandomText(Random random, int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append((char)random.Next(0x21, 0x7f));
        }

        return sb.ToString();
    }
}
