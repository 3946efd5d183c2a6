namespace PosAuth.BackOffice;

/// <summary>
/// Back-office users' sign-in: password (PCI DSS 8.3.6 rules, PBKDF2), lockout (10 failures → 30 minutes, 8.3.4),
/// forced change of the initial password, TOTP second factor (required for head-office administrators), sessions that
/// end after 15 idle minutes (8.2.8). Every outcome is audited; no password, code or token is ever written down.
/// </summary>
public interface IBackOfficeAuthentication
{
    /// <summary>
    /// Signs in. A user with a second factor must give its current code in the same call. Refusals:
    /// <c>invalid_credentials</c> (also for a user that does not exist, with the same cost), <c>second_factor_invalid</c>,
    /// <c>locked_out</c> (with <see cref="BackOfficeError.LockedUntil"/>), <c>account_disabled</c> (told only to the holder of the right password).
    /// </summary>
    /// <param name="userId">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="totpCode">The authenticator code, for a user who has enrolled one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session, or why not.</returns>
    Task<BackOfficeResult<BackOfficeSignIn>> SignInAsync(string userId, string password, string? totpCode, CancellationToken cancellationToken = default);

    /// <summary>The session of a bearer token, if it is open (not idle past the timeout, not too old, user enabled); refreshes its idle time.</summary>
    /// <param name="token">The token from <see cref="SignInAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session, or <see langword="null"/>.</returns>
    Task<BackOfficeSession?> GetSessionAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Changes the signed-in user's password (the current one is checked, and counts toward the lockout).</summary>
    /// <param name="session">The session.</param>
    /// <param name="currentPassword">The current password.</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Success, or why not (<c>password_rejected</c> with the reasons).</returns>
    Task<BackOfficeResult> ChangePasswordAsync(BackOfficeSession session, string currentPassword, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Starts a TOTP enrolment: a new secret, shown once; it takes effect with <see cref="ConfirmTotpAsync"/>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret and its provisioning URI.</returns>
    Task<BackOfficeResult<TotpEnrolment>> BeginTotpEnrolmentAsync(BackOfficeSession session, CancellationToken cancellationToken = default);

    /// <summary>Confirms the enrolment with a current code from the app; the second factor is required from then on.</summary>
    /// <param name="session">The session.</param>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Success, or <c>second_factor_invalid</c>.</returns>
    Task<BackOfficeResult> ConfirmTotpAsync(BackOfficeSession session, string code, CancellationToken cancellationToken = default);

    /// <summary>Ends the session.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is gone.</returns>
    Task SignOutAsync(BackOfficeSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the first head-office administrator when there is no user at all, with a random initial password that
    /// must be changed at the first sign-in (and a TOTP to enrol); returns that password once, or <see langword="null"/>
    /// when users exist already.
    /// </summary>
    /// <param name="userId">The administrator's user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The initial password, or <see langword="null"/>.</returns>
    Task<string?> CreateInitialAdministratorAsync(string userId, CancellationToken cancellationToken = default);
}
