using System.Security.Cryptography;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// A challenge the terminal issued for an offline unlock: random digits, the terminal id and target operator they
/// are bound to, and the time window the terminal accepts a response in. The terminal keeps this object (the issue
/// and expiry times never leave it); the operator reads out <see cref="Challenge"/> or shows <see cref="ToQrPayload"/>.
/// </summary>
/// <remarks>
/// This type is stateless crypto plumbing. Single use, replay protection, expiry enforcement, the lockout of the
/// unlock flow and forcing a PIN change belong to the caller, which persists the challenge (the public constructor
/// restores one) and checks <see cref="IsExpired"/> before <see cref="OfflineUnlockCalculator.VerifyResponse"/>.
/// </remarks>
public sealed class OfflineUnlockChallenge
{
    /// <summary>Default number of challenge digits: 8 (short enough to read over the phone).</summary>
    public const int DefaultDigits = 8;

    /// <summary>Fewest challenge digits: 6.</summary>
    public const int MinDigits = 6;

    /// <summary>Most challenge digits: 12.</summary>
    public const int MaxDigits = 12;

    /// <summary>Default lifetime of a challenge: 15 minutes (time for a phone call to the back office).</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Longest lifetime accepted: 24 hours.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    private const string DigitAlphabet = "0123456789";

    /// <summary>Restores a challenge (for example one the terminal persisted before a power cut), validating every value.</summary>
    /// <param name="challenge">The challenge digits (6 to 12 ASCII digits).</param>
    /// <param name="terminalId">The terminal id: 1 to 32 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="targetOperatorId">The operator to unlock, same character rules.</param>
    /// <param name="issuedAt">When the terminal issued it.</param>
    /// <param name="expiresAt">When it stops being accepted; after <paramref name="issuedAt"/>, at most 24 hours later.</param>
    /// <exception cref="ArgumentException">A value is not valid.</exception>
    public OfflineUnlockChallenge(
        string challenge,
        string terminalId,
        string targetOperatorId,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt)
    {
        OfflineUnlockIdentifiers.ThrowIfInvalidChallenge(challenge, nameof(challenge));
        OfflineUnlockIdentifiers.ThrowIfInvalidId(terminalId, nameof(terminalId));
        OfflineUnlockIdentifiers.ThrowIfInvalidId(targetOperatorId, nameof(targetOperatorId));
        if (expiresAt <= issuedAt || expiresAt - issuedAt > MaxLifetime)
        {
            throw new ArgumentException("The expiry must be after the issue time, and at most 24 hours later.", nameof(expiresAt));
        }

        Challenge = challenge;
        TerminalId = terminalId;
        TargetOperatorId = targetOperatorId;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>The challenge digits the terminal shows.</summary>
    public string Challenge { get; }

    /// <summary>The terminal id bound into the response.</summary>
    public string TerminalId { get; }

    /// <summary>The operator this challenge unlocks, bound into the response.</summary>
    public string TargetOperatorId { get; }

    /// <summary>When the terminal issued the challenge (its wall clock).</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the challenge stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// Issues a new challenge: <paramref name="digits"/> uniformly random decimal digits from
    /// <see cref="RandomNumberGenerator"/> (no modulo bias), valid from now for <paramref name="lifetime"/>.
    /// </summary>
    /// <param name="terminalId">The terminal id: 1 to 32 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="targetOperatorId">The operator to unlock, same character rules.</param>
    /// <param name="timeProvider">The clock for the issue time.</param>
    /// <param name="lifetime">How long it is accepted; default <see cref="DefaultLifetime"/> (15 minutes), at most 24 hours.</param>
    /// <param name="digits">The number of digits, 6 to 12; default 8.</param>
    /// <returns>The new challenge.</returns>
    /// <exception cref="ArgumentException">An id is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> or <paramref name="lifetime"/> is out of range.</exception>
    public static OfflineUnlockChallenge Issue(
        string terminalId,
        string targetOperatorId,
        TimeProvider timeProvider,
        TimeSpan? lifetime = null,
        int digits = DefaultDigits)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, MinDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDigits);
        TimeSpan span = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(lifetime));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(span, MaxLifetime, nameof(lifetime));

        string challenge = RandomDigits(digits);
        DateTimeOffset now = timeProvider.GetUtcNow();
        return new OfflineUnlockChallenge(challenge, terminalId, targetOperatorId, now, now + span);
    }

    /// <summary><paramref name="digits"/> uniformly random decimal digits from <see cref="RandomNumberGenerator"/>.</summary>
    internal static string RandomDigits(int digits) => RandomNumberGenerator.GetString(DigitAlphabet, digits);

    /// <summary>
    /// Whether the challenge may no longer be answered: the clock is at or past <see cref="ExpiresAt"/>, or BEFORE
    /// <see cref="IssuedAt"/> (the wall clock was set back; failing closed is safer than trusting it).
    /// </summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>Whether it has expired.</returns>
    public bool IsExpired(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        DateTimeOffset now = timeProvider.GetUtcNow();
        return now >= ExpiresAt || now < IssuedAt;
    }

    /// <summary>The part the back office needs (terminal, operator, challenge), without the times.</summary>
    /// <returns>The request.</returns>
    public OfflineUnlockRequest ToRequest() => new(TerminalId, TargetOperatorId, Challenge);

    /// <summary>The QR payload for the back office; see <see cref="OfflineUnlockRequest.ToQrPayload"/>.</summary>
    /// <returns>The payload text.</returns>
    public string ToQrPayload() => ToRequest().ToQrPayload();

    /// <summary>Describes the challenge (nothing in it is secret).</summary>
    /// <returns>A description for diagnostics.</returns>
    public override string ToString() =>
        $"OfflineUnlockChallenge {{ Terminal = {TerminalId}, Operator = {TargetOperatorId}, Challenge = {Challenge}, " +
        $"IssuedAt = {IssuedAt:O}, ExpiresAt = {ExpiresAt:O} }}";
}
