using System.Globalization;

namespace PosAuth.BackOffice;

/// <summary>Why a back-office action was refused: a stable snake_case <see cref="Code"/> and an English description.</summary>
/// <param name="Code">The machine code (see <see cref="BackOfficeErrorCodes"/>).</param>
/// <param name="Description">A description for people. Never contains a password, PIN, code or key.</param>
public sealed record BackOfficeError(string Code, string Description)
{
    /// <summary>For <c>locked_out</c>: when the lock ends.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>For <c>password_rejected</c>: every rule the password broke (<c>too_short</c>, <c>blocklisted</c>…).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}

/// <summary>The outcome of a back-office action that returns nothing.</summary>
public class BackOfficeResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="error">The error, or <see langword="null"/> for success.</param>
    protected BackOfficeResult(BackOfficeError? error) => Error = error;

    /// <summary>A success.</summary>
    public static BackOfficeResult Success { get; } = new(null);

    /// <summary>Whether the action was done.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why not, when it was refused.</summary>
    public BackOfficeError? Error { get; }

    /// <summary>A refusal.</summary>
    /// <param name="code">The code.</param>
    /// <param name="description">The description.</param>
    /// <returns>The result.</returns>
    public static BackOfficeResult Failed(string code, string description) => new(new BackOfficeError(code, description));

    /// <summary>A refusal with its error.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static BackOfficeResult Failed(BackOfficeError error) => new(error);
}

/// <summary>The outcome of a back-office action that returns a value.</summary>
/// <typeparam name="T">The value's type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Public API in the style of Identity's IdentityResult: Result<T>.Success(value) / .Failed(error) is the intended call, with T inferred from the declared return type of the caller.")]
public sealed class BackOfficeResult<T> : BackOfficeResult
{
    private BackOfficeResult(T? value, BackOfficeError? error)
        : base(error) => Value = value;

    /// <summary>The value, when it succeeded.</summary>
    public T? Value { get; }

    /// <summary>A success with its value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static BackOfficeResult<T> Ok(T value) => new(value, null);

    /// <summary>A refusal.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static new BackOfficeResult<T> Failed(BackOfficeError error) => new(default, error);

    /// <summary>A refusal.</summary>
    /// <param name="code">The code.</param>
    /// <param name="description">The description.</param>
    /// <returns>The result.</returns>
    public static new BackOfficeResult<T> Failed(string code, string description) => new(default, new BackOfficeError(code, description));
}

/// <summary>The stable codes of back-office refusals (management API problem+json <c>code</c>).</summary>
public static class BackOfficeErrorCodes
{
    /// <summary>The user name or password is wrong (also for a user that does not exist).</summary>
    public const string InvalidCredentials = "invalid_credentials";

    /// <summary>The second factor (TOTP code) is missing or wrong.</summary>
    public const string SecondFactorInvalid = "second_factor_invalid";

    /// <summary>Too many failed sign-ins: locked until <see cref="BackOfficeError.LockedUntil"/>.</summary>
    public const string LockedOut = "locked_out";

    /// <summary>The account is disabled.</summary>
    public const string AccountDisabled = "account_disabled";

    /// <summary>The initial or reset password must be changed before anything else.</summary>
    public const string PasswordChangeRequired = "password_change_required";

    /// <summary>A second factor must be enrolled (head-office administrators) before anything else.</summary>
    public const string SecondFactorEnrolmentRequired = "second_factor_enrolment_required";

    /// <summary>The new password breaks a rule (<see cref="BackOfficeError.Reasons"/>).</summary>
    public const string PasswordRejected = "password_rejected";

    /// <summary>The session is missing, expired (idle or too old) or signed out.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The permission table does not allow this user this action (or this site).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>No such site, terminal, operator or user (within what the user may see).</summary>
    public const string NotFound = "not_found";

    /// <summary>It exists already.</summary>
    public const string AlreadyExists = "already_exists";

    /// <summary>An argument is malformed.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The offline unlock is not configured (no vendor master key) or the terminal has no serial.</summary>
    public const string OfflineUnlockUnavailable = "offline_unlock_unavailable";

    /// <summary>The back office's database cannot answer now.</summary>
    public const string StoreUnavailable = "back_office_store_unavailable";

    /// <summary>The description of <paramref name="code"/>.</summary>
    /// <param name="code">A code.</param>
    /// <returns>An English description.</returns>
    public static string Describe(string code) => code switch
    {
        InvalidCredentials => "The user name or password is wrong.",
        SecondFactorInvalid => "The authenticator code is missing or wrong.",
        LockedOut => "Too many failed sign-ins: the account is locked for now.",
        AccountDisabled => "The account is disabled.",
        PasswordChangeRequired => "Change the initial password first.",
        SecondFactorEnrolmentRequired => "Set up the authenticator (two-factor sign-in) first.",
        PasswordRejected => "The new password does not meet the rules.",
        Unauthenticated => "Sign in again.",
        Forbidden => "You are not allowed to do this.",
        NotFound => "Not found.",
        AlreadyExists => "It exists already.",
        InvalidRequest => "The request is not valid.",
        OfflineUnlockUnavailable => "Offline unlock is not available for this lane.",
        StoreUnavailable => "The back office cannot reach its database; try again shortly.",
        _ => string.Create(CultureInfo.InvariantCulture, $"Refused ({code})."),
    };
}
