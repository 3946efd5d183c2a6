using PosAuth.Sessions;
using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// Conformance facts for an <see cref="ISessionStore"/>: round trip of every field, not-found behaviour, the
/// insert-or-compare-and-swap save, delete, cancellation and concurrency (no lost updates).
/// </summary>
public abstract class SessionStoreConformanceTests : StoreConformanceTests<ISessionStore>
{
    /// <summary>The terminal used by the facts.</summary>
    protected const string TerminalId = "T0001234";

    /// <summary>A snapshot with a distinctive value in every field.</summary>
    /// <param name="version">The snapshot's version.</param>
    /// <param name="terminalId">The terminal; default <see cref="TerminalId"/>.</param>
    /// <returns>The snapshot.</returns>
    protected TerminalSession DistinctiveSession(long version = 1, string terminalId = TerminalId)
    {
        DateTimeOffset now = Time.GetUtcNow();
        return new TerminalSession
        {
            TerminalId = terminalId,
            State = TerminalSessionState.Maintenance,
            OperatorId = "07",
            OperatorRole = OperatorRole.Supervisor,
            BatchNumber = 999_998,
            BatchOpen = true,
            ShiftNumber = 4_321,
            SessionStartedAt = now.AddHours(-3).AddTicks(1),
            OperatorSignedInAt = now.AddHours(-2).AddTicks(2),
            HostSignedInAt = now.AddHours(-1).AddTicks(3),
            LastActivityAt = now.AddMinutes(-3).AddTicks(4),
            LastTransitionAt = now.AddMinutes(-2).AddTicks(5),
            SignInRequiredReason = SignInRequiredReason.MacOrPinKeyError,
            SignInRequiredResponseCode = "A0",
            StateBeforeLock = TerminalSessionState.OperatorSignedIn,
            StateBeforeMaintenance = TerminalSessionState.Ready,
            LastHostSucceeded = false,
            LastHostResponseCode = "77",
            LastHostFailureReason = "主机拒绝：需要重新签到",
            LastHostExchangeAt = now.AddMinutes(-1).AddTicks(6),
            Version = version,
        };
    }

    /// <summary>A snapshot with every optional field empty.</summary>
    /// <param name="version">The snapshot's version.</param>
    /// <param name="terminalId">The terminal; default <see cref="TerminalId"/>.</param>
    /// <returns>The snapshot.</returns>
    protected static TerminalSession MinimalSession(long version = 1, string terminalId = TerminalId) =>
        new() { TerminalId = terminalId, Version = version };

    /// <summary>Asserts that two snapshots are equal field by field (instants by instant).</summary>
    /// <param name="expected">The expected snapshot.</param>
    /// <param name="actual">The actual snapshot.</param>
    protected static void AssertSameSession(TerminalSession expected, TerminalSession? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.TerminalId, actual.TerminalId);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.OperatorId, actual.OperatorId);
        Assert.Equal(expected.OperatorRole, actual.OperatorRole);
        Assert.Equal(expected.BatchNumber, actual.BatchNumber);
        Assert.Equal(expected.BatchOpen, actual.BatchOpen);
        Assert.Equal(expected.ShiftNumber, actual.ShiftNumber);
        Assert.Equal(expected.SessionStartedAt, actual.SessionStartedAt);
        Assert.Equal(expected.OperatorSignedInAt, actual.OperatorSignedInAt);
        Assert.Equal(expected.HostSignedInAt, actual.HostSignedInAt);
        Assert.Equal(expected.LastActivityAt, actual.LastActivityAt);
        Assert.Equal(expected.LastTransitionAt, actual.LastTransitionAt);
        Assert.Equal(expected.SignInRequiredReason, actual.SignInRequiredReason);
        Assert.Equal(expected.SignInRequiredResponseCode, actual.SignInRequiredResponseCode);
        Assert.Equal(expected.StateBeforeLock, actual.StateBeforeLock);
        Assert.Equal(expected.StateBeforeMaintenance, actual.StateBeforeMaintenance);
        Assert.Equal(expected.LastHostSucceeded, actual.LastHostSucceeded);
        Assert.Equal(expected.LastHostResponseCode, actual.LastHostResponseCode);
        Assert.Equal(expected.LastHostFailureReason, actual.LastHostFailureReason);
        Assert.Equal(expected.LastHostExchangeAt, actual.LastHostExchangeAt);
        Assert.Equal(expected.Version, actual.Version);
    }

    /// <summary>An unknown terminal has no snapshot.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Get_WhenMissing_ReturnsNull()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.Null(await store.GetAsync(TerminalId, default));
    }

    /// <summary>Every field survives an insert (expected version 0) and get.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_Insert_ThenGet_RoundTripsEveryField()
    {
        ISessionStore store = await NewStoreAsync();
        TerminalSession session = DistinctiveSession();
        Assert.True(await store.TrySaveAsync(session, 0, default));
        AssertSameSession(session, await store.GetAsync(TerminalId, default));
    }

    /// <summary>Nulls and defaults survive a round trip (and "true" in the nullable flag does too).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_Insert_RoundTripsEmptyOptionalFields()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(), 0, default));
        AssertSameSession(MinimalSession(), await store.GetAsync(TerminalId, default));

        TerminalSession succeeded = MinimalSession(2) with { LastHostSucceeded = true };
        Assert.True(await store.TrySaveAsync(succeeded, 1, default));
        AssertSameSession(succeeded, await store.GetAsync(TerminalId, default));
    }

    /// <summary>Every state survives a round trip.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_RoundTripsEveryState()
    {
        ISessionStore store = await NewStoreAsync();
        foreach (TerminalSessionState state in Enum.GetValues<TerminalSessionState>())
        {
            TerminalSession session = MinimalSession(terminalId: "S" + (int)state) with { State = state, StateBeforeLock = state };
            Assert.True(await store.TrySaveAsync(session, 0, default));
            AssertSameSession(session, await store.GetAsync(session.TerminalId, default));
        }
    }

    /// <summary>Inserting over an existing snapshot returns false and keeps the original.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_InsertWhenExists_ReturnsFalseAndKeepsOriginal()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(DistinctiveSession(), 0, default));
        Assert.False(await store.TrySaveAsync(MinimalSession(), 0, default));
        AssertSameSession(DistinctiveSession(), await store.GetAsync(TerminalId, default));
    }

    /// <summary>A save with the current version stores every field.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_WithCurrentVersion_StoresEveryField()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(1), 0, default));
        Assert.True(await store.TrySaveAsync(DistinctiveSession(2), 1, default));
        AssertSameSession(DistinctiveSession(2), await store.GetAsync(TerminalId, default));
        Assert.True(await store.TrySaveAsync(MinimalSession(3), 2, default));
        AssertSameSession(MinimalSession(3), await store.GetAsync(TerminalId, default));
    }

    /// <summary>A save with a stale (or future) version returns false and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_WithStaleVersion_ReturnsFalseAndChangesNothing()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(1), 0, default));
        Assert.True(await store.TrySaveAsync(DistinctiveSession(2), 1, default));
        Assert.False(await store.TrySaveAsync(MinimalSession(2) with { ShiftNumber = 99 }, 1, default));
        Assert.False(await store.TrySaveAsync(MinimalSession(4) with { ShiftNumber = 98 }, 3, default));
        AssertSameSession(DistinctiveSession(2), await store.GetAsync(TerminalId, default));
    }

    /// <summary>An update of a missing snapshot returns false and creates nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TrySave_UpdateWhenMissing_ReturnsFalseAndCreatesNothing()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.False(await store.TrySaveAsync(DistinctiveSession(2), 1, default));
        Assert.Null(await store.GetAsync(TerminalId, default));
    }

    /// <summary>Terminals are separate: saving one does not touch another, and ids are case-sensitive.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Terminals_AreSeparateAndCaseSensitive()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(terminalId: "t1") with { ShiftNumber = 1 }, 0, default));
        Assert.True(await store.TrySaveAsync(MinimalSession(terminalId: "T1") with { ShiftNumber = 2 }, 0, default));
        Assert.Equal(1, (await store.GetAsync("t1", default))!.ShiftNumber);
        Assert.Equal(2, (await store.GetAsync("T1", default))!.ShiftNumber);
    }

    /// <summary>Delete removes the snapshot and reports it; deleting again returns false.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Delete_RemovesOnlyThatTerminal()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(), 0, default));
        Assert.True(await store.TrySaveAsync(MinimalSession(terminalId: "T2"), 0, default));
        Assert.True(await store.DeleteAsync(TerminalId, default));
        Assert.False(await store.DeleteAsync(TerminalId, default));
        Assert.Null(await store.GetAsync(TerminalId, default));
        Assert.NotNull(await store.GetAsync("T2", default));
        Assert.True(await store.TrySaveAsync(DistinctiveSession(), 0, default));
        AssertSameSession(DistinctiveSession(), await store.GetAsync(TerminalId, default));
    }

    /// <summary>Delete-all (factory reset) removes every snapshot.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DeleteAll_RemovesEverySnapshot()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(), 0, default));
        Assert.True(await store.TrySaveAsync(MinimalSession(terminalId: "T2"), 0, default));
        await store.DeleteAllAsync(default);
        Assert.Null(await store.GetAsync(TerminalId, default));
        Assert.Null(await store.GetAsync("T2", default));
    }

    /// <summary>A cancelled token is honoured by every method, and a cancelled write changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EveryMethod_WhenCancelled_ThrowsAndChangesNothing()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(DistinctiveSession(), 0, default));
        CancellationToken cancelled = CancelledToken();

        await AssertCanceledAsync(async () => await store.GetAsync(TerminalId, cancelled));
        await AssertCanceledAsync(async () => await store.TrySaveAsync(MinimalSession(terminalId: "T2"), 0, cancelled));
        await AssertCanceledAsync(async () => await store.TrySaveAsync(MinimalSession(2), 1, cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAsync(TerminalId, cancelled));
        await AssertCanceledAsync(async () => await store.DeleteAllAsync(cancelled));

        Assert.Null(await store.GetAsync("T2", default));
        AssertSameSession(DistinctiveSession(), await store.GetAsync(TerminalId, default));
    }

    /// <summary>
    /// Racing read-modify-save loops with retry lose no update: <see cref="StoreConformanceTests{TStore}.ConcurrentWriters"/>
    /// writers, started together, each add one at least <see cref="StoreConformanceTests{TStore}.ConcurrencyRounds"/>
    /// times back to back; no two of them may succeed from the same version, and the stored count is exactly the number
    /// of successes.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelCompareAndSwapIncrements_LoseNoUpdate()
    {
        ISessionStore store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MinimalSession(1) with { ShiftNumber = 0 }, 0, default));
        int expected = await HammerIncrementsAsync(nameof(ISessionStore.TrySaveAsync), async () =>
        {
            TerminalSession current = (await store.GetAsync(TerminalId, default).ConfigureAwait(false))!;
            TerminalSession next = current with { ShiftNumber = current.ShiftNumber + 1, Version = current.Version + 1 };
            return (current.Version, await store.TrySaveAsync(next, current.Version, default).ConfigureAwait(false));
        });

        TerminalSession final = (await store.GetAsync(TerminalId, default))!;
        Assert.True(
            final.ShiftNumber == expected && final.Version == expected + 1,
            $"TrySaveAsync lost updates: {expected} increments succeeded, but the stored ShiftNumber is {final.ShiftNumber} at Version {final.Version} (expected {expected} at {expected + 1}).");
    }

    /// <summary>Of racing first saves (expected version 0) of one terminal exactly one wins, in every round (a new terminal each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelInserts_ExactlyOneWins()
    {
        ISessionStore store = await NewStoreAsync();
        bool[][] results = await RaceAsync(ConcurrentWriters, ConcurrencyRounds, (round, writer) =>
            store.TrySaveAsync(MinimalSession(terminalId: RoundTerminal(round)) with { ShiftNumber = writer + 1 }, 0, default));

        for (int round = 0; round < results.Length; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TrySaveAsync is not atomic: {winners} writers inserted terminal {RoundTerminal(round)} in round {round} (exactly one must).");
            Assert.Equal(Array.IndexOf(results[round], true) + 1, (await store.GetAsync(RoundTerminal(round), default))!.ShiftNumber);
        }
    }

    /// <summary>Of racing saves with the same expected version exactly one wins, in every round (a new terminal each round).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ParallelSavesWithSameVersion_ExactlyOneWins()
    {
        ISessionStore store = await NewStoreAsync();
        int rounds = ConcurrencyRounds;
        for (int round = 0; round < rounds; round++)
        {
            Assert.True(await store.TrySaveAsync(MinimalSession(1, RoundTerminal(round)), 0, default));
        }

        bool[][] results = await RaceAsync(ConcurrentWriters, rounds, (round, writer) =>
            store.TrySaveAsync(MinimalSession(2, RoundTerminal(round)) with { ShiftNumber = writer + 1 }, 1, default));

        for (int round = 0; round < rounds; round++)
        {
            int winners = results[round].Count(r => r);
            Assert.True(winners == 1, $"TrySaveAsync is not atomic: {winners} writers succeeded at version 1 in round {round} (exactly one must).");
            Assert.Equal(Array.IndexOf(results[round], true) + 1, (await store.GetAsync(RoundTerminal(round), default))!.ShiftNumber);
        }
    }

    /// <summary>The terminal of a concurrency round: "R" + the round.</summary>
    /// <param name="round">The round.</param>
    /// <returns>The terminal id.</returns>
    protected static string RoundTerminal(int round) => "R" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A change through one instance is seen by a second instance over the same data, and CAS holds across them.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SecondInstance_SeesChangesAndHonoursVersion()
    {
        ISessionStore first = await NewStoreAsync();
        ISessionStore second = await SecondStoreAsync(first);
        Assert.True(await first.TrySaveAsync(DistinctiveSession(), 0, default));
        AssertSameSession(DistinctiveSession(), await second.GetAsync(TerminalId, default));
        Assert.False(await second.TrySaveAsync(MinimalSession(), 0, default));
        Assert.True(await second.TrySaveAsync(MinimalSession(2), 1, default));
        Assert.False(await first.TrySaveAsync(DistinctiveSession(2), 1, default));
        AssertSameSession(MinimalSession(2), await first.GetAsync(TerminalId, default));
        Assert.True(await second.DeleteAsync(TerminalId, default));
        Assert.Null(await first.GetAsync(TerminalId, default));
    }
}
