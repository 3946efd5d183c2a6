using Npgsql;
using PosAuth.Lockout;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// The <see cref="ISignInStore"/> of a PostgreSQL site: the outcome of a sign-in — the refund of its charge, the account
/// housekeeping and the audit records — in ONE transaction, so a sign-in costs two durable commits in all (the charge
/// before the KDF, and this). The common case (the site's audit head where this lane last saw it, no record that depends
/// on the account update) is ONE round trip: the attempt compare-and-swap (all or nothing), the account compare-and-swap
/// and the chained audit insert are statements of one batch, which PostgreSQL runs as one implicit transaction. Otherwise
/// the head is locked and read first: two round trips, still one transaction.
/// </summary>
public sealed class PostgreSqlSignInStore : ISignInStore
{
    private readonly PostgreSqlAttemptStore _attempts;
    private readonly PostgreSqlAuditStore _audit;
    private readonly PostgreSqlOperatorStore _operators;

    /// <summary>Commits over the three stores of one site, which must share one database, schema and site.</summary>
    /// <param name="attempts">The site's attempt store.</param>
    /// <param name="audit">The site's audit store.</param>
    /// <param name="operators">The site's operator store.</param>
    /// <exception cref="ArgumentException">The stores are of different sites, schemas or databases.</exception>
    public PostgreSqlSignInStore(PostgreSqlAttemptStore attempts, PostgreSqlAuditStore audit, PostgreSqlOperatorStore operators)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(operators);
        if (!SameDatabase(attempts.Context, audit.Context) || !SameDatabase(operators.Context, audit.Context))
        {
            throw new ArgumentException("The attempt, audit and operator stores of a sign-in store must share one database, schema and site.", nameof(attempts));
        }

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
    /// <exception cref="StoreUnavailableException">The server cannot answer; the outcome may or may not be committed (it is
    /// never repeated).</exception>
    /// <exception cref="PostgreSqlStoreException"><see cref="PostgreSqlStoreErrorCode.AuditChainBroken"/>: nothing was written.</exception>
    public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.AttemptWrites, nameof(commit));
        ArgumentNullException.ThrowIfNull(commit.AuditEvents, nameof(commit));
        ArgumentNullException.ThrowIfNull(commit.AccountAuditEvents, nameof(commit));
        bool hasAttempts = commit.AttemptWrites.Count > 0;
        if (!hasAttempts && commit.AccountUpdate is null && commit.AuditEvents.Count == 0)
        {
            return new SignInCommitResult(true, false);
        }

        return await _audit.Context.WriteAsync(
            (Store: this, Commit: commit, HasAttempts: hasAttempts),
            static async (c, s, ct) =>
            {
                SignInCommit commit = s.Commit;
                PendingAttemptWrites? attempts = s.HasAttempts ? new(s.Store._attempts, commit.AttemptWrites) : null;
                Func<NpgsqlBatchCommand>? account = commit.AccountUpdate is { } updated ? () => s.Store._operators.UpdateCommand(updated, commit.AccountExpectedVersion) : null;
                if (commit.AuditEvents.Count == 0 && commit.AccountAuditEvents.Count == 0)
                {
                    return await s.Store.CommitWithoutAuditAsync(c, attempts, account, ct).ConfigureAwait(false);
                }

                (bool committed, bool accountUpdated, _) = await s.Store._audit.CommitAsync(c, attempts, account, commit.AccountAuditEvents, commit.AuditEvents, ct).ConfigureAwait(false);
                return new SignInCommitResult(committed, committed && accountUpdated);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// ONE statement, one round trip: the all-or-nothing charge whose final <c>SELECT</c> reads the operator (a
    /// <c>LEFT JOIN</c> in the statement's snapshot) and commits only when it is as expected; otherwise, or when a write
    /// finds another record, the statement aborts and nothing is written. The account comes back with a committed
    /// charge; after an aborted one it is not known (<see cref="SignInChargeResult.AccountRead"/> is false).
    /// </remarks>
    /// <exception cref="StoreUnavailableException">The server cannot answer; the charge may or may not be committed (it is
    /// never repeated).</exception>
    public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);
        ArgumentNullException.ThrowIfNull(charge.OperatorId, nameof(charge));
        ArgumentNullException.ThrowIfNull(charge.AttemptWrites, nameof(charge));
        if (charge.AttemptWrites.Count == 0)
        {
            throw new ArgumentException("A charge has at least one attempt write.", nameof(charge));
        }

        return await _attempts.Context.WriteAsync(
            (Store: this, Charge: charge),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._attempts.GuardedChargeCommand(c, s.Charge.AttemptWrites, s.Charge.OperatorId, s.Charge.ExpectedRole);
                try
                {
                    await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("The charge statement returned no row.");
                    }

                    OperatorAccount? account = reader.IsDBNull(1) ? null : PostgreSqlOperatorStore.ReadAccount(reader, first: 1);
                    return new SignInChargeResult(true, true, account);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero)
                {
                    // The operator was not as expected, or a write found another record: the statement was rolled back.
                    return new SignInChargeResult(false, false, null);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignInCommitResult> CommitWithoutAuditAsync(NpgsqlConnection c, PendingAttemptWrites? attempts, Func<NpgsqlBatchCommand>? account, CancellationToken cancellationToken)
    {
        NpgsqlBatchCommand? attemptCommand = attempts?.Command();
        NpgsqlBatchCommand? accountCommand = account?.Invoke();
        await using var batch = new NpgsqlBatch(c) { Timeout = _audit.Context.CommandTimeoutSeconds };
        if (attemptCommand is not null)
        {
            batch.BatchCommands.Add(attemptCommand);
        }

        if (accountCommand is not null)
        {
            batch.BatchCommands.Add(accountCommand);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SignInCommitResult(true, accountCommand?.RecordsAffected == 1);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero && attemptCommand is not null)
        {
            return new SignInCommitResult(false, false);
        }
    }

    private static bool SameDatabase(PostgreSqlStoreContext a, PostgreSqlStoreContext b) =>
        ReferenceEquals(a, b)
        || (a.Site == b.Site && a.Schema == b.Schema
            && (ReferenceEquals(a.DataSource, b.DataSource) || string.Equals(a.DataSource.ConnectionString, b.DataSource.ConnectionString, StringComparison.Ordinal)));
}
