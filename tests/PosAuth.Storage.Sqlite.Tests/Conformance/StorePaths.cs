using System.Runtime.CompilerServices;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

/// <summary>Remembers which file each store opened, so a second instance can open the same file.</summary>
internal sealed class StorePaths
{
    private readonly ConditionalWeakTable<object, string> _paths = [];

    public T Open<T>(TempDirectory dir, Func<SqliteStoreOptions, T> create, string? path = null)
        where T : class
    {
        path ??= dir.NewDatabasePath();
        T store = create(new SqliteStoreOptions { DatabasePath = path });
        _paths.Add(store, path);
        return store;
    }

    public string PathOf(object store) => _paths.TryGetValue(store, out string? path) ? path : throw new InvalidOperationException("Unknown store.");
}
