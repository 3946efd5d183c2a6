using System.Net;
using System.Text.RegularExpressions;

namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>A browser-less user of the console over HTTP: its own cookie jar, the anti-forgery token read from the last page.</summary>
public sealed partial class ConsoleHttp : IDisposable
{
    private readonly HttpClient _http;

    public ConsoleHttp(ConsoleServer server)
    {
        Cookies = new CookieContainer();
        _http = server.NewClient(Cookies);
        Server = server;
    }

    public ConsoleServer Server { get; }

    public CookieContainer Cookies { get; }

    /// <summary>The anti-forgery token of the last page read.</summary>
    public string? Token { get; private set; }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path)
    {
        HttpResponseMessage response = await _http.GetAsync(path.TrimStart('/'));
        string body = await response.Content.ReadAsStringAsync();
        Remember(body);
        return (response.StatusCode, body, response);
    }

    /// <summary>Posts a form; <paramref name="token"/> null sends the last token read, <see cref="NoToken"/> sends none.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>>? fields = null, string? token = null)
    {
        var form = new List<KeyValuePair<string, string>>(fields ?? []);
        string? send = token ?? Token;
        if (send is not null && !ReferenceEquals(token, NoToken))
        {
            form.Add(new(ConsoleApp.AntiforgeryField, send));
        }

        HttpResponseMessage response = await _http.PostAsync(path.TrimStart('/'), new FormUrlEncodedContent(form));
        string body = await response.Content.ReadAsStringAsync();
        Remember(body);
        return (response.StatusCode, body, response);
    }

    public static readonly string NoToken = new('-', 1);

    /// <summary>Signs in through the pages (GET the form for its token, POST it), following the forced password change.</summary>
    public async Task SignInAsync(string user, string password, string? newPassword = null, string? code = null)
    {
        await GetAsync("/signin");
        var (status, body, response) = await PostAsync("/signin", [new("user", user), new("password", password), new("code", code ?? "")]);
        Assert.True(status == HttpStatusCode.Redirect, $"sign-in: {(int)status} {body}");
        if (response.Headers.Location!.OriginalString == "/password")
        {
            Assert.NotNull(newPassword);
            await GetAsync("/password");
            (status, body, response) = await PostAsync("/password", [new("current", password), new("new", newPassword!), new("repeat", newPassword!)]);
            Assert.True(status == HttpStatusCode.Redirect, $"password: {(int)status} {body}");
        }

        Assert.Equal("/sites", response.Headers.Location!.OriginalString);
    }

    private void Remember(string body)
    {
        Match m = TokenField().Match(body);
        if (m.Success)
        {
            Token = WebUtility.HtmlDecode(m.Groups[1].Value);
        }
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => _http.Dispose();
}
