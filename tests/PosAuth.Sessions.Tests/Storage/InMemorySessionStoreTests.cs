namespace PosAuth.Sessions.Tests.Storage;

public sealed class InMemorySessionStoreTests
{
    private static TerminalSession Session(string terminal, long version, TerminalSessionState state = TerminalSessionState.AwaitingOperator) =>
        new() { TerminalId = terminal, Version = version, State = state };

    [Fact]
    public async Task TrySave_WithExpectedVersionZero_InsertsOnlyOnce()
    {
        var store = new InMemorySessionStore();

        Assert.True(await store.TrySaveAsync(Session("T1", 1), 0, default));
        Assert.False(await store.TrySaveAsync(Session("T1", 1, TerminalSessionState.Ready), 0, default));

        Assert.Equal(TerminalSessionState.AwaitingOperator, (await store.GetAsync("T1", default))!.State);
    }

    [Fact]
    public async Task TrySave_WithStaleVersion_IsRejected_AndWithCurrentVersion_Replaces()
    {
        var store = new InMemorySessionStore();
        await store.TrySaveAsync(Session("T1", 1), 0, default);
        await store.TrySaveAsync(Session("T1", 2), 1, default);

        Assert.False(await store.TrySaveAsync(Session("T1", 2, TerminalSessionState.Locked), 1, default));
        Assert.True(await store.TrySaveAsync(Session("T1", 3, TerminalSessionState.Ready), 2, default));

        TerminalSession stored = (await store.GetAsync("T1", default))!;
        Assert.Equal((3L, TerminalSessionState.Ready), (stored.Version, stored.State));
    }

    [Fact]
    public async Task TrySave_WhenNothingStored_AndExpectedVersionNonZero_IsRejected()
    {
        var store = new InMemorySessionStore();

        Assert.False(await store.TrySaveAsync(Session("T1", 5), 4, default));
        Assert.Null(await store.GetAsync("T1", default));
    }

    [Fact]
    public async Task ConcurrentSaves_OfTheSameVersion_LetExactlyOneWin()
    {
        var store = new InMemorySessionStore();
        await store.TrySaveAsync(Session("T1", 1), 0, default);

        bool[] wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await store.TrySaveAsync(Session("T1", 2), 1, default))));

        Assert.Equal(1, wins.Count(w => w));
    }

    [Fact]
    public async Task Delete_AndDeleteAll_RemoveSnapshots()
    {
        var store = new InMemorySessionStore();
        await store.TrySaveAsync(Session("T1", 1), 0, default);
        await store.TrySaveAsync(Session("T2", 1), 0, default);

        Assert.True(await store.DeleteAsync("T1", default));
        Assert.False(await store.DeleteAsync("T1", default));
        Assert.NotNull(await store.GetAsync("T2", default));
        await store.DeleteAllAsync(default);
        Assert.Null(await store.GetAsync("T2", default));
    }
}
