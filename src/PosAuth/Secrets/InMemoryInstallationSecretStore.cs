using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PosAuth.Storage;

/// <summary>
/// An <see cref="IInstallationSecretStore"/> that keeps its secrets in memory: they are new after every restart.
/// For tests and demos (<c>UseInMemoryStores()</c>), like the other in-memory stores.
/// </summary>
public sealed class InMemoryInstallationSecretStore : IInstallationSecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>> GetOrCreateAsync(string name, int length, CancellationToken cancellationToken = default)
    {
        InstallationSecretNames.Validate(name, length);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] secret = _secrets.GetOrAdd(name, static (_, n) => RandomNumberGenerator.GetBytes(n), length);
        return new(secret);
    }
}
