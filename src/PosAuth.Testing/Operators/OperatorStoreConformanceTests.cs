using System.Globalization;
using PosAuth.Storage;
using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// Conformance facts for an <see cref="IOperatorStore"/>: round trip of every field, not-found behaviour,
/// compare-and-swap on <see cref="OperatorAccount.Version"/>, create conflicts, delete, list order, the atomic
/// replace-all of the factory reset, cancellation and concurrency (no lost updates). Derive a test class and override <see cref="StoreConformanceTests{TStore}.CreateStoreAsync"/>.
/// </summary>
/// <example>
/// <code>
/// public sealed class MyOperatorStoreTests : OperatorStoreConformanceTests
/// {
///     protected override Task&lt;IOperatorStore&gt; CreateStoreAsync(TimeProvider time) =&gt; Task.FromResult&lt;IOperatorStore&gt;(new MyOperatorStore(...));
/// }
/// </code>
/// </example>
public abstract class OperatorStoreConformanceTests : StoreConformanceTests<IOperatorStore>
{
    /// <summary>An account with a distinctive value in every field.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <returns>The account.</returns>
    protected OperatorAccount DistinctiveAccount(string operatorId = "07") => new()
    {
        OperatorId = operatorId,
        Role = OperatorRole.Supervisor,
        PinHash = "$pbkdf2-sha512$i=1000,k=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        MustChangePin = true,
        MustChangePinReason = PinChangeReason.TemporaryPin,
        IsDisabled = true,
        DisplayName = "王小明 · night shift",
        CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567),
        PinChangedAt = new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero).AddTicks(7654321),
        PinExpiresAt = new DateTimeOffset(2025, 6, 8, 8, 9, 10, TimeSpan.Zero).AddTicks(1111111),
        PinHistory = ["$pbkdf2-sha512$i=1000$aGlzdDM$MzMz", "$pbkdf2-sha512$i=1000$aGlzdDI$MjIy", "$pbkdf2-sha512$i=1000$aGlzdDE$MTEx"],
        Version = 42,
    };

    /// <summary>An account with every optional field empty or at its default.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <returns>The account.</returns>
    protected OperatorAccount MinimalAccount(string operatorId = "01") => new()
    {
        OperatorId = operatorId,
        Role = OperatorRole.Operator,
        PinHash = "$pbkdf2-sha512$i=1000$bWlu$bWlu",
        CreatedAt = Time.GetUtcNow(),
    };

    /// <summary>Asserts that two accounts are equal field by field (instants by instant, the history by sequence).</summary>
    /// <param name="expected">The expected account.</param>
    /// <param name="actual">The actual account.</param>
    protected static void AssertSameAccount(OperatorAccount expected, OperatorAccount? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.OperatorId, actual.OperatorId);
        Assert.Equal(expected.Role, actual.Role);
        Assert.Equal(expected.PinHash, actual.PinHash);
        Assert.Equal(expected.MustChangePin, actual.MustChangePin);
        Assert.Equal(expected.MustChangePinReason, actual.MustChangePinReason);
        Assert.Equal(expected.IsDisabled, actual.IsDisabled);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.PinChangedAt, actual.PinChangedAt);
        Assert.Equal(expected.PinExpiresAt, actual.PinExpiresAt);
        Assert.Equal(expected.PinHistory, actual.PinHistory);
        Assert.Equal(expected.Version, actual.Version);
    }

    /// <summary>An unknown operator is not found.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Find_WhenMissing_ReturnsNull()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.Null(await store.FindAsync("01"));
    }

    /// <summary>Every field survives create and find; the stored version is 1 whatever was passed.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreate_ThenFind_RoundTripsEveryField()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount account = DistinctiveAccount();
        Assert.True(await store.TryCreateAsync(account));
        AssertSameAccount(account with { Version = 1 }, await store.FindAsync(account.OperatorId));
    }

    /// <summary>Nulls, defaults and an empty history survive a round trip.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreate_ThenFind_RoundTripsEmptyOptionalFields()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount account = MinimalAccount();
        Assert.True(await store.TryCreateAsync(account));
        OperatorAccount? found = await store.FindAsync(account.OperatorId);
        AssertSameAccount(account with { Version = 1 }, found);
        Assert.Empty(found!.PinHistory);
    }

    /// <summary>Each role and each change reason survives a round trip.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreate_RoundTripsEveryRoleAndReason()
    {
        IOperatorStore store = await NewStoreAsync();
        int i = 0;
        foreach (OperatorRole role in Enum.GetValues<OperatorRole>())
        {
            foreach (PinChangeReason reason in Enum.GetValues<PinChangeReason>())
            {
                OperatorAccount account = MinimalAccount(i.ToString("D3", CultureInfo.InvariantCulture)) with { Role = role, MustChangePinReason = reason };
                Assert.True(await store.TryCreateAsync(account));
                AssertSameAccount(account with { Version = 1 }, await store.FindAsync(account.OperatorId));
                i++;
            }
        }
    }

    /// <summary>Operator numbers are case-sensitive and exact: "0A" and "0a" are different accounts.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task OperatorIds_AreExactAndCaseSensitive()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(MinimalAccount("0A") with { DisplayName = "upper" }));
        Assert.True(await store.TryCreateAsync(MinimalAccount("0a") with { DisplayName = "lower" }));
        Assert.Equal("upper", (await store.FindAsync("0A"))!.DisplayName);
        Assert.Equal("lower", (await store.FindAsync("0a"))!.DisplayName);
        Assert.Null(await store.FindAsync("0A "));
    }

    /// <summary>Creating an existing operator returns false and keeps the original.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreate_WhenExists_ReturnsFalseAndKeepsOriginal()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount original = DistinctiveAccount();
        Assert.True(await store.TryCreateAsync(original));
        Assert.False(await store.TryCreateAsync(MinimalAccount(original.OperatorId)));
        AssertSameAccount(original with { Version = 1 }, await store.FindAsync(original.OperatorId));
    }

    /// <summary>An update with the current version stores every field and increments the version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WithCurrentVersion_StoresEveryFieldAndIncrementsVersion()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(MinimalAccount("07")));
        OperatorAccount changed = DistinctiveAccount("07");
        Assert.True(await store.TryUpdateAsync(changed, expectedVersion: 1));
        AssertSameAccount(changed with { Version = 2 }, await store.FindAsync("07"));

        OperatorAccount cleared = MinimalAccount("07");
        Assert.True(await store.TryUpdateAsync(cleared, expectedVersion: 2));
        AssertSameAccount(cleared with { Version = 3 }, await store.FindAsync("07"));
    }

    /// <summary>An update with a stale version returns false and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WithStaleVersion_ReturnsFalseAndChangesNothing()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount original = DistinctiveAccount();
        Assert.True(await store.TryCreateAsync(original));
        Assert.True(await store.TryUpdateAsync(original with { DisplayName = "second" }, 1));

        Assert.False(await store.TryUpdateAsync(original with { DisplayName = "stale" }, 1));
        Assert.False(await store.TryUpdateAsync(original with { DisplayName = "future" }, 3));
        AssertSameAccount(original with { DisplayName = "second", Version = 2 }, await store.FindAsync(original.OperatorId));
    }

    /// <summary>Updating a missing operator returns false and creates nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WhenMissing_ReturnsFalseAndCreatesNothing()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.False(await store.TryUpdateAsync(DistinctiveAccount(), 0));
        Assert.False(await store.TryUpdateAsync(DistinctiveAccount(), 1));
        Assert.Null(await store.FindAsync(DistinctiveAccount().OperatorId));
    }

    /// <summary>Delete removes only the named account and reports it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_RemovesOnlyThatAccount()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(MinimalAccount("01")));
        Assert.True(await store.TryCreateAsync(MinimalAccount("02")));
        Assert.True(await store.DeleteAsync("01"));
        Assert.Null(await store.FindAsync("01"));
        Assert.NotNull(await store.FindAsync("02"));
    }

    /// <summary>Deleting a missing account returns false.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_WhenMissing_ReturnsFalse()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.False(await store.DeleteAsync("01"));
    }

    /// <summary>After a delete the number can be created again, with version 1.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_ThenCreate_StartsAtVersionOne()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(MinimalAccount("01")));
        Assert.True(await store.TryUpdateAsync(MinimalAccount("01"), 1));
        Assert.True(await store.DeleteAsync("01"));
        Assert.True(await store.TryCreateAsync(DistinctiveAccount("01")));
        AssertSameAccount(DistinctiveAccount("01") with { Version = 1 }, await store.FindAsync("01"));
    }

    /// <summary>Delete-all (factory reset) removes every account.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DeleteAll_RemovesEveryAccount()
    {
        IOperatorStore store = await NewStoreAsync();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(await store.TryCreateAsync(MinimalAccount("0" + i.ToString(CultureInfo.InvariantCulture))));
        }

        await store.DeleteAllAsync();
        Assert.Empty(await store.ListAsync());
        Assert.Null(await store.FindAsync("00"));
    }

    /// <summary>
    /// Replace-all (the factory reset) leaves exactly the new set: every old account is gone, every new one is stored
    /// with every field at version 1 (also one whose number existed before), and compare-and-swap goes on from there.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReplaceAll_LeavesExactlyTheNewSetAtVersionOne()
    {
        IOperatorStore store = await NewStoreAsync();
        foreach (string id in new[] { "01", "05", "07" })
        {
            Assert.True(await store.TryCreateAsync(MinimalAccount(id)));
        }

        Assert.True(await store.TryUpdateAsync(MinimalAccount("01") with { DisplayName = "old" }, 1));
        OperatorAccount[] replacement = [DistinctiveAccount("99") with { Version = 7 }, MinimalAccount("00"), DistinctiveAccount("01") with { DisplayName = "new" }];

        await store.ReplaceAllAsync(replacement);

        IReadOnlyList<OperatorAccount> listed = await store.ListAsync();
        Assert.Equal(["00", "01", "99"], listed.Select(a => a.OperatorId));
        foreach (OperatorAccount expected in replacement)
        {
            AssertSameAccount(expected with { Version = 1 }, await store.FindAsync(expected.OperatorId));
        }

        Assert.Null(await store.FindAsync("05"));
        Assert.Null(await store.FindAsync("07"));
        Assert.False(await store.TryUpdateAsync(MinimalAccount("01"), 2));
        Assert.True(await store.TryUpdateAsync(MinimalAccount("01"), 1));

        await store.ReplaceAllAsync([]);
        Assert.Empty(await store.ListAsync());
    }

    /// <summary>
    /// A replacement set that goes wrong part-way (a duplicate number or a null at its end, after good accounts that
    /// a delete-then-insert store would already have written) throws and leaves the old set exactly as it was.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReplaceAll_WhenTheSetFailsPartWay_ThrowsAndKeepsTheOldSet()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount[] old = [DistinctiveAccount("99"), MinimalAccount("00"), DistinctiveAccount("05")];
        foreach (OperatorAccount account in old)
        {
            Assert.True(await store.TryCreateAsync(account));
        }

        Assert.True(await store.TryUpdateAsync(old[1] with { DisplayName = "v2" }, 1));
        old[1] = old[1] with { DisplayName = "v2", Version = 2 };

        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await store.ReplaceAllAsync([MinimalAccount("99"), MinimalAccount("00"), MinimalAccount("01"), MinimalAccount("00")]));
        await AssertOldSetAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await store.ReplaceAllAsync([MinimalAccount("99"), MinimalAccount("01"), null!]));
        await AssertOldSetAsync();

        async Task AssertOldSetAsync()
        {
            IReadOnlyList<OperatorAccount> listed = await store.ListAsync();
            string found = string.Join(", ", listed.Select(a => $"{a.OperatorId} v{a.Version} {a.DisplayName}"));
            string expected = string.Join(", ", old.OrderBy(a => a.OperatorId, StringComparer.Ordinal).Select(a => $"{a.OperatorId} v{(a.Version == 2 ? 2 : 1)} {a.DisplayName}"));
            Assert.True(
                found == expected,
                $"ReplaceAllAsync is not atomic: after a replacement that failed part-way the store holds [{found}]; the old set [{expected}] must be intact.");
            foreach (OperatorAccount account in old)
            {
                AssertSameAccount(account.Version == 2 ? account : account with { Version = 1 }, await store.FindAsync(account.OperatorId));
            }
        }
    }

    /// <summary>
    /// While one writer replaces the whole set back and forth, readers through a second instance over the same data
    /// always see the whole old set or the whole new set: never a mix, never an empty store, never a moment without
    /// the administrator (a power cut at such a moment would leave a terminal nobody can manage).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReplaceAll_RacingReaders_SeeTheOldOrTheNewSetNeverAMixOrNothing()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount[] a = [.. new[] { "99", "00", "01", "02" }.Select(id => MinimalAccount(id) with { DisplayName = "A" })];
        OperatorAccount[] b = [.. new[] { "99", "00", "01", "03", "04" }.Select(id => MinimalAccount(id) with { DisplayName = "B" })];
        await store.ReplaceAllAsync(a);
        IOperatorStore reader = await SecondStoreAsync(store);
        string expectedA = string.Join(",", a.Select(x => x.OperatorId + "=A").Order(StringComparer.Ordinal));
        string expectedB = string.Join(",", b.Select(x => x.OperatorId + "=B").Order(StringComparer.Ordinal));
        int replacements = 0;
        int changesSeen = 0;
        int broken = 0;
        string?[] lastSeen = new string?[ConcurrentWriters];
        int required = RequiredConflicts;

        // Readers go on until they saw the set change under them often enough (evidence that they really ran during
        // replacements), or a violation, or the cap.
        IReadOnlyList<string?>[] seen = await HammerAsync(ConcurrentWriters, Math.Max(ConcurrencyRounds / 4, 2), ConcurrencyRounds * 500, () => Volatile.Read(ref changesSeen) < required && Volatile.Read(ref broken) == 0, async writer =>
        {
            if (writer == 0)
            {
                await store.ReplaceAllAsync(replacements++ % 2 == 0 ? b : a).ConfigureAwait(false);
                return null;
            }

            if (writer % 2 == 0 && await reader.FindAsync("99").ConfigureAwait(false) is null)
            {
                Interlocked.Increment(ref broken);
                return "no administrator (99)";
            }

            IReadOnlyList<OperatorAccount> listed = await reader.ListAsync().ConfigureAwait(false);
            string ids = string.Join(",", listed.Select(x => x.OperatorId + "=" + x.DisplayName));
            if (ids != expectedA && ids != expectedB)
            {
                Interlocked.Increment(ref broken);
                return "[" + ids + "]";
            }

            if (lastSeen[writer] is { } last && !ReferenceEquals(last, ids == expectedA ? expectedA : expectedB))
            {
                Interlocked.Increment(ref changesSeen);
            }

            lastSeen[writer] = ids == expectedA ? expectedA : expectedB;
            return null;
        });

        string? violation = seen.SelectMany(w => w).FirstOrDefault(v => v is not null);
        Assert.True(violation is null, $"ReplaceAllAsync is not atomic: a reader saw {violation} while the set was being replaced (only the whole old or the whole new set may ever be seen).");
    }

    /// <summary>An empty store lists nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task List_WhenEmpty_ReturnsEmpty()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.Empty(await store.ListAsync());
    }

    /// <summary>List returns every account ordered by operator number, ordinal.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task List_IsOrderedByOperatorIdOrdinal()
    {
        IOperatorStore store = await NewStoreAsync();
        string[] ids = ["99", "a1", "01", "A1", "10", "00", "1"];
        foreach (string id in ids)
        {
            Assert.True(await store.TryCreateAsync(MinimalAccount(id)));
        }

        IReadOnlyList<OperatorAccount> listed = await store.ListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(a => a.OperatorId));
        Assert.All(listed, a => Assert.Equal(1, a.Version));
    }

    /// <summary>List returns every field, not a summary.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task List_ReturnsEveryField()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(DistinctiveAccount("07")));
        AssertSameAccount(DistinctiveAccount("07") with { Version = 1 }, Assert.Single(await store.ListAsync()));
    }

    /// <summary>A cancelled token is honoured by every method, and a cancelled write changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EveryMethod_WhenCancelled_ThrowsAndChangesNothing()
    {
        IOperatorStore store = await NewStoreAsync();
        OperatorAccount original = DistinctiveAccount("07");
        Assert.True(await store.TryCreateAsync(original));
        CancellationToken cancelled = CancelledToken();

        await AssertCanceledAsync(async () => await store.FindAsync("07", cancelled));
        await AssertCanceledAsync(async () => await store.TryCreateAsync(MinimalAccount("08"), cancelled));
        await AssertCanceledAsync(async () => await store.TryUpdateAsync(MinimalAccount("07"), 1, cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAsync("07", cancelled));
        await AssertCanceledAsync(async () => await store.ListAsync(cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAllAsync(cancelled));
        await AssertCanceledAsync(async () => await store.ReplaceAllAsync([MinimalAccount("09")], cancelled));

        Assert.Null(await store.FindAsync("08"));
        Assert.Null(await store.FindAsync("09"));
        AssertSameAccount(original with { Version = 1 }, await store.FindAsync("07"));
        Assert.Single(await store.ListAsync());
    }

    /// <summary>
    /// Racing read-modify-write loops with retry lose no update: <see cref="StoreConformanceTests{TStore}.ConcurrentWriters"/>
    /// writers, started together, each add one at least <see cref="StoreConformanceTests{TStore}.ConcurrencyRounds"/>
    /// times back to back; no two of them may succeed from the same version, and the stored count is exactly the number
    /// of successes.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelCompareAndSwapIncrements_LoseNoUpdate()
    {
        IOperatorStore store = await NewStoreAsync();
        Assert.True(await store.TryCreateAsync(MinimalAccount("07") with { DisplayName = "0" }));
        int expected = await HammerIncrementsAsync(nameof(IOperatorStore.TryUpdateAsync), async () =>
        {
            OperatorAccount current = (await store.FindAsync("07").ConfigureAwait(false))!;
            int value = int.Parse(current.DisplayName!, CultureInfo.InvariantCulture);
            OperatorAccount next = current with { DisplayName = (value + 1).ToString(CultureInfo.InvariantCulture) };
            return (current.Version, await store.TryUpdateAsync(next, current.Version).ConfigureAwait(false));
        });

        OperatorAccount final = (await store.FindAsync("07"))!;
        Assert.True(
            final.DisplayName == expected.ToString(CultureInfo.InvariantCulture) && final.Version == expected + 1,
            $"TryUpdateAsync lost updates: {expected} increments succeeded, but the stored count is {final.DisplayName} at Version {final.Version} (expected {expected} at {expected + 1}).");
    }

    /// <summary>Of racing updates with the same expected version exactly one wins, in every round (a new account each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelUpdatesWithSameVersion_ExactlyOneWins()
    {
        IOperatorStore store = await NewStoreAsync();
        int rounds = ConcurrencyRounds;
        for (int round = 0; round < rounds; round++)
        {
            Assert.True(await store.TryCreateAsync(MinimalAccount(RoundId(round))));
        }

        bool[][] results = await RaceAsync(ConcurrentWriters, rounds, (round, writer) =>
            store.TryUpdateAsync(MinimalAccount(RoundId(round)) with { DisplayName = writer.ToString(CultureInfo.InvariantCulture) }, 1));

        for (int round = 0; round < rounds; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TryUpdateAsync is not atomic: {winners} writers succeeded at version 1 in round {round} (exactly one must).");
            OperatorAccount final = (await store.FindAsync(RoundId(round)))!;
            Assert.Equal(2, final.Version);
            Assert.Equal(Array.IndexOf(results[round], true).ToString(CultureInfo.InvariantCulture), final.DisplayName);
        }
    }

    /// <summary>Of racing creates of one operator number exactly one wins, in every round (a new number each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelCreatesOfOneId_ExactlyOneWins()
    {
        IOperatorStore store = await NewStoreAsync();
        bool[][] results = await RaceAsync(ConcurrentWriters, ConcurrencyRounds, (round, writer) =>
            store.TryCreateAsync(MinimalAccount(RoundId(round)) with { DisplayName = writer.ToString(CultureInfo.InvariantCulture) }));

        for (int round = 0; round < results.Length; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TryCreateAsync is not atomic: {winners} writers created operator {RoundId(round)} in round {round} (exactly one must).");
            Assert.Equal(Array.IndexOf(results[round], true).ToString(CultureInfo.InvariantCulture), (await store.FindAsync(RoundId(round)))!.DisplayName);
        }
    }

    /// <summary>The operator number of a concurrency round: "R" + the round.</summary>
    /// <param name="round">The round.</param>
    /// <returns>The number.</returns>
    protected static string RoundId(int round) => "R" + round.ToString(CultureInfo.InvariantCulture);

    /// <summary>A change through one instance is seen by a second instance over the same data, and CAS holds across them.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SecondInstance_SeesChangesAndHonoursVersion()
    {
        IOperatorStore first = await NewStoreAsync();
        IOperatorStore second = await SecondStoreAsync(first);
        Assert.True(await first.TryCreateAsync(DistinctiveAccount("07")));
        AssertSameAccount(DistinctiveAccount("07") with { Version = 1 }, await second.FindAsync("07"));
        Assert.False(await second.TryCreateAsync(MinimalAccount("07")));

        Assert.True(await second.TryUpdateAsync(MinimalAccount("07"), 1));
        Assert.False(await first.TryUpdateAsync(DistinctiveAccount("07"), 1));
        AssertSameAccount(MinimalAccount("07") with { Version = 2 }, await first.FindAsync("07"));

        Assert.True(await second.DeleteAsync("07"));
        Assert.Null(await first.FindAsync("07"));
    }
}
