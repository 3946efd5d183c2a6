using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace PosAuth.BackOffice.Console;

/// <summary>
/// Server-rendered HTML: every value goes through <see cref="E"/> (HTML-encoded), every form through <see cref="Form"/>
/// (which adds the anti-forgery token). No inline script or style anywhere: the page loads /static/console.css and
/// /static/console.js only, which the Content-Security-Policy enforces.
/// </summary>
internal sealed class Html
{
    private readonly HttpContext _http;
    private readonly IAntiforgery _antiforgery;
    private AntiforgeryTokenSet? _tokens;

    public Html(HttpContext http, IAntiforgery antiforgery, Texts texts, BackOfficeSession? session)
    {
        _http = http;
        _antiforgery = antiforgery;
        T = texts;
        Session = session;
    }

    public Texts T { get; }

    public BackOfficeSession? Session { get; }

    // Encodes markup characters only; Chinese text stays readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    public static string At(DateTimeOffset? value) => value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>A POST form with the anti-forgery token; <paramref name="inner"/> is already HTML.</summary>
    public string Form(string action, string inner, string css = "inline")
    {
        _tokens ??= _antiforgery.GetAndStoreTokens(_http);
        return $"<form method=\"post\" action=\"{E(action)}\" class=\"{css}\"><input type=\"hidden\" name=\"{E(_tokens.FormFieldName)}\" value=\"{E(_tokens.RequestToken)}\">{inner}</form>";
    }

    public string Button(string action, string label, string css = "", string? name = null, string? value = null) =>
        Form(action, (name is null ? "" : $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">") + $"<button type=\"submit\" class=\"{css}\">{E(label)}</button>");

    public static string Field(string label, string name, string type = "text", string? value = null, bool required = true, string? autocomplete = null, string? pattern = null) =>
        $"<label>{E(label)}<input type=\"{type}\" name=\"{E(name)}\" id=\"f-{E(name)}\" value=\"{E(value)}\"" +
        (required ? " required" : "") + (autocomplete is null ? "" : $" autocomplete=\"{E(autocomplete)}\"") + (pattern is null ? "" : $" pattern=\"{E(pattern)}\"") + "></label>";

    public static string Message(string text, string kind = "error") => $"<p class=\"message {kind}\" role=\"{(kind == "error" ? "alert" : "status")}\">{E(text)}</p>";

    /// <summary>A secret shown once: in the response body of the POST that made it, never in a URL, never cached.</summary>
    public static string Secret(string caption, string secret, string id) =>
        $"<div class=\"secret\"><p>{E(caption)}</p><output id=\"{E(id)}\" class=\"secret-value\">{E(secret)}</output></div>";

    public IResult Page(string title, string body, int status = 200)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<!doctype html><html lang=\"").Append(T.Language).Append("\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(title)).Append(" · ").Append(E(T["app.title"])).Append("</title>")
          .Append("<link rel=\"stylesheet\" href=\"/static/console.css\"><script src=\"/static/console.js\" defer></script></head><body>")
          .Append("<header><span class=\"brand\">").Append(E(T["app.title"])).Append("</span>");
        if (Session is { MustChangePassword: false, SecondFactorPending: false })
        {
            sb.Append("<nav><a href=\"/sites\">").Append(E(T["nav.sites"])).Append("</a><a href=\"/lockouts\">").Append(E(T["nav.lockouts"]))
              .Append("</a><a href=\"/audit\">").Append(E(T["nav.audit"])).Append("</a><a href=\"/offline-unlock\">").Append(E(T["nav.offline"])).Append("</a>");
            if (Session.Kind == BackOfficeUserKind.HeadOfficeAdministrator)
            {
                sb.Append("<a href=\"/users\" id=\"nav-users\">").Append(E(T["nav.users"])).Append("</a>");
            }

            sb.Append("</nav>");
        }

        sb.Append("<div class=\"tools\">");
        if (Session is not null)
        {
            sb.Append("<span class=\"user\" id=\"current-user\">").Append(E(Session.UserId)).Append("</span>");
        }

        string path = _http.Request.Path.HasValue && _http.Request.Method == "GET" ? _http.Request.Path.Value! + _http.Request.QueryString : "/";
        sb.Append(Form("/language", $"<input type=\"hidden\" name=\"to\" value=\"{(T.IsChinese ? Texts.English : Texts.Chinese)}\"><input type=\"hidden\" name=\"back\" value=\"{E(path)}\"><button type=\"submit\" id=\"language\" class=\"link\">{E(T["nav.language"])}</button>"));
        if (Session is not null)
        {
            sb.Append(Button("/signout", T["nav.signout"], "link"));
        }

        sb.Append("</div></header><main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
