using PosAuth.Lockout;
using PosAuth.OfflineUnlock;

namespace PosAuth;

/// <summary>An outstanding offline unlock challenge held in memory by <see cref="OfflineUnlockService"/>, one per (terminal, operator).</summary>
internal sealed class PendingUnlockChallenge(OfflineUnlockChallenge challenge, long issuedTimestamp, TimeSpan lifetime, AttemptCharge issueCharge)
{
    private int _used;

    public OfflineUnlockChallenge Challenge { get; } = challenge;

    /// <summary>The charge of the issue rate limit this challenge cost; refunded when it is answered right.</summary>
    public AttemptCharge IssueCharge { get; } = issueCharge;

    /// <summary>
    /// One answer at a time: a second answer waits for the first and then sees whether the challenge was spent, so two
    /// concurrent right answers are one success and one replay, and neither is charged as a guess of the other.
    /// </summary>
    public SemaphoreSlim AnswerGate { get; } = new(1, 1);

    /// <summary>Whether a response was already accepted (kept so that a replay gets its own error).</summary>
    public bool IsUsed => Volatile.Read(ref _used) == 1;

    /// <summary>Marks the challenge used; only one caller ever gets <see langword="true"/>.</summary>
    public bool TryConsume() => Interlocked.CompareExchange(ref _used, 1, 0) == 0;

    /// <summary>
    /// Expired when the real (monotonic) time since issue reaches the lifetime, or when the wall clock says so
    /// (including a wall clock set back before the issue time): whichever ends it first.
    /// </summary>
    public bool IsExpired(TimeProvider time) =>
        time.GetElapsedTime(issuedTimestamp) >= lifetime || Challenge.IsExpired(time);

    /// <summary>Whether a response may still be given: not used and not expired.</summary>
    public bool IsAnswerable(TimeProvider time) => !IsUsed && !IsExpired(time);
}
