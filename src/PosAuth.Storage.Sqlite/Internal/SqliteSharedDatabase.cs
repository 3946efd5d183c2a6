using Microsoft.Extensions.Options;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// The one connection the stores of a composition (<c>UseSqlite</c>) share: opened (and migrated) once, at the first
/// store's resolution; each store gets its own use of it (<see cref="SqliteStoreConnection.Share"/>) and the connection
/// closes with the last use. A sign-in then reads and writes through one page cache that no other connection of the
/// process invalidates.
/// </summary>
internal sealed class SqliteSharedDatabase(IOptions<SqliteStoreOptions> options) : IDisposable
{
    private readonly Lock _lock = new();
    private SqliteStoreConnection? _database;
    private bool _disposed;

    /// <summary>The options the database was opened with.</summary>
    public SqliteStoreOptions Options => options.Value;

    /// <summary>A new use of the shared connection for the store named <paramref name="store"/>.</summary>
    public SqliteStoreConnection Share(string store)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _database ??= SqliteStoreConnection.Open(options.Value, store: "sqlite");
            return _database.Share(store);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _database?.Dispose();
            _database = null;
        }
    }
}
