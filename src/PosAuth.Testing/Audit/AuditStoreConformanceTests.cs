using PosAuth.Storage;
using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// Conformance facts for an <see cref="IAuditStore"/>: round trip of every field, sequence numbers that start at 1 and
/// grow without gaps (also under parallel appends), paging with <c>afterSequence</c> and <c>maxCount</c>, clear, and
/// cancellation.
/// </summary>
public abstract class AuditStoreConformanceTests : StoreConformanceTests<IAuditStore>
{
    /// <summary>An event with a distinctive value in every field.</summary>
    /// <returns>The event.</returns>
    protected AuditEvent DistinctiveEvent() => new(
        AuditEventType.PinReset,
        Time.GetUtcNow().AddTicks(1234567),
        "T0001234",
        "07",
        "99",
        "reset_by_supervisor",
        "授权操作: 退货 refund #42");

    /// <summary>An event with every optional field empty.</summary>
    /// <param name="type">The event type.</param>
    /// <returns>The event.</returns>
    protected AuditEvent MinimalEvent(AuditEventType type = AuditEventType.SignInFailed) => new(type, Time.GetUtcNow(), null, null);

    /// <summary>An empty trail reads as empty.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Read_WhenEmpty_ReturnsEmpty()
    {
        IAuditStore store = await NewStoreAsync();
        Assert.Empty(await store.ReadAsync());
    }

    /// <summary>Sequence numbers start at 1 and grow by one.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_AssignsSequenceFromOneWithoutGaps()
    {
        IAuditStore store = await NewStoreAsync();
        for (long expected = 1; expected <= 5; expected++)
        {
            Assert.Equal(expected, await store.AppendAsync(MinimalEvent()));
        }

        Assert.Equal([1L, 2, 3, 4, 5], (await store.ReadAsync()).Select(r => r.Sequence));
    }

    /// <summary>Every field survives append and read.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_ThenRead_RoundTripsEveryField()
    {
        IAuditStore store = await NewStoreAsync();
        AuditEvent e = DistinctiveEvent();
        long sequence = await store.AppendAsync(e);
        AuditRecord record = Assert.Single(await store.ReadAsync());
        Assert.Equal(sequence, record.Sequence);
        Assert.Equal(e, record.Event);
    }

    /// <summary>Null optional fields come back null (not empty strings), and every event type survives.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_RoundTripsNullFieldsAndEveryType()
    {
        IAuditStore store = await NewStoreAsync();
        AuditEventType[] types = Enum.GetValues<AuditEventType>();
        foreach (AuditEventType type in types)
        {
            await store.AppendAsync(MinimalEvent(type));
        }

        IReadOnlyList<AuditRecord> records = await store.ReadAsync();
        Assert.Equal(types.Select(t => MinimalEvent(t)), records.Select(r => r.Event));
        Assert.All(records, r => Assert.Null(r.Event.Detail));
    }

    /// <summary>Empty strings stay empty strings (not null).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_KeepsEmptyStringsDistinctFromNull()
    {
        IAuditStore store = await NewStoreAsync();
        AuditEvent e = new(AuditEventType.SignInSucceeded, Time.GetUtcNow(), "", "", "", "", "");
        await store.AppendAsync(e);
        Assert.Equal(e, Assert.Single(await store.ReadAsync()).Event);
    }

    /// <summary>Read returns records after the given sequence, in order, at most maxCount.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Read_HonoursAfterSequenceAndMaxCount()
    {
        IAuditStore store = await NewStoreAsync();
        for (int i = 0; i < 10; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await store.AppendAsync(MinimalEvent());
        }

        Assert.Equal([4L, 5, 6], (await store.ReadAsync(3, 3)).Select(r => r.Sequence));
        Assert.Equal([9L, 10], (await store.ReadAsync(8)).Select(r => r.Sequence));
        Assert.Empty(await store.ReadAsync(10));
        Assert.Empty(await store.ReadAsync(0, 0));
        IReadOnlyList<AuditRecord> all = await store.ReadAsync();
        Assert.Equal(10, all.Count);
        Assert.Equal(all.Select(r => r.Event.Timestamp).Order(), all.Select(r => r.Event.Timestamp));
    }

    /// <summary>Paging through the trail with afterSequence visits every record exactly once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Read_PagingVisitsEveryRecordOnce()
    {
        IAuditStore store = await NewStoreAsync();
        for (int i = 0; i < 23; i++)
        {
            await store.AppendAsync(MinimalEvent() with { Code = "c" + i });
        }

        var seen = new List<AuditRecord>();
        long after = 0;
        while (true)
        {
            IReadOnlyList<AuditRecord> page = await store.ReadAsync(after, 5);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page);
            after = page[^1].Sequence;
        }

        Assert.Equal(Enumerable.Range(0, 23).Select(i => "c" + i), seen.Select(r => r.Event.Code));
    }

    /// <summary>
    /// Racing appends get distinct, gap-free sequence numbers and every record is stored:
    /// <see cref="StoreConformanceTests{TStore}.ConcurrentWriters"/> writers, started together, append back to back, each
    /// at least half of <see cref="StoreConformanceTests{TStore}.ConcurrencyRounds"/> times.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelAppends_GetDistinctGapFreeSequences()
    {
        IAuditStore store = await NewStoreAsync();
        int[] calls = new int[ConcurrentWriters];
        IReadOnlyList<(long Sequence, string Code)>[] appended = await HammerAsync(ConcurrentWriters, Math.Max(ConcurrencyRounds / 2, 1), Math.Max(ConcurrencyRounds / 2, 1), () => false, async writer =>
        {
            string code = FormattableString.Invariant($"p{writer}.{calls[writer]++}");
            return (await store.AppendAsync(MinimalEvent() with { Code = code }).ConfigureAwait(false), code);
        });

        var all = appended.SelectMany(w => w).ToList();
        IGrouping<long, long>? twice = all.Select(a => a.Sequence).GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        Assert.True(twice is null, $"AppendAsync is not atomic: {twice?.Count()} appends were given sequence {twice?.Key}.");
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(a => a.Sequence).Order());
        Dictionary<long, AuditRecord> records = (await store.ReadAsync()).ToDictionary(r => r.Sequence);
        Assert.True(records.Count == all.Count, $"AppendAsync lost records: {all.Count} appends succeeded, {records.Count} records are stored.");
        foreach ((long sequence, string code) in all)
        {
            Assert.Equal(code, records[sequence].Event.Code);
        }
    }

    /// <summary>Clear removes every record; later appends are read back alone, with increasing sequences.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Clear_RemovesEveryRecord()
    {
        IAuditStore store = await NewStoreAsync();
        for (int i = 0; i < 3; i++)
        {
            await store.AppendAsync(MinimalEvent());
        }

        await store.ClearAsync();
        Assert.Empty(await store.ReadAsync());

        long a = await store.AppendAsync(DistinctiveEvent());
        long b = await store.AppendAsync(MinimalEvent());
        Assert.True(a >= 1);
        Assert.Equal(a + 1, b);
        Assert.Equal([a, b], (await store.ReadAsync()).Select(r => r.Sequence));
        Assert.Equal(DistinctiveEvent(), (await store.ReadAsync())[0].Event);
    }

    /// <summary>A cancelled token is honoured by every method, and a cancelled append or clear changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EveryMethod_WhenCancelled_ThrowsAndChangesNothing()
    {
        IAuditStore store = await NewStoreAsync();
        await store.AppendAsync(DistinctiveEvent());
        CancellationToken cancelled = CancelledToken();

        await AssertCanceledAsync(async () => await store.AppendAsync(MinimalEvent(), cancelled));
        await AssertCanceledAsync(async () => await store.ReadAsync(0, int.MaxValue, cancelled));
        await AssertCanceledAsync(async () => await store.ClearAsync(cancelled));

        AuditRecord only = Assert.Single(await store.ReadAsync());
        Assert.Equal(DistinctiveEvent(), only.Event);
        Assert.Equal(2, await store.AppendAsync(MinimalEvent()));
    }

    /// <summary>Appends through two instances over the same data share one gap-free sequence.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SecondInstance_SharesTheSequence()
    {
        IAuditStore first = await NewStoreAsync();
        IAuditStore second = await SecondStoreAsync(first);
        Assert.Equal(1, await first.AppendAsync(MinimalEvent()));
        Assert.Equal(2, await second.AppendAsync(DistinctiveEvent()));
        Assert.Equal(3, await first.AppendAsync(MinimalEvent()));
        Assert.Equal([1L, 2, 3], (await second.ReadAsync()).Select(r => r.Sequence));
        Assert.Equal(DistinctiveEvent(), (await first.ReadAsync(1, 1))[0].Event);
    }
}
