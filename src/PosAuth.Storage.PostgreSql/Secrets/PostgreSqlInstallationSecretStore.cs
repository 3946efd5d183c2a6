using System.Security.Cryptography;
using Npgsql;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An <see cref="IInstallationSecretStore"/> per site in the <c>installation_secrets</c> table: a secret is created once
/// (<c>INSERT … ON CONFLICT DO NOTHING</c>, then read back, in one round trip), so every lane of the site — every process
/// on every machine — gets the same value, and it survives restarts. Above all this gives every lane the same key for the
/// digest of an operator number nobody has, so an unknown number is charged under one site-wide budget exactly like a known
/// one (with <see cref="PosAuth.Lockout.LockoutScope.PerSite"/>).
/// </summary>
/// <remarks>
/// A secret kept in the database protects what it keys from someone who reads logs, exports or the attempt records, not
/// from someone who can read the database: configure a pepper (kept outside it) and PosAuth derives such keys from it
/// instead.
/// </remarks>
public sealed class PostgreSqlInstallationSecretStore : IInstallationSecretStore, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly string _insert;
    private readonly string _select;

    /// <summary>Creates the store over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first call.</summary>
    /// <param name="options">The settings; <see cref="PostgreSqlStoreOptions.Site"/> and a connection are required.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlInstallationSecretStore(PostgreSqlStoreOptions options)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true)
    {
    }

    internal PostgreSqlInstallationSecretStore(PostgreSqlStoreContext context, bool ownsContext)
    {
        _db = context;
        _ownsContext = ownsContext;
        string t = context.QuotedSchema + ".installation_secrets";
        _insert = $"INSERT INTO {t} (site, name, value) VALUES ($1, $2, $3) ON CONFLICT (site, name) DO NOTHING";
        _select = $"SELECT value FROM {t} WHERE site = $1 AND name = $2";
    }

    /// <summary>The site whose secrets this store holds.</summary>
    public string Site => _db.Site;

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>> GetOrCreateAsync(string name, int length, CancellationToken cancellationToken = default)
    {
        InstallationSecretNames.Validate(name, length);

        // Insert-if-absent then read is idempotent, so it may be repeated like a read after a dead pooled connection.
        // The two statements of one batch run in one transaction, each with its own snapshot (read committed): the read
        // sees the row a racing lane committed when its insert did nothing.
        byte[] secret = await _db.ReadAsync(
            (Store: this, Name: name, Length: length),
            static async (c, s, ct) =>
            {
                byte[] candidate = RandomNumberGenerator.GetBytes(s.Length);
                try
                {
                    await using var batch = new NpgsqlBatch(c) { Timeout = s.Store._db.CommandTimeoutSeconds };
                    NpgsqlBatchCommand insert = new(s.Store._insert);
                    Text(insert.Parameters, s.Store.Site);
                    Text(insert.Parameters, s.Name);
                    Bytes(insert.Parameters, candidate);
                    NpgsqlBatchCommand select = new(s.Store._select);
                    Text(select.Parameters, s.Store.Site);
                    Text(select.Parameters, s.Name);
                    batch.BatchCommands.Add(insert);
                    batch.BatchCommands.Add(select);
                    await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await reader.ReadAsync(ct).ConfigureAwait(false);
                    return reader.GetFieldValue<byte[]>(0);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(candidate);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return secret;
    }

    /// <summary>Releases the data source if this store created it.</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => _ownsContext ? _db.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Releases the data source if this store created it.</summary>
    public void Dispose()
    {
        if (_ownsContext)
        {
            _db.Dispose();
        }
    }
}
