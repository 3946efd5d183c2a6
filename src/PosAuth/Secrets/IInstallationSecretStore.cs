namespace PosAuth.Storage;

/// <summary>
/// Random secrets that one installation (one terminal, or one site of a chain) creates once and keeps: today the key
/// that turns an operator number nobody has into a keyed digest, so that a PIN typed into the operator-number field is
/// never written down in clear (not in the audit, the logs or the attempt records).
/// </summary>
/// <remarks>
/// <para>Implementations must be atomic: when two callers (threads or processes) ask for a missing secret at the same
/// time, both get the same value (insert-if-absent, then read). A secret, once created, never changes.</para>
/// <para>The storage packages implement it next to their other stores (<c>UseSqlite</c>, <c>UseInMemoryStores</c>).
/// When a pepper is configured (<c>UsePepper</c>), PosAuth derives these keys from the pepper instead, so they live
/// outside the database with it.</para>
/// </remarks>
public interface IInstallationSecretStore
{
    /// <summary>Returns the secret called <paramref name="name"/>, creating it from a CSPRNG on first use.</summary>
    /// <param name="name">The secret's purpose, e.g. <c>unknown-operator-digest</c>: 1 to 64 ASCII letters, digits or dashes.</param>
    /// <param name="length">The length in bytes of a newly created secret (16 to 64). An existing secret is returned as stored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret. The caller must not modify it.</returns>
    ValueTask<ReadOnlyMemory<byte>> GetOrCreateAsync(string name, int length, CancellationToken cancellationToken = default);
}
