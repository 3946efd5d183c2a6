using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An <see cref="IInstallationSecretStore"/> in the SQLite file: a secret is created once (<c>INSERT … ON CONFLICT DO
/// NOTHING</c>, then read back), so every process sharing the file gets the same value, and it survives restarts.
/// </summary>
/// <remarks>
/// A secret kept in the database protects what it keys from someone who reads logs or exports, not from someone who
/// holds the file: configure a pepper (kept outside the database) and PosAuth derives such keys from it instead.
/// </remarks>
public sealed class SqliteInstallationSecretStore : IInstallationSecretStore, IDisposable
{
    private readonly SqliteStoreConnection _db;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    public SqliteInstallationSecretStore(SqliteStoreOptions options)
        : this(SqliteStoreConnection.Open(options, store: "installation_secrets"))
    {
    }

    /// <summary>A store over a connection shared with the other stores of the composition (it owns this use of it).</summary>
    internal SqliteInstallationSecretStore(SqliteStoreConnection db) => _db = db;

    /// <summary>This store's use of its connection, for another store of the same file to share.</summary>
    internal SqliteStoreConnection Database => _db;

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>> GetOrCreateAsync(string name, int length, CancellationToken cancellationToken = default)
    {
        InstallationSecretNames.Validate(name, length);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        byte[] candidate = RandomNumberGenerator.GetBytes(length);
        try
        {
            SqliteCommand insert = _db.Command("INSERT INTO installation_secrets (name, value) VALUES (@n, @v) ON CONFLICT (name) DO NOTHING", "@n", "@v");
            insert.Parameters[0].Value = name;
            insert.Parameters[1].Value = candidate;
            insert.ExecuteNonQuery();
            SqliteCommand select = _db.Command("SELECT value FROM installation_secrets WHERE name = @n", "@n");
            select.Parameters[0].Value = name;
            return (byte[])select.ExecuteScalar()!;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();
}
