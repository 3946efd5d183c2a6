namespace PosAuth.Storage;

/// <summary>
/// Storage of operator accounts. State only: policy lives in the services. Implementations must
/// make <see cref="TryUpdateAsync"/> a compare-and-swap on <see cref="OperatorAccount.Version"/> and
/// <see cref="ReplaceAllAsync"/> one atomic step (one transaction).
/// Prove an implementation with <c>PosAuth.Testing.OperatorStoreConformanceTests</c>.
/// </summary>
public interface IOperatorStore
{
    /// <summary>Finds an operator by number.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The account, or <see langword="null"/> when there is none.</returns>
    ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default);

    /// <summary>Creates an account; the stored copy has <see cref="OperatorAccount.Version"/> 1.</summary>
    /// <param name="account">The account to create.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when an account with that number already exists (nothing changes).</returns>
    ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an account when its stored version equals <paramref name="expectedVersion"/>; the stored
    /// copy gets version <paramref name="expectedVersion"/> + 1.
    /// </summary>
    /// <param name="account">The new state of the account.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the account is missing or was changed meanwhile (nothing changes).</returns>
    ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes an account.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when there was no such account.</returns>
    ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default);

    /// <summary>Lists every account, ordered by operator number (ordinal).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The accounts.</returns>
    ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every account.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the accounts are gone.</returns>
    /// <remarks>The factory reset does not use this (a power cut after it would leave no administrator): it uses <see cref="ReplaceAllAsync"/>.</remarks>
    ValueTask DeleteAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every stored account with <paramref name="accounts"/> (each stored at <see cref="OperatorAccount.Version"/> 1)
    /// in ONE atomic step: the factory reset. No reader — in this process or another, through this instance or any
    /// other over the same data — ever sees a mix of the two sets or an empty store in between, and a power cut or a
    /// crash at any moment leaves either the whole old set or the whole new set. In SQL: one transaction holding
    /// <c>DELETE</c> and the <c>INSERT</c>s.
    /// </summary>
    /// <param name="accounts">The new set; operator numbers must be distinct.</param>
    /// <param name="cancellationToken">Cancels the operation (before it commits; then nothing changes).</param>
    /// <returns>A task that completes when the new set is durable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two accounts have the same operator number; nothing changed.</exception>
    /// <remarks>
    /// There is deliberately no default implementation: the only one the interface could offer is
    /// <see cref="DeleteAllAsync"/> followed by <see cref="TryCreateAsync"/> for each account, which is exactly the
    /// non-atomic sequence this member exists to replace. A store written before this member existed fails to compile
    /// rather than silently getting a factory reset that a power cut turns into a terminal with no administrator.
    /// </remarks>
    ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default);
}
