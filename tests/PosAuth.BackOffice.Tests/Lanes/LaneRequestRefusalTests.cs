using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.Lanes;

/// <summary>
/// Every refusal of the lane protocol, provoked on the wire against a real back office on 127.0.0.1: a typed 4xx with a
/// stable code, nothing changed (the operator's site-wide budget is untouched), and an audit record of the refusal.
/// </summary>
public sealed class LaneRequestRefusalTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;
    private SiteFixture _a = null!;
    private SiteFixture _b = null!;
    private AdminSession _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await BackOfficeHost.StartSqliteAsync(o => o.MaxLaneRequestBytes = 4096);
        _admin = await _host.CreateAdministratorAsync();
        _a = await _host.CreateSiteAsync(_admin, "SITEA", lanes: 2);
        _b = await _host.CreateSiteAsync(_admin, "SITEB", lanes: 1);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private LaneRegistration LaneA => _a.Lanes[0];

    private string ChargesA => LaneProtocol.ChargesPath("SITEA");

    [Fact]
    public async Task SignedCharge_IsAccepted_AndCharged()
    {
        // The baseline the refusals are measured against: a right request changes the budget.
        (int status, _, string body) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId)));
        Assert.Equal(200, status);
        Assert.True(LaneRequests.Read(body, LaneJsonContext.Default.ChargeResponse).Allowed);
        Assert.Equal(1, await FailuresAsync("SITEA"));
    }

    [Fact]
    public async Task Unsigned_IsRefused401_Audited_NothingCharged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ChargesA.TrimStart('/')) { Content = Json(LaneRequests.ChargeBody(_a.OperatorId)) };
        await AssertRefusedAsync(request, 401, LaneErrorCodes.UnsignedRequest, "SITEA");
    }

    [Fact]
    public async Task MissingNonce_IsRefused401Unsigned()
    {
        HttpRequestMessage request = LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId));
        request.Headers.Remove(LaneProtocol.NonceHeader);
        await AssertRefusedAsync(request, 401, LaneErrorCodes.UnsignedRequest, "SITEA");
    }

    [Fact]
    public async Task WrongKey_IsRefused401BadSignature()
    {
        byte[] otherKey = new byte[32];
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId), key: otherKey), 401, LaneErrorCodes.BadSignature, "SITEA");
    }

    [Fact]
    public async Task BodyChangedAfterSigning_IsRefused401BadSignature()
    {
        HttpRequestMessage request = LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId));
        request.Content = Json(LaneRequests.ChargeBody("1002"));
        await AssertRefusedAsync(request, 401, LaneErrorCodes.BadSignature, "SITEA");
    }

    [Fact]
    public async Task WrongTerminal_AnotherLanesIdWithThisLanesKey_IsRefused401BadSignature()
    {
        // Lane 1 claims to be lane 2 of the same site: its key is not lane 2's.
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId), terminalId: _a.Lanes[1].TerminalId), 401, LaneErrorCodes.BadSignature, "SITEA");
    }

    [Fact]
    public async Task UnknownTerminal_IsRefused401UnknownTerminal()
    {
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId), terminalId: "GHOST9"), 401, LaneErrorCodes.UnknownTerminal, "SITEA");
    }

    [Fact]
    public async Task DisabledTerminal_IsRefused403TerminalDisabled()
    {
        AdminSession admin = await SignInAdminAsync();
        Assert.True((await _host.Management.SetTerminalDisabledAsync(admin.Session, LaneA.TerminalId, disabled: true)).Succeeded);
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId)), 403, LaneErrorCodes.TerminalDisabled, "SITEA");
    }

    [Fact]
    public async Task Replayed_SameSignedRequestTwice_IsRefused401Replayed_ChargedOnce()
    {
        byte[] body = LaneRequests.ChargeBody(_a.OperatorId);
        string nonce = LaneProtocol.NewNonce();
        long ts = _host.Time.GetUtcNow().ToUnixTimeSeconds();
        (int first, _, _) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, body, nonce, ts));
        Assert.Equal(200, first);
        Assert.Equal(1, await FailuresAsync("SITEA"));
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, body, nonce, ts), 401, LaneErrorCodes.ReplayedRequest, "SITEA", expectedFailures: 1);
    }

    [Fact]
    public async Task Replayed_AfterTheBackOfficeRestarted_IsStillRefused()
    {
        // Nonces are kept in the database: a restart does not reopen the window. Same files, a new process instance.
        byte[] body = LaneRequests.ChargeBody(_a.OperatorId);
        string nonce = LaneProtocol.NewNonce();
        long ts = _host.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(200, (await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, body, nonce, ts))).Status);
        var store = _host.Services.GetRequiredService<BackOfficeStore>();
        Assert.False(await store.TryUseNonceAsync(LaneA.TerminalId, nonce, _host.Time.GetUtcNow().AddMinutes(4), CancellationToken.None));
    }

    [Theory]
    [InlineData(-121)]
    [InlineData(121)]
    [InlineData(-86_400)]
    public async Task StaleOrFutureTimestamp_IsRefused401Stale_WithSignedServerTime(int offsetSeconds)
    {
        long ts = _host.Time.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds;
        string nonce = LaneProtocol.NewNonce();
        HttpRequestMessage request = LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId), nonce, ts);
        using HttpResponseMessage response = await _host.Http.SendAsync(request);
        byte[] content = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(401, (int)response.StatusCode);

        // The refusal is signed for the lane, so it may trust the server time in it and correct its clock.
        long serverTime = long.Parse(response.Headers.GetValues(LaneProtocol.ServerTimeHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_host.Time.GetUtcNow().ToUnixTimeMilliseconds(), serverTime);
        Assert.True(LaneProtocol.SignatureEquals(LaneProtocol.SignResponse(LaneA.Key, nonce, 401, serverTime, content), response.Headers.GetValues(LaneProtocol.ResponseSignatureHeader).Single()));
        Assert.Contains(LaneErrorCodes.StaleTimestamp, Encoding.UTF8.GetString(content), StringComparison.Ordinal);
        Assert.Equal(0, await FailuresAsync("SITEA"));
        await AssertAuditedAsync(LaneErrorCodes.StaleTimestamp);
    }

    [Fact]
    public async Task CrossSite_ChargeAtAnotherSite_IsRefused403_NeitherSiteCharged()
    {
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, LaneProtocol.ChargesPath("SITEB"), LaneRequests.ChargeBody(_b.OperatorId)), 403, LaneErrorCodes.CrossSite, "SITEB");
        Assert.Equal(0, await FailuresAsync("SITEA"));
    }

    [Fact]
    public async Task CrossSite_DirectoryReadOfAnotherSite_IsRefused403_AndLeaksNoOperator()
    {
        (int status, LaneProblem? problem, string body) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, LaneA, HttpMethod.Get, LaneProtocol.DirectoryPath("SITEB") + "?since=0"));
        Assert.Equal(403, status);
        Assert.Equal(LaneErrorCodes.CrossSite, problem?.Code);
        Assert.DoesNotContain("pbkdf2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_b.OperatorId, body, StringComparison.Ordinal);
        await AssertAuditedAsync(LaneErrorCodes.CrossSite);
    }

    [Fact]
    public async Task OwnDirectoryRead_ReturnsTheSitesOperatorsOnly()
    {
        (int status, _, string body) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, LaneA, HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA") + "?since=0"));
        Assert.Equal(200, status);
        DirectoryResponse directory = LaneRequests.Read(body, LaneJsonContext.Default.DirectoryResponse);
        DirectoryOperator op = Assert.Single(directory.Operators);
        Assert.Equal(_a.OperatorId, op.OperatorId);
        Assert.True(directory.Complete);
        Assert.Equal(op.ChangeSeq, directory.Cursor);
    }

    [Fact]
    public async Task OversizedBody_WithContentLength_IsRefused413()
    {
        byte[] big = new byte[5000];
        big.AsSpan().Fill((byte)' ');
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, big), 413, LaneErrorCodes.BodyTooLarge, "SITEA");
    }

    [Fact]
    public async Task OversizedBody_Chunked_IsRefused413_WithoutReadingItAll()
    {
        HttpRequestMessage request = LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, []);
        request.Content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        request.Headers.TransferEncodingChunked = true;
        await AssertRefusedAsync(request, 413, LaneErrorCodes.BodyTooLarge, "SITEA");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"requestId\":1,\"operatorId\":2}")]
    [InlineData("{\"operatorId\":\"1001\"}")]
    [InlineData("\u00ff\u00fe")]
    public async Task MalformedJson_ProperlySigned_IsRefused400MalformedJson(string json)
    {
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, Encoding.UTF8.GetBytes(json)), 400, LaneErrorCodes.MalformedJson, "SITEA");
    }

    [Theory]
    [InlineData("{\"requestId\":\"short\",\"operatorId\":\"1001\"}")]
    [InlineData("{\"requestId\":\"0123456789abcdef\",\"operatorId\":\"10 01\"}")]
    [InlineData("{\"requestId\":\"0123456789abcdef\",\"operatorId\":\"?XYZ\"}")]
    public async Task WellFormedJsonWithBadValues_IsRefused400InvalidRequest(string json)
    {
        await AssertRefusedAsync(LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, Encoding.UTF8.GetBytes(json)), 400, LaneErrorCodes.InvalidRequest, "SITEA");
    }

    [Fact]
    public async Task RefusalAudit_NamesNoSecret()
    {
        HttpRequestMessage request = LaneRequests.Signed(_host, LaneA, HttpMethod.Post, ChargesA, LaneRequests.ChargeBody(_a.OperatorId), key: new byte[32]);
        string signature = request.Headers.GetValues(LaneProtocol.SignatureHeader).Single();
        await AssertRefusedAsync(request, 401, LaneErrorCodes.BadSignature, "SITEA");
        foreach (BackOfficeAuditEntry e in await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None))
        {
            string text = e.ToString();
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(LaneA.Key), text, StringComparison.Ordinal);
            Assert.DoesNotContain(_a.TemporaryPin, e.Detail ?? "", StringComparison.Ordinal);
        }
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, int status, string code, string site, int expectedFailures = 0)
    {
        long changeSeqBefore = (await _host.Store.GetSiteAsync(site, CancellationToken.None))!.ChangeSeq;
        (int actual, LaneProblem? problem, string body) = await LaneRequests.SendAsync(_host, request);
        Assert.Equal(status, actual);
        Assert.NotNull(problem);
        Assert.Equal(code, problem.Code);
        Assert.Equal(status, problem.Status);
        Assert.DoesNotContain("pbkdf2", body, StringComparison.Ordinal);
        Assert.Equal(expectedFailures, await FailuresAsync(site));
        Assert.Equal(changeSeqBefore, (await _host.Store.GetSiteAsync(site, CancellationToken.None))!.ChangeSeq);
        await AssertAuditedAsync(code);
    }

    private async Task AssertAuditedAsync(string code)
    {
        List<BackOfficeAuditEntry> audit = await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.LaneRequestRefused && e.Code == code);
    }

    private async Task<int> FailuresAsync(string site)
    {
        ILockoutPolicy policy = _host.Services.GetRequiredService<BackOfficeLockouts>().ForSite(site);
        LockoutStatus status = await policy.GetStatusAsync(new LockoutSubject("any", site == "SITEA" ? _a.OperatorId : _b.OperatorId, OperatorRole.Operator), CancellationToken.None);
        return status.FailureCount;
    }

    private Task<AdminSession> SignInAdminAsync() => Task.FromResult(_admin);

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
