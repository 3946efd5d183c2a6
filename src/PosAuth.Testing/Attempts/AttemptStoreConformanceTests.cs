using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// Conformance facts for an <see cref="IAttemptStore"/>: round trip of every field, not-found behaviour, pair reads
/// (<see cref="IAttemptStore.GetPairAsync"/> returns what two <see cref="IAttemptStore.GetAsync"/> calls return), insert
/// conflicts, compare-and-swap on <see cref="AttemptRecord.Version"/>, delete, cancellation, concurrency (no lost
/// updates), and the real <see cref="LockoutPolicy"/> over the store: parallel charges never overshoot the limit,
/// a charge survives a new policy instance, and a lock ends when the fake clock says so.
/// </summary>
public abstract class AttemptStoreConformanceTests : StoreConformanceTests<IAttemptStore>
{
    /// <summary>The terminal used by the facts.</summary>
    protected const string TerminalId = "T0001234";

    /// <summary>A record with a distinctive value in every field.</summary>
    /// <param name="key">The key; default (<see cref="TerminalId"/>, "07").</param>
    /// <returns>The record.</returns>
    protected AttemptRecord DistinctiveRecord(AttemptKey? key = null)
    {
        DateTimeOffset now = Time.GetUtcNow();
        return new AttemptRecord
        {
            Key = key ?? new AttemptKey(TerminalId, "07"),
            FailureCount = 3,
            FirstFailureAt = now.AddMinutes(-7).AddTicks(1234567),
            LastFailureAt = now.AddMinutes(-1).AddTicks(7654321),
            LockStartedAt = now.AddSeconds(-59).AddTicks(11),
            LockDuration = TimeSpan.FromMinutes(10).Add(TimeSpan.FromTicks(3)),
            LockedUntil = now.AddMinutes(9).AddTicks(13),
            TemporaryLockoutCount = 2,
            IsPermanentlyLocked = true,
            LockReason = LockReason.PermanentAfterTemporaryLockouts,
            LastSeenAt = now.AddSeconds(-5).AddTicks(17),
            LastSeenTimestamp = 9_876_543_210_123L,
            ClockEpoch = -4_611_686_018_427_387_903L,
            ElapsedSinceLastFailure = TimeSpan.FromSeconds(61).Add(TimeSpan.FromTicks(19)),
            Version = 77,
        };
    }

    /// <summary>A record with every optional field empty.</summary>
    /// <param name="key">The key; default (<see cref="TerminalId"/>, "07").</param>
    /// <returns>The record.</returns>
    protected AttemptRecord MinimalRecord(AttemptKey? key = null) => new()
    {
        Key = key ?? new AttemptKey(TerminalId, "07"),
        LastSeenAt = Time.GetUtcNow(),
    };

    /// <summary>Lockout options for the policy facts: <paramref name="maxFailures"/> failures lock, no terminal throttle.</summary>
    /// <param name="maxFailures">The limit.</param>
    /// <returns>The options.</returns>
    protected virtual LockoutOptions PolicyOptions(int maxFailures) => new()
    {
        MaxFailures = maxFailures,
        Mode = LockoutMode.Temporary,
        WaitIncrement = TimeSpan.FromMinutes(5),
        MaxWait = TimeSpan.FromHours(1),
        TerminalThrottle = { Enabled = false },
    };

    /// <summary>Creates the real lockout policy over <paramref name="store"/> with the fact's clock.</summary>
    /// <param name="store">The store.</param>
    /// <param name="maxFailures">The limit.</param>
    /// <returns>The policy.</returns>
    protected ILockoutPolicy CreatePolicy(IAttemptStore store, int maxFailures) =>
        new LockoutPolicy(store, Options.Create(PolicyOptions(maxFailures)), Time);

    /// <summary>Asserts that two records are equal field by field (instants by instant).</summary>
    /// <param name="expected">The expected record.</param>
    /// <param name="actual">The actual record.</param>
    protected static void AssertSameRecord(AttemptRecord expected, AttemptRecord? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.FailureCount, actual.FailureCount);
        Assert.Equal(expected.FirstFailureAt, actual.FirstFailureAt);
        Assert.Equal(expected.LastFailureAt, actual.LastFailureAt);
        Assert.Equal(expected.LockStartedAt, actual.LockStartedAt);
        Assert.Equal(expected.LockDuration, actual.LockDuration);
        Assert.Equal(expected.LockedUntil, actual.LockedUntil);
        Assert.Equal(expected.TemporaryLockoutCount, actual.TemporaryLockoutCount);
        Assert.Equal(expected.IsPermanentlyLocked, actual.IsPermanentlyLocked);
        Assert.Equal(expected.LockReason, actual.LockReason);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
        Assert.Equal(expected.LastSeenTimestamp, actual.LastSeenTimestamp);
        Assert.Equal(expected.ClockEpoch, actual.ClockEpoch);
        Assert.Equal(expected.ElapsedSinceLastFailure, actual.ElapsedSinceLastFailure);
        Assert.Equal(expected.Version, actual.Version);
    }

    /// <summary>An unknown key has no record.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Get_WhenMissing_ReturnsNull()
    {
        IAttemptStore store = await NewStoreAsync();
        Assert.Null(await store.GetAsync(new AttemptKey(TerminalId, "07"), default));
    }

    /// <summary>
    /// <see cref="IAttemptStore.GetPairAsync"/> of two stored records returns exactly what two <see cref="IAttemptStore.GetAsync"/>
    /// calls return, each in its own position, in either order, with keys that differ only by case or by the throttle bucket.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPair_BothPresent_ReturnsWhatTwoGetsReturn()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey subject = new(TerminalId, "0a");
        AttemptKey sameButCase = new(TerminalId, "0A");
        AttemptKey bucket = AttemptKey.ForTerminal(TerminalId);
        Assert.True(await store.TryInsertAsync(DistinctiveRecord(subject), default));
        Assert.True(await store.TryInsertAsync(MinimalRecord(sameButCase) with { FailureCount = 5 }, default));
        Assert.True(await store.TryInsertAsync(MinimalRecord(bucket) with { FailureCount = 9 }, default));
        Assert.True(await store.TryUpdateAsync(MinimalRecord(bucket) with { FailureCount = 10 }, 0, default));

        foreach ((AttemptKey a, AttemptKey b) in new[] { (subject, bucket), (bucket, subject), (subject, sameButCase), (sameButCase, subject) })
        {
            (AttemptRecord? first, AttemptRecord? second) = await store.GetPairAsync(a, b, default);
            AssertSameRecord((await store.GetAsync(a, default))!, first);
            AssertSameRecord((await store.GetAsync(b, default))!, second);
        }
    }

    /// <summary>A missing key reads as <see langword="null"/> in its position, and the other record is still returned.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPair_OneOrBothMissing_ReturnsNullForTheMissing()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey present = new(TerminalId, "07");
        AttemptKey missing = AttemptKey.ForTerminal(TerminalId);
        AttemptKey otherMissing = new("T0001235", "07");
        AttemptRecord record = DistinctiveRecord(present);
        Assert.True(await store.TryInsertAsync(record, default));

        (AttemptRecord? first, AttemptRecord? second) = await store.GetPairAsync(present, missing, default);
        AssertSameRecord(record with { Version = 0 }, first);
        Assert.Null(second);

        (first, second) = await store.GetPairAsync(missing, present, default);
        Assert.Null(first);
        AssertSameRecord(record with { Version = 0 }, second);

        (first, second) = await store.GetPairAsync(missing, otherMissing, default);
        Assert.Null(first);
        Assert.Null(second);
    }

    /// <summary>The same key twice returns that key's record (or <see langword="null"/>) in both positions.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPair_SameKeyTwice_ReturnsThatRecordTwice()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey key = new(TerminalId, "07");
        (AttemptRecord? first, AttemptRecord? second) = await store.GetPairAsync(key, key, default);
        Assert.Null(first);
        Assert.Null(second);

        AttemptRecord record = DistinctiveRecord(key);
        Assert.True(await store.TryInsertAsync(record, default));
        (first, second) = await store.GetPairAsync(key, key, default);
        AssertSameRecord(record with { Version = 0 }, first);
        AssertSameRecord(record with { Version = 0 }, second);
    }

    /// <summary>A cancelled token is honoured by <see cref="IAttemptStore.GetPairAsync"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPair_WhenCancelled_Throws()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey key = new(TerminalId, "07");
        Assert.True(await store.TryInsertAsync(DistinctiveRecord(key), default));
        await AssertCanceledAsync(async () => await store.GetPairAsync(key, AttemptKey.ForTerminal(TerminalId), CancelledToken()));
    }

    /// <summary>Every field survives insert and get; the stored version is 0 whatever was passed.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryInsert_ThenGet_RoundTripsEveryField()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord record = DistinctiveRecord();
        Assert.True(await store.TryInsertAsync(record, default));
        AssertSameRecord(record with { Version = 0 }, await store.GetAsync(record.Key, default));
    }

    /// <summary>Nulls and zeros survive a round trip.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryInsert_ThenGet_RoundTripsEmptyOptionalFields()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord record = MinimalRecord();
        Assert.True(await store.TryInsertAsync(record, default));
        AssertSameRecord(record, await store.GetAsync(record.Key, default));
    }

    /// <summary>Every lock reason survives a round trip.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryInsert_RoundTripsEveryLockReason()
    {
        IAttemptStore store = await NewStoreAsync();
        foreach (LockReason reason in Enum.GetValues<LockReason>())
        {
            AttemptRecord record = MinimalRecord(new AttemptKey(TerminalId, "R" + (int)reason)) with { LockReason = reason };
            Assert.True(await store.TryInsertAsync(record, default));
            AssertSameRecord(record, await store.GetAsync(record.Key, default));
        }
    }

    /// <summary>Keys differing by terminal, by operator, by case, and the terminal bucket are all separate records.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Keys_AreDistinctByTerminalOperatorCaseAndBucket()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey[] keys =
        [
            new(TerminalId, "07"), new("T0001235", "07"), new(TerminalId, "0a"), new(TerminalId, "0A"), AttemptKey.ForTerminal(TerminalId),
        ];
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.True(await store.TryInsertAsync(MinimalRecord(keys[i]) with { FailureCount = i + 1 }, default));
        }

        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i + 1, (await store.GetAsync(keys[i], default))!.FailureCount);
        }
    }

    /// <summary>Inserting an existing key returns false and keeps the original.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryInsert_WhenExists_ReturnsFalseAndKeepsOriginal()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord original = DistinctiveRecord();
        Assert.True(await store.TryInsertAsync(original, default));
        Assert.False(await store.TryInsertAsync(MinimalRecord(original.Key), default));
        AssertSameRecord(original with { Version = 0 }, await store.GetAsync(original.Key, default));
    }

    /// <summary>An update with the current version stores every field and increments the version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WithCurrentVersion_StoresEveryFieldAndIncrementsVersion()
    {
        IAttemptStore store = await NewStoreAsync();
        Assert.True(await store.TryInsertAsync(MinimalRecord(), default));
        AttemptRecord changed = DistinctiveRecord();
        Assert.True(await store.TryUpdateAsync(changed, 0, default));
        AssertSameRecord(changed with { Version = 1 }, await store.GetAsync(changed.Key, default));

        AttemptRecord cleared = MinimalRecord();
        Assert.True(await store.TryUpdateAsync(cleared, 1, default));
        AssertSameRecord(cleared with { Version = 2 }, await store.GetAsync(changed.Key, default));
    }

    /// <summary>An update with a stale (or future) version returns false and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WithStaleVersion_ReturnsFalseAndChangesNothing()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord original = MinimalRecord();
        Assert.True(await store.TryInsertAsync(original, default));
        Assert.True(await store.TryUpdateAsync(original with { FailureCount = 1 }, 0, default));

        Assert.False(await store.TryUpdateAsync(original with { FailureCount = 99 }, 0, default));
        Assert.False(await store.TryUpdateAsync(original with { FailureCount = 98 }, 2, default));
        AssertSameRecord(original with { FailureCount = 1, Version = 1 }, await store.GetAsync(original.Key, default));
    }

    /// <summary>Updating a missing key returns false and creates nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdate_WhenMissing_ReturnsFalseAndCreatesNothing()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord record = DistinctiveRecord();
        Assert.False(await store.TryUpdateAsync(record, 0, default));
        Assert.Null(await store.GetAsync(record.Key, default));
    }

    /// <summary>Delete removes only that key and reports it; deleting again returns false.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_RemovesOnlyThatKey()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey a = new(TerminalId, "07");
        AttemptKey b = AttemptKey.ForTerminal(TerminalId);
        Assert.True(await store.TryInsertAsync(MinimalRecord(a), default));
        Assert.True(await store.TryInsertAsync(MinimalRecord(b), default));
        Assert.True(await store.DeleteAsync(a, default));
        Assert.False(await store.DeleteAsync(a, default));
        Assert.Null(await store.GetAsync(a, default));
        Assert.NotNull(await store.GetAsync(b, default));
    }

    /// <summary>After a delete the key can be inserted again, with version 0.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_ThenInsert_StartsAtVersionZero()
    {
        IAttemptStore store = await NewStoreAsync();
        Assert.True(await store.TryInsertAsync(MinimalRecord(), default));
        Assert.True(await store.TryUpdateAsync(MinimalRecord(), 0, default));
        Assert.True(await store.DeleteAsync(MinimalRecord().Key, default));
        Assert.True(await store.TryInsertAsync(DistinctiveRecord(), default));
        AssertSameRecord(DistinctiveRecord() with { Version = 0 }, await store.GetAsync(MinimalRecord().Key, default));
    }

    /// <summary>Delete-all (factory reset) removes every record.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DeleteAll_RemovesEveryRecord()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey[] keys = [new(TerminalId, "01"), new(TerminalId, "02"), AttemptKey.ForTerminal(TerminalId), new("T2", "01")];
        foreach (AttemptKey key in keys)
        {
            Assert.True(await store.TryInsertAsync(MinimalRecord(key), default));
        }

        await store.DeleteAllAsync(default);
        foreach (AttemptKey key in keys)
        {
            Assert.Null(await store.GetAsync(key, default));
        }
    }

    /// <summary>A cancelled token is honoured by every method, and a cancelled write changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EveryMethod_WhenCancelled_ThrowsAndChangesNothing()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptRecord original = DistinctiveRecord();
        Assert.True(await store.TryInsertAsync(original, default));
        AttemptKey other = new(TerminalId, "08");
        CancellationToken cancelled = CancelledToken();

        await AssertCanceledAsync(async () => await store.GetAsync(original.Key, cancelled));
        await AssertCanceledAsync(async () => await store.TryInsertAsync(MinimalRecord(other), cancelled));
        await AssertCanceledAsync(async () => await store.TryUpdateAsync(MinimalRecord(), 0, cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAsync(original.Key, cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAllAsync(cancelled));

        Assert.Null(await store.GetAsync(other, default));
        AssertSameRecord(original with { Version = 0 }, await store.GetAsync(original.Key, default));
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
        IAttemptStore store = await NewStoreAsync();
        AttemptKey key = new(TerminalId, "07");
        Assert.True(await store.TryInsertAsync(MinimalRecord(key), default));
        int expected = await HammerIncrementsAsync(nameof(IAttemptStore.TryUpdateAsync), async () =>
        {
            AttemptRecord current = (await store.GetAsync(key, default).ConfigureAwait(false))!;
            return (current.Version, await store.TryUpdateAsync(current with { FailureCount = current.FailureCount + 1 }, current.Version, default).ConfigureAwait(false));
        });

        AttemptRecord final = (await store.GetAsync(key, default))!;
        Assert.True(
            final.FailureCount == expected && final.Version == expected,
            $"TryUpdateAsync lost updates: {expected} increments succeeded, but the stored record has FailureCount {final.FailureCount} and Version {final.Version} (both should be {expected}).");
    }

    /// <summary>Of racing inserts of one key exactly one wins, in every round (a new key each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelInsertsOfOneKey_ExactlyOneWins()
    {
        IAttemptStore store = await NewStoreAsync();
        bool[][] results = await RaceAsync(ConcurrentWriters, ConcurrencyRounds, (round, writer) =>
            store.TryInsertAsync(MinimalRecord(RoundKey(round)) with { FailureCount = writer + 1 }, default));

        for (int round = 0; round < results.Length; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TryInsertAsync is not atomic: {winners} writers inserted the same key in round {round} (exactly one must).");
            Assert.Equal(Array.IndexOf(results[round], true) + 1, (await store.GetAsync(RoundKey(round), default))!.FailureCount);
        }
    }

    /// <summary>Of racing updates with the same expected version exactly one wins, in every round (a new key each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelUpdatesWithSameVersion_ExactlyOneWins()
    {
        IAttemptStore store = await NewStoreAsync();
        int rounds = ConcurrencyRounds;
        for (int round = 0; round < rounds; round++)
        {
            Assert.True(await store.TryInsertAsync(MinimalRecord(RoundKey(round)), default));
        }

        bool[][] results = await RaceAsync(ConcurrentWriters, rounds, (round, writer) =>
            store.TryUpdateAsync(MinimalRecord(RoundKey(round)) with { FailureCount = writer + 1 }, 0, default));

        for (int round = 0; round < rounds; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TryUpdateAsync is not atomic: {winners} writers succeeded at version 0 in round {round} (exactly one must).");
            AttemptRecord final = (await store.GetAsync(RoundKey(round), default))!;
            Assert.Equal(1, final.Version);
            Assert.Equal(Array.IndexOf(results[round], true) + 1, final.FailureCount);
        }
    }

    /// <summary>
    /// A batch is all or nothing: when one write of <see cref="IAttemptStore.TryWriteAsync"/> finds another version (or an
    /// existing record where it inserts), none of the batch's writes is applied, whatever their order.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryWrite_WhenOneWriteConflicts_AppliesNoneOfTheBatch()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey existing = new(TerminalId, "B1");
        AttemptKey fresh = new(TerminalId, "B2");
        Assert.True(await store.TryInsertAsync(MinimalRecord(existing) with { FailureCount = 1 }, default));

        // The conflicting write last, then first: an implementation applying writes one by one fails one of the two.
        bool lastConflicts = await store.TryWriteAsync([AttemptWrite.Insert(MinimalRecord(fresh) with { FailureCount = 9 }), AttemptWrite.Update(MinimalRecord(existing) with { FailureCount = 9 }, 7)], default);
        bool firstConflicts = await store.TryWriteAsync([AttemptWrite.Insert(MinimalRecord(existing) with { FailureCount = 9 }), AttemptWrite.Update(MinimalRecord(fresh) with { FailureCount = 9 }, 0)], default);

        Assert.False(lastConflicts, "TryWriteAsync reported success for a batch whose second write had a stale version.");
        Assert.False(firstConflicts, "TryWriteAsync reported success for a batch whose first write inserted over an existing record.");
        Assert.True(await store.GetAsync(fresh, default) is null, "TryWriteAsync is not atomic: a batch with a conflicting write still inserted its other record.");
        AttemptRecord kept = (await store.GetAsync(existing, default))!;
        Assert.True(kept.FailureCount == 1 && kept.Version == 0, $"TryWriteAsync is not atomic: a conflicting batch changed the existing record (FailureCount {kept.FailureCount}, Version {kept.Version}).");
    }

    /// <summary>
    /// A store that claims <see cref="IAttemptStore.ComparesExpectedRecords"/> refuses an update whose expected record
    /// differs from the stored one in a single field, even at the right version (a record written again after a reset
    /// reaches the same version with other values), and applies none of the batch; with an equal expected record it
    /// writes. A store that does not claim it is never given one: the policy over it writes versions only.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ExpectedRecord_DifferingInOneField_IsRefusedWholeOrNeverSent()
    {
        IAttemptStore store = await NewStoreAsync();
        if (!store.ComparesExpectedRecords)
        {
            var recording = new ExpectedRecordRecorder(store);
            LockoutOptions options = PolicyOptions(5);
            options.TerminalThrottle = new TerminalThrottleOptions { Enabled = true, MaxFailures = 50 };
            var policy = new LockoutPolicy(recording, Options.Create(options), Time);
            var subject = new LockoutSubject(TerminalId, "E0", OperatorRole.Operator);
            for (int i = 0; i < 3; i++)
            {
                AttemptCharge charge = await policy.TryChargeAsync(subject, default);
                _ = await policy.RegisterSuccessAsync(charge, default);
            }

            Assert.True(recording.Writes > 0, "The policy wrote nothing through the store.");
            Assert.False(recording.SawExpectedRecord, "The policy sent AttemptWrite.ExpectedRecord to a store that does not claim ComparesExpectedRecords.");
            return;
        }

        AttemptKey subjectKey = new(TerminalId, "E1");
        AttemptKey fresh = new(TerminalId, "E2");
        Assert.True(await store.TryInsertAsync(DistinctiveRecord(subjectKey) with { IsPermanentlyLocked = false }, default));
        AttemptRecord stored = (await store.GetAsync(subjectKey, default))!;

        // Same key, same version, one field different: what a reset and a rewrite can produce.
        AttemptRecord recycled = stored with { TemporaryLockoutCount = stored.TemporaryLockoutCount + 1 };
        bool refused = await store.TryWriteAsync(
            [AttemptWrite.Update(stored with { FailureCount = 4 }, stored.Version) with { ExpectedRecord = recycled }, AttemptWrite.Insert(MinimalRecord(fresh))],
            default);
        Assert.False(refused, "TryWriteAsync wrote over a record that differs from the expected record in one field (ComparesExpectedRecords is true).");
        Assert.True(await store.GetAsync(fresh, default) is null, "A batch refused on its expected record still inserted its other record.");
        AssertSameRecord(stored, await store.GetAsync(subjectKey, default));

        // The same on the one-write path, and a nullable field that is NULL in one and set in the other.
        Assert.False(await store.TryWriteAsync([AttemptWrite.Update(stored with { FailureCount = 4 }, stored.Version) with { ExpectedRecord = stored with { LockedUntil = null } }], default), "A single write was not compared with its expected record.");

        Assert.True(await store.TryWriteAsync([AttemptWrite.Update(stored with { FailureCount = 4 }, stored.Version) with { ExpectedRecord = stored }], default), "TryWriteAsync refused an update whose expected record equals the stored one.");
        AssertSameRecord(stored with { FailureCount = 4, Version = stored.Version + 1 }, await store.GetAsync(subjectKey, default));
    }

    /// <summary>
    /// Guesses spread over lanes, each lane a policy instance with its own view of the records (the terminal throttle
    /// on, so a lane charges from its view when the store compares whole records): in every round the lanes race wrong
    /// guesses at one operator of the site, and exactly the limit get through. Between rounds a supervisor unlocks the
    /// operator on one lane, so the other lanes' views hold a lock that no longer stands and a failure count that is
    /// out of date: a view trusted for a lock, or written over without a whole-record compare, shows here.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LockoutPolicy_LanesWithTheirOwnViews_RacingWrongGuesses_LetExactlyTheLimitThrough()
    {
        IAttemptStore store = await NewStoreAsync();
        const int limit = 5;
        const int lanes = 4;
        int guessesPerLane = limit + 2;
        int rounds = Math.Max(ConcurrencyRounds / 8, 3);
        LockoutOptions options = PolicyOptions(limit);
        options.Scope = LockoutScope.PerSite;
        options.TerminalThrottle = new TerminalThrottleOptions { Enabled = true, MaxFailures = 1_000_000, Window = TimeSpan.FromDays(1) };
        LockoutPolicy[] policies = [.. Enumerable.Range(0, lanes).Select(_ => new LockoutPolicy(store, Options.Create(options), Time))];
        LockoutSubject On(int lane) => new(TerminalId + lane.ToString(System.Globalization.CultureInfo.InvariantCulture), "V1", OperatorRole.Operator);

        // Each lane signs the operator in once (a charge and its refund), so every lane has a view of both records.
        for (int lane = 0; lane < lanes; lane++)
        {
            AttemptCharge charge = await policies[lane].TryChargeAsync(On(lane), default);
            Assert.True(charge.IsAllowed, "The first sign-in of a lane was refused.");
            await policies[lane].RegisterSuccessAsync(charge, default);
        }

        for (int round = 0; round < rounds; round++)
        {
            int through = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] racing = [.. Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
            {
                await start.Task.ConfigureAwait(false);
                for (int g = 0; g < guessesPerLane; g++)
                {
                    AttemptCharge charge = await policies[lane].TryChargeAsync(On(lane), default).ConfigureAwait(false);
                    if (charge.IsAllowed)
                    {
                        Interlocked.Increment(ref through);
                        await policies[lane].RegisterFailureAsync(charge, default).ConfigureAwait(false);
                    }
                }
            }))];
            start.SetResult();
            await Task.WhenAll(racing);

            Assert.True(through == limit, $"Round {round}: {through} of {lanes * guessesPerLane} wrong guesses spread over {lanes} lanes got through against a limit of {limit}.");
            Assert.Equal(limit, (await store.GetAsync(AttemptKey.ForSite("V1"), default))!.FailureCount);

            // A supervisor on one lane lifts the lock; every other lane still holds it (and an old count) in its view.
            LockoutUnlockResult unlocked = await policies[round % lanes].UnlockAsync(On(round % lanes), new LockoutActor("00", OperatorRole.Supervisor), default);
            Assert.True(unlocked.Succeeded, "The supervisor's unlock failed.");
        }
    }

    /// <summary>Counts the writes the policy sends to a store and whether any carried an expected record.</summary>
    private sealed class ExpectedRecordRecorder(IAttemptStore inner) : IAttemptStore
    {
        private int _writes;
        private int _sawExpected;

        public int Writes => Volatile.Read(ref _writes);

        public bool SawExpectedRecord => Volatile.Read(ref _sawExpected) != 0;

        public bool ComparesExpectedRecords => inner.ComparesExpectedRecords;

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken) => inner.GetPairAsync(first, second, cancellationToken);

        public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken) => inner.TryInsertAsync(record, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken) => inner.TryUpdateAsync(record, expectedVersion, cancellationToken);

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            if (writes.Any(w => w.ExpectedRecord is not null))
            {
                Interlocked.Exchange(ref _sawExpected, 1);
            }

            return inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }

    /// <summary>A batch that applies stores every record of it, each at its new version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryWrite_WhenEveryWriteMatches_AppliesAllOfThem()
    {
        IAttemptStore store = await NewStoreAsync();
        AttemptKey subject = new(TerminalId, "B3");
        AttemptKey bucket = AttemptKey.ForTerminal(TerminalId);
        Assert.True(await store.TryInsertAsync(MinimalRecord(subject), default));

        Assert.True(await store.TryWriteAsync([AttemptWrite.Update(DistinctiveRecord(subject), 0), AttemptWrite.Insert(MinimalRecord(bucket) with { FailureCount = 3 })], default));

        AssertSameRecord(DistinctiveRecord(subject) with { Version = 1 }, await store.GetAsync(subject, default));
        AssertSameRecord(MinimalRecord(bucket) with { FailureCount = 3, Version = 0 }, await store.GetAsync(bucket, default));
    }

    /// <summary>
    /// Racing batches over the same two records (a subject and its throttle, as the policy writes them): in every round
    /// exactly one batch wins, and both records hold that winner's values — never one record from one writer and the
    /// other from another.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelBatchesOverTheSameRecords_ExactlyOneWinsWhole()
    {
        IAttemptStore store = await NewStoreAsync();
        int rounds = ConcurrencyRounds;
        bool[][] results = await RaceAsync(ConcurrentWriters, rounds, (round, writer) =>
            store.TryWriteAsync(
                [
                    AttemptWrite.Insert(MinimalRecord(RoundKey(round)) with { FailureCount = writer + 1 }),
                    AttemptWrite.Insert(MinimalRecord(new AttemptKey("W" + round.ToString(System.Globalization.CultureInfo.InvariantCulture), AttemptKey.TerminalBucketOperatorId)) with { FailureCount = writer + 1 }),
                ],
                default));

        for (int round = 0; round < rounds; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TryWriteAsync is not atomic: {winners} batches over the same records succeeded in round {round} (exactly one must).");
            int winner = Array.IndexOf(results[round], true) + 1;
            int subject = (await store.GetAsync(RoundKey(round), default))!.FailureCount;
            int bucket = (await store.GetAsync(new AttemptKey("W" + round.ToString(System.Globalization.CultureInfo.InvariantCulture), AttemptKey.TerminalBucketOperatorId), default))!.FailureCount;
            Assert.True(subject == winner && bucket == winner, $"TryWriteAsync is not atomic: in round {round} the batch of writer {winner} won, but the records hold {subject} and {bucket}.");
        }
    }

    /// <summary>
    /// Through the real lockout policy, racing charges on one subject never let more than the limit through: every
    /// round a new subject, every writer charging twice.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LockoutPolicy_ParallelCharges_NeverOvershootTheLimit()
    {
        IAttemptStore store = await NewStoreAsync();
        const int limit = 5;
        int writers = Math.Max(ConcurrentWriters, limit + 1);
        int rounds = Math.Max(ConcurrencyRounds / 4, 1);

        int[][] allowed = await RaceAsync(writers, rounds, async (round, _) =>
        {
            var subject = new LockoutSubject(TerminalId, RoundKey(round).OperatorId, OperatorRole.Operator);
            ILockoutPolicy policy = CreatePolicy(store, limit);
            int count = 0;
            for (int i = 0; i < 2; i++)
            {
                AttemptCharge charge = await policy.TryChargeAsync(subject, default).ConfigureAwait(false);
                if (charge.IsAllowed)
                {
                    await policy.RegisterFailureAsync(charge, default).ConfigureAwait(false);
                    count++;
                }
            }

            return count;
        });

        for (int round = 0; round < rounds; round++)
        {
            var subject = new LockoutSubject(TerminalId, RoundKey(round).OperatorId, OperatorRole.Operator);
            int through = allowed[round].Sum();
            Assert.True(through == limit, $"The lockout policy let {through} of {writers * 2} racing charges through in round {round} against a limit of {limit}: the store's compare-and-swap is not atomic.");
            Assert.Equal(limit, (await store.GetAsync(subject.Key, default))!.FailureCount);
            Assert.True((await CreatePolicy(store, limit).GetStatusAsync(subject, default)).IsLocked);
        }
    }

    /// <summary>The key of a concurrency round: operator "R" + the round on <see cref="TerminalId"/>.</summary>
    /// <param name="round">The round.</param>
    /// <returns>The key.</returns>
    protected static AttemptKey RoundKey(int round) => new(TerminalId, "R" + round.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Charge-before-verify: attempts charged without a verdict (the process died before verifying) still count for
    /// a new policy instance over the same data.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LockoutPolicy_ChargeBeforeVerify_SurvivesNewPolicyInstance()
    {
        IAttemptStore store = await NewStoreAsync();
        var subject = new LockoutSubject(TerminalId, "07", OperatorRole.Operator);
        ILockoutPolicy before = CreatePolicy(store, 5);
        Assert.True((await before.TryChargeAsync(subject, default)).IsAllowed);
        Assert.True((await before.TryChargeAsync(subject, default)).IsAllowed);

        ILockoutPolicy after = CreatePolicy(await SecondStoreAsync(store), 5);
        LockoutStatus status = await after.GetStatusAsync(subject, default);
        Assert.Equal(2, status.FailureCount);
        Assert.Equal(3, status.RemainingAttempts);
    }

    /// <summary>A correct PIN refunds the charge: the failure count goes back to zero.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LockoutPolicy_Success_RefundsTheCharge()
    {
        IAttemptStore store = await NewStoreAsync();
        var subject = new LockoutSubject(TerminalId, "07", OperatorRole.Operator);
        ILockoutPolicy policy = CreatePolicy(store, 5);
        await policy.RegisterFailureAsync(await policy.TryChargeAsync(subject, default), default);
        AttemptCharge charge = await policy.TryChargeAsync(subject, default);
        LockoutStatus status = await policy.RegisterSuccessAsync(charge, default);

        Assert.Equal(0, status.FailureCount);
        Assert.Equal(5, status.RemainingAttempts);
        Assert.Equal(0, (await store.GetAsync(subject.Key, default))?.FailureCount ?? 0);
    }

    /// <summary>A temporary lock holds until the fake clock passes its wait, then an attempt is allowed again.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LockoutPolicy_TemporaryLock_EndsWhenTheClockPassesTheWait()
    {
        IAttemptStore store = await NewStoreAsync();
        var subject = new LockoutSubject(TerminalId, "07", OperatorRole.Operator);
        ILockoutPolicy policy = CreatePolicy(store, 3);
        for (int i = 0; i < 3; i++)
        {
            AttemptCharge charge = await policy.TryChargeAsync(subject, default);
            Assert.True(charge.IsAllowed);
            await policy.RegisterFailureAsync(charge, default);
        }

        Assert.False((await policy.TryChargeAsync(subject, default)).IsAllowed);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await policy.TryChargeAsync(subject, default)).IsAllowed);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.True((await policy.TryChargeAsync(subject, default)).IsAllowed);
    }

    /// <summary>A change through one instance is seen by a second instance over the same data, and CAS holds across them.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SecondInstance_SeesChangesAndHonoursVersion()
    {
        IAttemptStore first = await NewStoreAsync();
        IAttemptStore second = await SecondStoreAsync(first);
        AttemptRecord record = DistinctiveRecord();
        Assert.True(await first.TryInsertAsync(record, default));
        AssertSameRecord(record with { Version = 0 }, await second.GetAsync(record.Key, default));
        Assert.False(await second.TryInsertAsync(MinimalRecord(record.Key), default));

        Assert.True(await second.TryUpdateAsync(MinimalRecord(record.Key), 0, default));
        Assert.False(await first.TryUpdateAsync(record, 0, default));
        AssertSameRecord(MinimalRecord(record.Key) with { Version = 1 }, await first.GetAsync(record.Key, default));

        Assert.True(await second.DeleteAsync(record.Key, default));
        Assert.Null(await first.GetAsync(record.Key, default));
    }
}
