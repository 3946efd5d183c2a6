namespace PosAuth.Lockout.Tests.Storage;

public sealed class InMemoryAttemptStoreTests
{
    private static readonly AttemptKey Key = new("T0001", "01");

    private static AttemptRecord Record(int failures = 1, long version = 0) => new() { Key = Key, FailureCount = failures, Version = version };

    [Fact]
    public async Task TryInsert_WhenKeyExists_ReturnsFalseAndKeepsFirst()
    {
        var store = new InMemoryAttemptStore();

        Assert.True(await store.TryInsertAsync(Record(1), default));
        Assert.False(await store.TryInsertAsync(Record(2), default));

        AttemptRecord? stored = await store.GetAsync(Key, default);
        Assert.Equal(1, stored!.FailureCount);
        Assert.Equal(0, stored.Version);
    }

    [Fact]
    public async Task TryUpdate_WithExpectedVersion_StoresNextVersion()
    {
        var store = new InMemoryAttemptStore();
        await store.TryInsertAsync(Record(1), default);

        Assert.True(await store.TryUpdateAsync(Record(2), 0, default));

        AttemptRecord? stored = await store.GetAsync(Key, default);
        Assert.Equal(2, stored!.FailureCount);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task TryUpdate_WithStaleVersionOrMissingKey_ReturnsFalse()
    {
        var store = new InMemoryAttemptStore();
        Assert.False(await store.TryUpdateAsync(Record(2), 0, default));
        await store.TryInsertAsync(Record(1), default);
        await store.TryUpdateAsync(Record(2), 0, default);

        Assert.False(await store.TryUpdateAsync(Record(3), 0, default));
        Assert.Equal(2, (await store.GetAsync(Key, default))!.FailureCount);
    }

    [Fact]
    public async Task TryUpdate_ConcurrentIncrements_LoseNothing()
    {
        var store = new InMemoryAttemptStore();
        await store.TryInsertAsync(Record(0), default);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task[] workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            for (int i = 0; i < 250; i++)
            {
                while (true)
                {
                    AttemptRecord current = (await store.GetAsync(Key, default))!;
                    if (await store.TryUpdateAsync(current with { FailureCount = current.FailureCount + 1 }, current.Version, default))
                    {
                        break;
                    }
                }
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(workers);

        AttemptRecord final = (await store.GetAsync(Key, default))!;
        Assert.Equal(2000, final.FailureCount);
        Assert.Equal(2000, final.Version);
    }

    [Fact]
    public async Task Delete_And_DeleteAll_RemoveRecords()
    {
        var store = new InMemoryAttemptStore();
        await store.TryInsertAsync(Record(), default);
        await store.TryInsertAsync(new AttemptRecord { Key = AttemptKey.ForTerminal("T0001") }, default);

        Assert.True(await store.DeleteAsync(Key, default));
        Assert.False(await store.DeleteAsync(Key, default));
        Assert.Null(await store.GetAsync(Key, default));
        await store.DeleteAllAsync(default);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void AttemptKey_ForTerminal_IsDistinctFromEveryOperatorKey()
    {
        AttemptKey bucket = AttemptKey.ForTerminal("T0001");

        Assert.True(bucket.IsTerminalBucket);
        Assert.False(Key.IsTerminalBucket);
        Assert.NotEqual(Key, bucket);
        Assert.False(OperatorIds.IsWellFormed(AttemptKey.TerminalBucketOperatorId));
        Assert.Equal(new AttemptKey("T0001", "01"), Key);
    }
}
