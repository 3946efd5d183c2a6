using Microsoft.Data.Sqlite;
using PosAuth.Lockout;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// The <see cref="ISignInStore"/> of a SQLite file: the outcome of a sign-in — the refund of its charge, the account
/// housekeeping and the audit records — in ONE <c>BEGIN IMMEDIATE</c> transaction on the file that holds the attempt,
/// operator and audit stores it names, so a sign-in costs two durable commits in all (the charge, and this).
/// </summary>
public sealed class SqliteSignInStore : ISignInStore, IDisposable
{
    private readonly SqliteStoreConnection _db;
    private readonly SqliteAttemptStore _attempts;
    private readonly SqliteAuditStore _audit;
    private readonly SqliteOperatorStore _operators;

    /// <summary>Opens a connection of its own to the file of <paramref name="options"/>, the file of the three stores.</summary>
    /// <param name="options">The same options the three stores were opened with.</param>
    /// <param name="attempts">The attempt store of that file.</param>
    /// <param name="audit">The audit store of that file.</param>
    /// <param name="operators">The operator store of that file.</param>
    public SqliteSignInStore(SqliteStoreOptions options, SqliteAttemptStore attempts, SqliteAuditStore audit, SqliteOperatorStore operators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(operators);
        SqliteStoreOptionsValidator.ThrowIfInvalid(options);

        // The outcome's rows are the attempt store's, written on its connection (one page cache, no invalidation).
        _db = attempts.Database.Share("sign_in");
        _attempts = attempts;
        _audit = audit;
        _operators = operators;
    }

    /// <inheritdoc />
    public IAttemptStore AttemptStore => _attempts;

    /// <inheritdoc />
    public IAuditStore AuditStore => _audit;

    /// <inheritdoc />
    public IOperatorStore OperatorStore => _operators;

    /// <inheritdoc />
    public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool accountUpdated = _db.InImmediateTransaction(() =>
            {
                SqliteAttemptStore.WriteInTransaction(_db, commit.AttemptWrites);
                bool updated = commit.AccountUpdate is { } account && SqliteOperatorStore.UpdateOn(_db, account, commit.AccountExpectedVersion);
                if (updated)
                {
                    foreach (AuditEvent e in commit.AccountAuditEvents)
                    {
                        _audit.AppendInTransaction(_db, e);
                    }
                }

                foreach (AuditEvent e in commit.AuditEvents)
                {
                    _audit.AppendInTransaction(_db, e);
                }

                return updated;
            });
            return new SignInCommitResult(true, accountUpdated);
        }
        catch (SqliteAttemptStore.BatchConflict)
        {
            return new SignInCommitResult(false, false);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction: the operator's row is read and, when it is as expected, the attempt writes
    /// follow — one durable commit, and no separate read transaction before it. When the operator is not as expected, or a
    /// write finds another record, nothing is written.
    /// </remarks>
    public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);
        ArgumentNullException.ThrowIfNull(charge.OperatorId, nameof(charge));
        ArgumentNullException.ThrowIfNull(charge.AttemptWrites, nameof(charge));
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        OperatorAccount? account = null;
        try
        {
            bool charged = _db.InImmediateTransaction(() =>
            {
                account = SqliteOperatorStore.FindOn(_db, charge.OperatorId);
                if (!charge.Matches(account))
                {
                    return false;
                }

                SqliteAttemptStore.WriteInTransaction(_db, charge.AttemptWrites);
                return true;
            });
            return new SignInChargeResult(charged, true, account);
        }
        catch (SqliteAttemptStore.BatchConflict)
        {
            return new SignInChargeResult(false, true, account);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();
}
