using PosAuth.Samples.CustomStore.FileStore;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Samples.CustomStore.Tests.FileStore;

/// <summary>The integrator's operator store passes the whole kit.</summary>
public sealed class FileOperatorStoreConformanceTests(TempDirectory temp) : OperatorStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly Dictionary<IOperatorStore, string> _directories = [];

    protected override int ConcurrencyRounds => 25;

    protected override Task<IOperatorStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        string directory = temp.NewSubdirectory();
        var store = new FileOperatorStore(directory);
        _directories[store] = directory;
        return Task.FromResult<IOperatorStore>(store);
    }

    protected override Task<IOperatorStore> CreateSecondStoreOverSameDataAsync(IOperatorStore first, TimeProvider timeProvider) =>
        Task.FromResult<IOperatorStore>(new FileOperatorStore(_directories[first]));
}
