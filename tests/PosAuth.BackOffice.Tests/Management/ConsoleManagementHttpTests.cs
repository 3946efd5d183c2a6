using System.Net.Http.Headers;
using System.Text.Json;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.Management;

/// <summary>The console reads over the management API (bearer session): lockouts, lane status, the filtered audit with paging, the user resets.</summary>
public sealed class ConsoleManagementHttpTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;
    private AdminSession _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await BackOfficeHost.StartSqliteAsync();
        _admin = await _host.CreateAdministratorAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Lockouts_OverHttp_NameTheLockedOperator_AndAManagersOtherSiteIs404()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA");
        await _host.CreateSiteAsync(_admin, "SITEB");
        while (LaneRequests.Read((await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, a.Lanes[0], HttpMethod.Post, LaneProtocol.ChargesPath("SITEA"), LaneRequests.ChargeBody("1001")))).Body, LaneJsonContext.Default.ChargeResponse).Allowed)
        {
        }

        (int status, JsonElement body) = await GetAsync("api/lockouts", _admin.Token);
        Assert.Equal(200, status);
        JsonElement only = Assert.Single(body.EnumerateArray());
        Assert.Equal("1001", only.GetProperty("operatorId").GetString());
        Assert.Equal("SITEA", only.GetProperty("site").GetString());
        Assert.StartsWith("Locked", only.GetProperty("state").GetString(), StringComparison.Ordinal);

        string manager = await ManagerTokenAsync("mgr.b", "SITEB");
        (int mine, JsonElement none) = await GetAsync("api/lockouts", manager);
        Assert.Equal(200, mine);
        Assert.Empty(none.EnumerateArray());
        (int other, JsonElement problem) = await GetAsync("api/lockouts?site=SITEA", manager);
        Assert.Equal(404, other);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal(404, (await GetAsync("api/sites/SITEA/terminals/status", manager)).Status);
        Assert.Equal(404, (await GetAsync("api/sites/SITEA/lane-audit", manager)).Status);
        Assert.Equal(404, (await GetAsync("api/audit/query?site=SITEA", manager)).Status);
    }

    [Fact]
    public async Task AuditQuery_OverHttp_FiltersAndPages_AndAMalformedFilterIs400()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        for (int i = 0; i < 3; i++)
        {
            (await _host.Management.ResetOperatorPinAsync(_admin.Session, "SITEA", "1001")).Value!.Dispose();
        }

        (int status, JsonElement page) = await GetAsync("api/audit/query?operator=1001&event=OperatorPinReset&limit=2", _admin.Token);
        Assert.Equal(200, status);
        Assert.Equal(2, page.GetProperty("entries").GetArrayLength());
        long next = page.GetProperty("nextBefore").GetInt64();
        (_, JsonElement rest) = await GetAsync($"api/audit/query?operator=1001&event=OperatorPinReset&limit=2&before={next}", _admin.Token);
        Assert.Equal(1, rest.GetProperty("entries").GetArrayLength());
        Assert.False(rest.TryGetProperty("nextBefore", out _));
        Assert.True(rest.GetProperty("entries")[0].GetProperty("sequence").GetInt64() < next);

        foreach (string bad in new[] { "event=NoSuchEvent", "event=1031", "from=yesterday", "before=0", "limit=-1", "operator=1001&operator=1002", "color=red", "lane=L1%27%20OR%201%3D1" })
        {
            (int refused, JsonElement problem) = await GetAsync("api/audit/query?" + bad, _admin.Token);
            Assert.True(refused == 400, bad);
            Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task ResetUserPassword_OverHttp_AnswersTheInitialPasswordOnce_NotCached_AndAManagerIs403()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        string manager = await ManagerTokenAsync("mgr.a", "SITEA");
        using var forbidden = new HttpRequestMessage(HttpMethod.Post, "api/users/admin/reset-password");
        forbidden.Headers.Authorization = new AuthenticationHeaderValue("Bearer", manager);
        Assert.Equal(403, (int)(await _host.Http.SendAsync(forbidden)).StatusCode);

        using var reset = new HttpRequestMessage(HttpMethod.Post, "api/users/mgr.a/reset-password");
        reset.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin.Token);
        using HttpResponseMessage answer = await _host.Http.SendAsync(reset);
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        string password = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("initialPassword").GetString()!;
        Assert.True((await _host.Authentication.SignInAsync("mgr.a", password, null)).Value!.Session.MustChangePassword);
        Assert.Equal(401, (await GetAsync("api/sites", manager)).Status);
    }

    private async Task<string> ManagerTokenAsync(string userId, string site)
    {
        string initial = (await _host.Management.CreateUserAsync(_admin.Session, userId, BackOfficeUserKind.StoreManager, [site])).Value!;
        BackOfficeSignIn first = (await _host.Authentication.SignInAsync(userId, initial, null)).Value!;
        Assert.True((await _host.Authentication.ChangePasswordAsync(first.Session, initial, "Maple-Harbour-Kite-93")).Succeeded);
        return first.Token;
    }

    private async Task<(int Status, JsonElement Body)> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await _host.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
