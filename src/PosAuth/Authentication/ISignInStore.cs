using PosAuth.Lockout;

namespace PosAuth.Storage;

/// <summary>
/// An optional capability of a storage package that keeps attempts, audit and operators in one database: it commits what
/// a sign-in decided after the PIN was verified — the refund of the charge, the audit records and an account update —
/// in ONE atomic, durable transaction. With it a sign-in costs two durable commits in all: the charge before the KDF,
/// and this outcome after it. Without it (an integrator's own stores) the authenticator writes the same things one
/// store at a time, with the same results.
/// </summary>
/// <remarks>
/// The authenticator uses it only for the stores it names: <see cref="AttemptStore"/> must be the attempt store of the
/// lockout policy, and audit records go through it instead of the audit sink over <see cref="AuditStore"/> (the other
/// sinks, such as the logger, still receive them after the commit).
/// </remarks>
public interface ISignInStore
{
    /// <summary>The attempt store whose writes this store can commit.</summary>
    IAttemptStore AttemptStore { get; }

    /// <summary>The audit store this store appends to.</summary>
    IAuditStore AuditStore { get; }

    /// <summary>The operator store whose accounts this store can update.</summary>
    IOperatorStore OperatorStore { get; }

    /// <summary>
    /// Commits <paramref name="commit"/> in one transaction. The attempt writes follow
    /// <see cref="IAttemptStore.TryWriteAsync"/>: if any of them finds another version, NOTHING is written (no audit
    /// either) and the result says so. The account update is a compare-and-swap of its own inside the same transaction:
    /// when the account changed meanwhile it is skipped and the rest is committed.
    /// </summary>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the call (before anything is written).</param>
    /// <returns>What was committed.</returns>
    ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the operator of <paramref name="charge"/> and, only when it is as the charge expects
    /// (<see cref="SignInCharge.ExpectedRole"/>), commits the charge's attempt writes — in one transaction where the store
    /// can (one durable commit; one round trip on a server). The writes follow <see cref="IAttemptStore.TryWriteAsync"/>:
    /// all or none. Nothing is written when the operator is not as expected.
    /// </summary>
    /// <remarks>
    /// The default reads with <see cref="OperatorStore"/> and then writes with <see cref="AttemptStore"/>: two calls,
    /// the same answers. A store that overrides it must read the operator in the same transaction as the writes, or
    /// before them; never after a write it reports as not committed.
    /// </remarks>
    /// <param name="charge">The operator to read and the charge's writes.</param>
    /// <param name="cancellationToken">Cancels the call (before anything is written).</param>
    /// <returns>Whether the writes were committed, and the operator as read, when it was.</returns>
    ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default) =>
        SignInCharge.ReadThenWriteAsync(this, charge, cancellationToken);
}

/// <summary>
/// What <see cref="ISignInStore.TryChargeAsync"/> commits: the attempt writes of a charge planned from the lockout
/// policy's last view (<see cref="LockoutChargePlan"/>), on the condition that the operator is still what the lane last
/// saw — an account of <see cref="ExpectedRole"/>, or no account at all for a number nobody has.
/// </summary>
public sealed class SignInCharge
{
    /// <summary>The operator number typed at the terminal (never logged: it may be a number nobody has).</summary>
    public required string OperatorId { get; init; }

    /// <summary>The role the account must have, or <see langword="null"/>: there must be no account with this number.</summary>
    public required OperatorRole? ExpectedRole { get; init; }

    /// <summary>The charge's attempt writes (compare-and-swap, all or none).</summary>
    public required IReadOnlyList<AttemptWrite> AttemptWrites { get; init; }

    /// <summary>Whether <paramref name="account"/> is what this charge expects.</summary>
    /// <param name="account">The account as read, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the writes may be committed.</returns>
    public bool Matches(OperatorAccount? account) => account is null ? ExpectedRole is null : account.Role == ExpectedRole;

    /// <summary>The default of <see cref="ISignInStore.TryChargeAsync"/>: read, then write.</summary>
    internal static async ValueTask<SignInChargeResult> ReadThenWriteAsync(ISignInStore store, SignInCharge charge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charge);
        OperatorAccount? account = await store.OperatorStore.FindAsync(charge.OperatorId, cancellationToken).ConfigureAwait(false);
        if (!charge.Matches(account))
        {
            return new SignInChargeResult(false, true, account);
        }

        bool charged = await store.AttemptStore.TryWriteAsync(charge.AttemptWrites, cancellationToken).ConfigureAwait(false);
        return new SignInChargeResult(charged, true, account);
    }
}

/// <summary>The result of <see cref="ISignInStore.TryChargeAsync"/>.</summary>
/// <param name="Charged">Whether the attempt writes were committed (the operator was as expected and every write found its record).</param>
/// <param name="AccountRead">Whether <paramref name="Account"/> holds the operator as read in the call (false when the store could not tell).</param>
/// <param name="Account">The operator's account as read, or <see langword="null"/> when there is none (or it was not read).</param>
public readonly record struct SignInChargeResult(bool Charged, bool AccountRead, OperatorAccount? Account);

/// <summary>What <see cref="ISignInStore.TryCommitAsync"/> writes.</summary>
public sealed class SignInCommit
{
    /// <summary>Attempt-record writes (compare-and-swap, all or none).</summary>
    public IReadOnlyList<AttemptWrite> AttemptWrites { get; init; } = [];

    /// <summary>Audit events, appended in order.</summary>
    public IReadOnlyList<AuditEvent> AuditEvents { get; init; } = [];

    /// <summary>An account to store over <see cref="AccountExpectedVersion"/>, or <see langword="null"/>.</summary>
    public OperatorAccount? AccountUpdate { get; init; }

    /// <summary>The version <see cref="AccountUpdate"/> must find.</summary>
    public long AccountExpectedVersion { get; init; }

    /// <summary>Audit events appended (before <see cref="AuditEvents"/>) only when the account update is committed.</summary>
    public IReadOnlyList<AuditEvent> AccountAuditEvents { get; init; } = [];
}

/// <summary>The result of <see cref="ISignInStore.TryCommitAsync"/>.</summary>
/// <param name="Committed">Whether the transaction was committed (every attempt write found its version).</param>
/// <param name="AccountUpdated">Whether the account update was part of it.</param>
public readonly record struct SignInCommitResult(bool Committed, bool AccountUpdated);
