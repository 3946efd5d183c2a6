using PosAuth.Lockout;
using PosAuth.Samples.CustomStore.FileStore;
using PosAuth.Testing;

namespace PosAuth.Samples.CustomStore.Tests.FileStore;

/// <summary>The integrator's attempt store passes the whole kit: this class is all it takes.</summary>
public sealed class FileAttemptStoreConformanceTests(TempDirectory temp) : AttemptStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly Dictionary<IAttemptStore, string> _directories = [];

    // Fewer parallel operations: every successful write is fsynced.
    protected override int ConcurrencyRounds => 25;

    protected override Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        string directory = temp.NewSubdirectory();
        var store = new FileAttemptStore(directory);
        _directories[store] = directory;
        return Task.FromResult<IAttemptStore>(store);
    }

    protected override Task<IAttemptStore> CreateSecondStoreOverSameDataAsync(IAttemptStore first, TimeProvider timeProvider) =>
        Task.FromResult<IAttemptStore>(new FileAttemptStore(_directories[first]));
}
