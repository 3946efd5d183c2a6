using System.Globalization;

namespace PosAuth;

/// <summary>The result of <see cref="ISupervisorAuthorizer.AuthorizeAsync"/>: an outcome with a stable machine code and a description.</summary>
public sealed record AuthorizationResult
{
    /// <summary>The outcome.</summary>
    public required AuthorizationOutcome Outcome { get; init; }

    /// <summary>The one-shot grant, for <see cref="AuthorizationOutcome.Granted"/>.</summary>
    public AuthorizationGrant? Grant { get; init; }

    /// <summary>The authoriser's sign-in result (remaining attempts, lock), when a PIN was checked.</summary>
    public AuthenticationResult? Authentication { get; init; }

    /// <summary>The stable machine code of <see cref="Outcome"/>, such as <c>granted</c> or <c>pin_change_required</c>.</summary>
    public string Code => CodeOf(Outcome);

    /// <summary>A short English description without secrets.</summary>
    public string Description => GetDescription(CultureInfo.InvariantCulture);

    internal static string CodeOf(AuthorizationOutcome outcome) => outcome switch
    {
        AuthorizationOutcome.Granted => "granted",
        AuthorizationOutcome.NotRequired => "not_required",
        AuthorizationOutcome.NotAuthorizable => "not_authorizable",
        AuthorizationOutcome.AuthenticationFailed => "authentication_failed",
        AuthorizationOutcome.InsufficientRole => "insufficient_role",
        AuthorizationOutcome.PinChangeRequired => "pin_change_required",
        AuthorizationOutcome.RequesterNotAllowed => "requester_not_allowed",
        _ => "unknown",
    };

    /// <summary>The description in the language of <paramref name="culture"/> (<see cref="DisplayLanguages.FromCulture"/>).</summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => GetDescription(DisplayLanguages.FromCulture(culture));

    /// <summary>The description in <paramref name="language"/>; needs no culture data (works under <c>InvariantGlobalization</c>).</summary>
    /// <param name="language">The language.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        bool authoriser = Authentication is not null;
        return Outcome switch
        {
            AuthorizationOutcome.Granted => zh ? "授权成功" : "Granted.",
            AuthorizationOutcome.NotRequired => zh ? "无需授权" : "The requesting operator may do this alone.",
            AuthorizationOutcome.NotAuthorizable => zh ? "该操作不能授权" : "This operation cannot be authorised for the requesting operator.",
            AuthorizationOutcome.AuthenticationFailed => zh ? "主管号或密码错误" : "The authoriser's number or PIN is not accepted.",
            AuthorizationOutcome.InsufficientRole => zh ? "授权人权限不足" : "The authoriser's role may not grant this operation.",
            AuthorizationOutcome.PinChangeRequired when authoriser => zh ? "授权人须先修改密码" : "The authoriser must change their PIN before authorising anything.",
            AuthorizationOutcome.PinChangeRequired => zh ? "操作员须先修改密码" : "The requesting operator must change their PIN first.",
            AuthorizationOutcome.RequesterNotAllowed => zh ? "操作员无效或已停用" : "The requesting operator does not exist or is disabled.",
            _ => zh ? "授权失败" : "Authorisation failed.",
        };
    }
}
