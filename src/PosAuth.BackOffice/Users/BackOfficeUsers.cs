using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Audit;
using PosAuth.BackOffice.Internal;
using PosAuth.BackOffice.Storage;
using PosAuth.Lockout;

namespace PosAuth.BackOffice.Users;

/// <summary>The default <see cref="IBackOfficeAuthentication"/>.</summary>
internal sealed class BackOfficeUsers : IBackOfficeAuthentication
{
    internal const string LockoutTerminal = "backoffice";

    private readonly BackOfficeStore _store;
    private readonly BackOfficeHasher _hasher;
    private readonly BackOfficeKeys _keys;
    private readonly ILockoutPolicy _lockout;
    private readonly TimeProvider _time;
    private readonly BackOfficeOptions _options;

    public BackOfficeUsers(BackOfficeStore store, BackOfficeHasher hasher, BackOfficeKeys keys, BackOfficeLockouts lockouts, TimeProvider time, IOptions<BackOfficeOptions> options)
    {
        _store = store;
        _hasher = hasher;
        _keys = keys;
        _lockout = lockouts.ForUsers();
        _time = time;
        _options = options.Value;
    }

    /// <summary>User names: 1 to 64 lower-case ASCII letters, digits, '.', '-', '_'.</summary>
    public static bool IsWellFormedUserId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');

    public async Task<BackOfficeResult<BackOfficeSignIn>> SignInAsync(string userId, string password, string? totpCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(password);
        DateTimeOffset now = _time.GetUtcNow();
        bool wellFormed = IsWellFormedUserId(userId) && password.Length <= PasswordRules.MaxLength;
        UserRecord? user = wellFormed ? await _store.GetUserAsync(userId, cancellationToken).ConfigureAwait(false) : null;

        // An unknown name is charged and audited only as a keyed digest: it may be a password typed in the wrong field.
        string subjectId = user is null ? _keys.UnknownDigest(userId.Length > 256 ? userId[..256] : userId) : user.UserId;
        string? auditedUser = user?.UserId;
        var subject = new LockoutSubject(LockoutTerminal, subjectId, OperatorRole.Operator);
        AttemptCharge charge = await _lockout.TryChargeAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            await AuditAsync(BackOfficeAuditEventType.UserSignInFailed, auditedUser, BackOfficeErrorCodes.LockedOut, user is null ? "user=unknown digest=" + subjectId : null, cancellationToken).ConfigureAwait(false);
            return BackOfficeResult<BackOfficeSignIn>.Failed(new BackOfficeError(BackOfficeErrorCodes.LockedOut, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.LockedOut)) { LockedUntil = charge.Status.LockedUntil });
        }

        // The attempt is charged before the password is checked: a crash here never gives a free guess.
        bool passwordOk = _hasher.VerifyPassword(user?.PasswordHash, wellFormed ? password : "");
        if (!passwordOk || user is null)
        {
            return await FailAsync(charge, auditedUser, BackOfficeErrorCodes.InvalidCredentials, user is null ? "user=unknown digest=" + subjectId : null, cancellationToken).ConfigureAwait(false);
        }

        long matchedStep = user.TotpLastStep;
        if (user.TotpEnabled)
        {
            byte[]? secret = user.TotpSecretSealed is null ? null : _keys.Open(user.TotpSecretSealed, user.UserId);
            bool codeOk = secret is not null && Totp.TryVerify(secret, totpCode, now, user.TotpLastStep, out matchedStep);
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            if (!codeOk)
            {
                return await FailAsync(charge, auditedUser, BackOfficeErrorCodes.SecondFactorInvalid, null, cancellationToken).ConfigureAwait(false);
            }
        }

        await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        if (user.Disabled)
        {
            await AuditAsync(BackOfficeAuditEventType.UserSignInFailed, user.UserId, BackOfficeErrorCodes.AccountDisabled, null, cancellationToken).ConfigureAwait(false);
            return BackOfficeResult<BackOfficeSignIn>.Failed(BackOfficeErrorCodes.AccountDisabled, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.AccountDisabled));
        }

        UserRecord signedIn = user with { LastSignInAt = now, TotpLastStep = matchedStep };
        if (!await _store.TryUpdateUserAsync(signedIn, user.Version, [Draft(BackOfficeAuditEventType.UserSignedIn, user.UserId, "signed_in", null)], cancellationToken).ConfigureAwait(false))
        {
            // Someone else changed the user (or used the same code) meanwhile: refuse rather than guess.
            return BackOfficeResult<BackOfficeSignIn>.Failed(BackOfficeErrorCodes.InvalidCredentials, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.InvalidCredentials));
        }

        string token = NewToken();
        bool secondFactorDone = user.TotpEnabled;
        await _store.CreateSessionAsync(new SessionRecord(HashToken(token), user.UserId, now, now, secondFactorDone), cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<BackOfficeSignIn>.Ok(new BackOfficeSignIn(token, ToSession(HashToken(token), signedIn, secondFactorDone)));
    }

    public async Task<BackOfficeSession?> GetSessionAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token is not { Length: 43 })
        {
            return null;
        }

        string hash = HashToken(token);
        (BackOfficeSession? session, _) = await ResolveAsync(hash, touch: true, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Re-reads a session and its user: null when it ended (idle, too old, signed out, user disabled or gone).</summary>
    internal async Task<(BackOfficeSession? Session, UserRecord? User)> ResolveAsync(string tokenHash, bool touch, CancellationToken ct)
    {
        SessionRecord? s = await _store.GetSessionAsync(tokenHash, ct).ConfigureAwait(false);
        if (s is null)
        {
            return (null, null);
        }

        DateTimeOffset now = _time.GetUtcNow();
        UserRecord? user = await _store.GetUserAsync(s.UserId, ct).ConfigureAwait(false);
        if (user is null || user.Disabled || now - s.LastSeenAt > _options.SessionIdleTimeout || now - s.CreatedAt > _options.SessionLifetime || now < s.CreatedAt)
        {
            await _store.DeleteSessionAsync(tokenHash, ct).ConfigureAwait(false);
            return (null, null);
        }

        if (touch)
        {
            await _store.TouchSessionAsync(tokenHash, now, null, ct).ConfigureAwait(false);
        }

        return (ToSession(tokenHash, user, s.SecondFactorDone), user);
    }

    public async Task<BackOfficeResult> ChangePasswordAsync(BackOfficeSession session, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(currentPassword);
        ArgumentNullException.ThrowIfNull(newPassword);
        (BackOfficeSession? live, UserRecord? user) = await ResolveAsync(session.TokenHash, touch: true, cancellationToken).ConfigureAwait(false);
        if (live is null || user is null)
        {
            return Unauthenticated();
        }

        var subject = new LockoutSubject(LockoutTerminal, user.UserId, OperatorRole.Operator);
        AttemptCharge charge = await _lockout.TryChargeAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            return BackOfficeResult.Failed(new BackOfficeError(BackOfficeErrorCodes.LockedOut, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.LockedOut)) { LockedUntil = charge.Status.LockedUntil });
        }

        if (!_hasher.VerifyPassword(user.PasswordHash, currentPassword.Length <= PasswordRules.MaxLength ? currentPassword : ""))
        {
            await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
            await AuditAsync(BackOfficeAuditEventType.UserSignInFailed, user.UserId, BackOfficeErrorCodes.InvalidCredentials, "password change", cancellationToken).ConfigureAwait(false);
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidCredentials, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.InvalidCredentials));
        }

        await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        var reasons = new List<string>(PasswordRules.Check(newPassword, user.UserId, _options, _options.BlockedPasswords));
        if (reasons.Count == 0 && (_hasher.VerifyPassword(user.PasswordHash, newPassword) || user.PasswordHistory.Take(_options.PasswordHistory).Any(h => _hasher.VerifyPassword(h, newPassword))))
        {
            reasons.Add(PasswordRules.RecentlyUsed);
        }

        if (reasons.Count > 0)
        {
            await AuditAsync(BackOfficeAuditEventType.UserPasswordChanged, user.UserId, BackOfficeErrorCodes.PasswordRejected, string.Join(',', reasons), cancellationToken).ConfigureAwait(false);
            return BackOfficeResult.Failed(new BackOfficeError(BackOfficeErrorCodes.PasswordRejected, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.PasswordRejected)) { Reasons = reasons });
        }

        DateTimeOffset now = _time.GetUtcNow();
        UserRecord changed = user with
        {
            PasswordHash = _hasher.HashPassword(newPassword),
            PasswordHistory = [user.PasswordHash, .. user.PasswordHistory.Take(_options.PasswordHistory - 1)],
            MustChangePassword = false,
            PasswordChangedAt = now,
        };
        if (!await _store.TryUpdateUserAsync(changed, user.Version, [Draft(BackOfficeAuditEventType.UserPasswordChanged, user.UserId, "changed", null)], cancellationToken).ConfigureAwait(false))
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "The account changed meanwhile; try again.");
        }

        return BackOfficeResult.Success;
    }

    public async Task<BackOfficeResult<TotpEnrolment>> BeginTotpEnrolmentAsync(BackOfficeSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        (BackOfficeSession? live, UserRecord? user) = await ResolveAsync(session.TokenHash, touch: true, cancellationToken).ConfigureAwait(false);
        if (live is null || user is null)
        {
            return BackOfficeResult<TotpEnrolment>.Failed(BackOfficeErrorCodes.Unauthenticated, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Unauthenticated));
        }

        // A user who has a second factor already changes it only from a session that used it.
        if (user.TotpEnabled && live.SecondFactorPending)
        {
            return BackOfficeResult<TotpEnrolment>.Failed(BackOfficeErrorCodes.Forbidden, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Forbidden));
        }

        byte[] secret = RandomNumberGenerator.GetBytes(20);
        try
        {
            // Stored sealed but not enabled until confirmed: the old factor (if any) keeps working until then.
            UserRecord pending = user with { TotpSecretSealed = _keys.Seal(secret, user.UserId), TotpEnabled = false };
            if (user.TotpEnabled)
            {
                return BackOfficeResult<TotpEnrolment>.Failed(BackOfficeErrorCodes.Forbidden, "A second factor is already enrolled.");
            }

            if (!await _store.TryUpdateUserAsync(pending, user.Version, [], cancellationToken).ConfigureAwait(false))
            {
                return BackOfficeResult<TotpEnrolment>.Failed(BackOfficeErrorCodes.InvalidRequest, "The account changed meanwhile; try again.");
            }

            string base32 = Totp.ToBase32(secret);
            string label = Uri.EscapeDataString(_options.TotpIssuer) + ":" + Uri.EscapeDataString(user.UserId);
            return BackOfficeResult<TotpEnrolment>.Ok(new TotpEnrolment(base32, $"otpauth://totp/{label}?secret={base32}&issuer={Uri.EscapeDataString(_options.TotpIssuer)}&algorithm=SHA1&digits=6&period=30"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public async Task<BackOfficeResult> ConfirmTotpAsync(BackOfficeSession session, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        (BackOfficeSession? live, UserRecord? user) = await ResolveAsync(session.TokenHash, touch: true, cancellationToken).ConfigureAwait(false);
        if (live is null || user is null)
        {
            return Unauthenticated();
        }

        if (user.TotpEnabled || user.TotpSecretSealed is null)
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "There is no enrolment to confirm.");
        }

        var subject = new LockoutSubject(LockoutTerminal, user.UserId, OperatorRole.Operator);
        AttemptCharge charge = await _lockout.TryChargeAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            return BackOfficeResult.Failed(new BackOfficeError(BackOfficeErrorCodes.LockedOut, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.LockedOut)) { LockedUntil = charge.Status.LockedUntil });
        }

        byte[]? secret = _keys.Open(user.TotpSecretSealed, user.UserId);
        long step = 0;
        bool ok = secret is not null && Totp.TryVerify(secret, code, _time.GetUtcNow(), user.TotpLastStep, out step);
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        if (!ok)
        {
            await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
            await AuditAsync(BackOfficeAuditEventType.UserSecondFactorEnrolled, user.UserId, BackOfficeErrorCodes.SecondFactorInvalid, null, cancellationToken).ConfigureAwait(false);
            return BackOfficeResult.Failed(BackOfficeErrorCodes.SecondFactorInvalid, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.SecondFactorInvalid));
        }

        await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        if (!await _store.TryUpdateUserAsync(user with { TotpEnabled = true, TotpLastStep = step }, user.Version, [Draft(BackOfficeAuditEventType.UserSecondFactorEnrolled, user.UserId, "enrolled", null)], cancellationToken).ConfigureAwait(false))
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "The account changed meanwhile; try again.");
        }

        await _store.TouchSessionAsync(session.TokenHash, _time.GetUtcNow(), true, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult.Success;
    }

    public async Task SignOutAsync(BackOfficeSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await _store.DeleteSessionAsync(session.TokenHash, cancellationToken).ConfigureAwait(false);
        await AuditAsync(BackOfficeAuditEventType.UserSignedOut, session.UserId, "signed_out", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> CreateInitialAdministratorAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedUserId(userId))
        {
            throw new ArgumentException("A user name is 1 to 64 lower-case letters, digits, '.', '-' or '_'.", nameof(userId));
        }

        if ((await _store.ListUsersAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return null;
        }

        string password = NewInitialPassword();
        UserRecord user = NewUser(userId, BackOfficeUserKind.HeadOfficeAdministrator, [], password);
        return await _store.TryCreateUserAsync(user, Draft(BackOfficeAuditEventType.UserCreated, userId, "initial_administrator", null) with { Actor = "system" }, cancellationToken).ConfigureAwait(false)
            ? password
            : null;
    }

    internal UserRecord NewUser(string userId, BackOfficeUserKind kind, string[] sites, string initialPassword) => new()
    {
        UserId = userId,
        Kind = kind,
        Sites = sites,
        PasswordHash = _hasher.HashPassword(initialPassword),
        MustChangePassword = true,
        CreatedAt = _time.GetUtcNow(),
    };

    /// <summary>20 characters from a 54-symbol alphabet without look-alikes (about 115 bits), always with letters and digits.</summary>
    internal static string NewInitialPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string all = letters + digits;
        Span<char> chars = stackalloc char[20];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        chars[RandomNumberGenerator.GetInt32(10)] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[10 + RandomNumberGenerator.GetInt32(10)] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
        return new string(chars);
    }

    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private BackOfficeSession ToSession(string tokenHash, UserRecord user, bool secondFactorDone)
    {
        bool required = user.Kind == BackOfficeUserKind.HeadOfficeAdministrator || _options.RequireSecondFactorForStoreManagers || user.TotpEnabled;
        return new BackOfficeSession(tokenHash, user.UserId, user.Kind, user.Kind == BackOfficeUserKind.StoreManager ? user.Sites : [], user.MustChangePassword, required && !secondFactorDone);
    }

    private async Task<BackOfficeResult<BackOfficeSignIn>> FailAsync(AttemptCharge charge, string? userId, string code, string? detail, CancellationToken ct)
    {
        LockoutStatus status = await _lockout.RegisterFailureAsync(charge, ct).ConfigureAwait(false);
        await AuditAsync(BackOfficeAuditEventType.UserSignInFailed, userId, code, detail, ct).ConfigureAwait(false);
        if (status.IsLocked)
        {
            if (charge.AppliedLock)
            {
                await AuditAsync(BackOfficeAuditEventType.UserLocked, userId, "too_many_failures", detail, ct).ConfigureAwait(false);
            }

            return BackOfficeResult<BackOfficeSignIn>.Failed(new BackOfficeError(BackOfficeErrorCodes.LockedOut, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.LockedOut)) { LockedUntil = status.LockedUntil });
        }

        return BackOfficeResult<BackOfficeSignIn>.Failed(code, BackOfficeErrorCodes.Describe(code));
    }

    private static BackOfficeResult Unauthenticated() => BackOfficeResult.Failed(BackOfficeErrorCodes.Unauthenticated, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Unauthenticated));

    private AuditDraft Draft(BackOfficeAuditEventType type, string? userId, string code, string? detail) =>
        new(type, _time.GetUtcNow(), null, null, null, userId is null ? "anonymous" : "user:" + userId, code, detail);

    private Task AuditAsync(BackOfficeAuditEventType type, string? userId, string code, string? detail, CancellationToken ct) =>
        _store.AppendAuditAsync([Draft(type, userId, code, detail)], ct);

    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
