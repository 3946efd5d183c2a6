namespace PosAuth.Operators;

/// <summary>
/// Storage of operator accounts. State only: policy lives in the services. Implementations must
/// make <see cref="TryUpdateAsync"/> a compare-and-swap on <see cref="OperatorAccount.Version"/>.
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

    /// <summary>Deletes every account (factory reset).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the accounts are gone.</returns>
    ValueTask DeleteAllAsync(CancellationToken cancellationToken = default);
}
