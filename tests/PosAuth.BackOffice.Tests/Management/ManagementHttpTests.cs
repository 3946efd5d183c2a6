using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.Management;

/// <summary>The management API over HTTP on 127.0.0.1: bearer sessions, bounded typed bodies, the permission table behind it.</summary>
public sealed class ManagementHttpTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;
    private AdminSession _admin = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = await BackOfficeHost.StartSqliteAsync();
        _admin = await _host.CreateAdministratorAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        string code = Totp.Compute(_admin.TotpSecret, Totp.StepOf(_host.Time.GetUtcNow()));
        (int status, JsonElement body) = await SendAsync(HttpMethod.Post, "api/session", $"{{\"userId\":\"admin\",\"password\":\"{_admin.Password}\",\"totpCode\":\"{code}\"}}", token: null);
        Assert.Equal(200, status);
        _token = body.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task WithoutAValidBearer_EveryActionIs401Unauthenticated(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/sites");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using HttpResponseMessage response = await _host.Http.SendAsync(request);
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("unauthenticated", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordOverHttp_Is401_WithoutSayingWhichPartWasWrong()
    {
        (int status, JsonElement body) = await SendAsync(HttpMethod.Post, "api/session", "{\"userId\":\"admin\",\"password\":\"Wrong-Password-1\"}", token: null);
        Assert.Equal(401, status);
        Assert.Equal("invalid_credentials", body.GetProperty("code").GetString());
        (int unknown, JsonElement body2) = await SendAsync(HttpMethod.Post, "api/session", "{\"userId\":\"nobody\",\"password\":\"Wrong-Password-1\"}", token: null);
        Assert.Equal(401, unknown);
        Assert.Equal("invalid_credentials", body2.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"userId\":1}")]
    public async Task MalformedJson_Is400(string json)
    {
        (int status, JsonElement body) = await SendAsync(HttpMethod.Post, "api/sites", json, _token);
        Assert.Equal(400, status);
        Assert.Equal("malformed_json", body.GetProperty("code").GetString());
        Assert.Empty((await _host.Management.ListSitesAsync(_admin.Session)).Value!);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        string json = "{\"site\":\"X\",\"name\":\"" + new string('a', 20_000) + "\"}";
        (int status, _) = await SendAsync(HttpMethod.Post, "api/sites", json, _token);
        Assert.Equal(413, status);
    }

    [Fact]
    public async Task RegisterLaneOverHttp_GivesAKeyThatSignsLaneRequests_AndResetShowsTheTemporaryPinOnce()
    {
        Assert.Equal(201, (await SendAsync(HttpMethod.Post, "api/sites", "{\"site\":\"SITEA\",\"name\":\"Store A\"}", _token)).Status);
        (int registered, JsonElement lane) = await SendAsync(HttpMethod.Post, "api/sites/SITEA/terminals", "{\"terminalId\":\"A1\",\"serial\":\"SN-1\"}", _token);
        Assert.Equal(201, registered);
        byte[] key = Convert.FromBase64String(lane.GetProperty("key").GetString()!);
        Assert.Equal(32, key.Length);
        (int created, JsonElement op) = await SendAsync(HttpMethod.Post, "api/sites/SITEA/operators", "{\"operatorId\":\"1001\",\"role\":\"Operator\"}", _token);
        Assert.Equal(201, created);
        Assert.Matches("^[0-9]{6}$", op.GetProperty("temporaryPin").GetString()!);

        // The key from the HTTP answer signs a lane request the back office accepts.
        var registration = new LaneRegistration("A1", "SITEA", key, 1);
        (int status, _, string directory) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, registration, HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA")));
        Assert.Equal(200, status);
        Assert.Contains("1001", directory, StringComparison.Ordinal);

        using var reset = new HttpRequestMessage(HttpMethod.Post, "api/sites/SITEA/operators/1001/reset");
        reset.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using HttpResponseMessage answer = await _host.Http.SendAsync(reset);
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        string pin = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("temporaryPin").GetString()!;
        Assert.NotEqual(op.GetProperty("temporaryPin").GetString(), pin);

        // The audit names the acting user and never the PIN.
        (int read, JsonElement audit) = await SendAsync(HttpMethod.Get, "api/audit", null, _token);
        Assert.Equal(200, read);
        string trail = audit.GetRawText();
        Assert.Contains("user:admin", trail, StringComparison.Ordinal);
        Assert.DoesNotContain(pin, trail, StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using HttpResponseMessage response = await _host.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
