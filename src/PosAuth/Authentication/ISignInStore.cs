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
}

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
