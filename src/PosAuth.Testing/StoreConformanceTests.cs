using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// The common part of the conformance test bases: the creation hooks, the fake clock, and disposal of every store
/// a fact created. Derive from one of <see cref="OperatorStoreConformanceTests"/>,
/// <see cref="AttemptStoreConformanceTests"/>, <see cref="SessionStoreConformanceTests"/> or
/// <see cref="AuditStoreConformanceTests"/>, not from this class.
/// </summary>
/// <typeparam name="TStore">The store interface under test.</typeparam>
/// <remarks>
/// xunit creates a new instance of the test class for every fact, so each fact gets a fresh clock; every call to
/// <see cref="CreateStoreAsync"/> must return a store over new, empty data.
/// </remarks>
public abstract class StoreConformanceTests<TStore> : IAsyncLifetime
    where TStore : class
{
    private readonly List<object> _created = [];
    private ManualTimeProvider? _time;

    /// <summary>The fake clock of this fact, from <see cref="CreateTimeProvider"/>; also passed to the creation hooks.</summary>
    protected ManualTimeProvider Time => _time ??= CreateTimeProvider();

    /// <summary>
    /// How many writers the concurrency facts start together, each on its own thread, released by one barrier at the
    /// start of every round. Default: 8. More writers than cores is on purpose: a writer preempted inside a
    /// non-atomic compare-and-swap is as good a witness as two running at once.
    /// </summary>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>
    /// How many rounds the concurrency facts run (every writer races once per round). Default: 200. A synchronous
    /// check-then-set compare-and-swap has a window of a few instructions; many short races find it where one long one
    /// does not (at 200 rounds the kit's own broken store fails every run). Lower it only for a store too slow for
    /// the default (each round costs about <see cref="ConcurrentWriters"/> durable writes), and know that fewer rounds
    /// catch less.
    /// </summary>
    protected virtual int ConcurrencyRounds => 200;

    /// <summary>Creates the store under test, over new, empty data.</summary>
    /// <param name="timeProvider">The fact's clock, for stores that read time themselves.</param>
    /// <returns>The store. If it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/> it is disposed after the fact.</returns>
    protected abstract Task<TStore> CreateStoreAsync(TimeProvider timeProvider);

    /// <summary>
    /// Creates a second store instance over the same data as <paramref name="first"/> (a new connection, a new object
    /// over the same file or database), for the facts that check changes are visible and compare-and-swap holds across
    /// instances. Default: returns <paramref name="first"/> itself, which suits a store whose data lives only in that
    /// object (in-memory stores); durable stores should override it.
    /// </summary>
    /// <param name="first">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <param name="timeProvider">The fact's clock.</param>
    /// <returns>The second store. If it is disposable and not <paramref name="first"/> it is disposed after the fact.</returns>
    protected virtual Task<TStore> CreateSecondStoreOverSameDataAsync(TStore first, TimeProvider timeProvider) => Task.FromResult(first);

    /// <summary>Creates the fact's clock. Default: a <see cref="ManualTimeProvider"/> at 2026-01-05 09:00 UTC.</summary>
    /// <returns>The clock.</returns>
    protected virtual ManualTimeProvider CreateTimeProvider() => new();

    /// <summary>Nothing to do before a fact.</summary>
    /// <returns>A completed task.</returns>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes every store the fact created, the second ones first.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public virtual async Task DisposeAsync()
    {
        for (int i = _created.Count - 1; i >= 0; i--)
        {
            switch (_created[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _created.Clear();
    }

    /// <summary>Calls <see cref="CreateStoreAsync"/> and remembers the store for disposal.</summary>
    /// <returns>The new store.</returns>
    protected async Task<TStore> NewStoreAsync()
    {
        TStore store = await CreateStoreAsync(Time).ConfigureAwait(false);
        Assert.NotNull(store);
        Track(store);
        return store;
    }

    /// <summary>Calls <see cref="CreateSecondStoreOverSameDataAsync"/> and remembers the store for disposal.</summary>
    /// <param name="first">The first store.</param>
    /// <returns>The second store.</returns>
    protected async Task<TStore> SecondStoreAsync(TStore first)
    {
        TStore second = await CreateSecondStoreOverSameDataAsync(first, Time).ConfigureAwait(false);
        Assert.NotNull(second);
        Track(second);
        return second;
    }

    /// <summary>A token that is already cancelled.</summary>
    /// <returns>The token.</returns>
    protected static CancellationToken CancelledToken() => new(canceled: true);

    /// <summary>Asserts that <paramref name="action"/> throws an <see cref="OperationCanceledException"/> (or a subclass).</summary>
    /// <param name="action">The operation, started with a cancelled token.</param>
    /// <returns>A task that completes when checked.</returns>
    protected static async Task AssertCanceledAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(action).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="body"/> on the thread pool at once.</summary>
    /// <param name="count">How many.</param>
    /// <param name="body">The operation, given its index.</param>
    /// <returns>The results, by index.</returns>
    protected static async Task<T[]> RunInParallelAsync<T>(int count, Func<int, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task<T>[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            tasks[i] = Task.Run(async () =>
            {
                await start.Task.ConfigureAwait(false);
                return await body(index).ConfigureAwait(false);
            });
        }

        start.SetResult();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// Races <paramref name="writers"/> writers for <paramref name="rounds"/> rounds: each writer runs on its own
    /// thread, and every round all of them are released together by a <see cref="Barrier"/> and call
    /// <paramref name="body"/> once (for facts where the writers of one round must meet on one key). An asynchronous
    /// store call is waited for on the writer's thread. An exception in one call does not stop the others; the first
    /// is rethrown at the end.
    /// </summary>
    /// <typeparam name="T">What each call returns.</typeparam>
    /// <param name="writers">How many writers (threads).</param>
    /// <param name="rounds">How many rounds.</param>
    /// <param name="body">One writer's operation in one round, given (round, writer).</param>
    /// <returns>The results, by round then writer.</returns>
    protected static async Task<T[][]> RaceAsync<T>(int writers, int rounds, Func<int, int, ValueTask<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var results = new T[rounds][];
        for (int r = 0; r < rounds; r++)
        {
            results[r] = new T[writers];
        }

        using var barrier = new Barrier(writers);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource[writers];
        for (int w = 0; w < writers; w++)
        {
            int writer = w;
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done[w] = completion;
            var thread = new Thread(() =>
            {
                for (int round = 0; round < rounds; round++)
                {
                    barrier.SignalAndWait();
                    try
                    {
                        ValueTask<T> pending = body(round, writer);
                        results[round][writer] = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
                    }
#pragma warning disable CA1031 // Collected and rethrown after every writer finished (a writer leaving early would hang the barrier).
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        errors.Enqueue(ex);
                    }
                }

                completion.SetResult();
            })
            {
                IsBackground = true,
                Name = "PosAuth.Testing writer " + writer,
            };
            thread.Start();
        }

        await Task.WhenAll(done.Select(d => d.Task)).ConfigureAwait(false);
        if (errors.TryDequeue(out Exception? first))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }

    /// <summary>
    /// Hammers the store: <paramref name="writers"/> writers, each on its own thread, start together (a
    /// <see cref="Barrier"/>) and call <paramref name="body"/> back to back. Each makes at least
    /// <paramref name="minimumCalls"/> calls, and goes on (up to <paramref name="maximumCalls"/>) while another writer
    /// has not made its minimum yet or <paramref name="keepGoing"/> says so, so all of them run at once for at least the
    /// time the slowest takes. Back-to-back calls keep two writers inside a short synchronous window far more often
    /// than wake-ups from a barrier do: this is what finds a check-then-set with no <c>await</c> in its gap. An
    /// asynchronous store call is waited for on the writer's thread. An exception stops that writer only; the first is
    /// rethrown at the end.
    /// </summary>
    /// <typeparam name="T">What each call returns.</typeparam>
    /// <param name="writers">How many writers (threads).</param>
    /// <param name="minimumCalls">How many calls each writer makes at least.</param>
    /// <param name="maximumCalls">How many calls each writer makes at most.</param>
    /// <param name="keepGoing">Whether the writers should go on past their minimum (e.g. until enough contention was seen).</param>
    /// <param name="body">One call, given the writer.</param>
    /// <returns>Every writer's results, in call order.</returns>
    protected static async Task<IReadOnlyList<T>[]> HammerAsync<T>(int writers, int minimumCalls, int maximumCalls, Func<bool> keepGoing, Func<int, ValueTask<T>> body)
    {
        ArgumentNullException.ThrowIfNull(keepGoing);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumCalls);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumCalls, minimumCalls);
        var results = new List<T>[writers];
        using var barrier = new Barrier(writers);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource[writers];
        int finished = 0;
        for (int w = 0; w < writers; w++)
        {
            int writer = w;
            var mine = new List<T>(minimumCalls);
            results[w] = mine;
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done[w] = completion;
            var thread = new Thread(() =>
            {
                barrier.SignalAndWait();
                try
                {
                    while (mine.Count < minimumCalls || (mine.Count < maximumCalls && (Volatile.Read(ref finished) < writers || keepGoing())))
                    {
                        ValueTask<T> pending = body(writer);
                        mine.Add(pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult());
                        if (mine.Count == minimumCalls)
                        {
                            Interlocked.Increment(ref finished);
                        }
                    }
                }
#pragma warning disable CA1031 // Collected and rethrown after every writer finished.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    errors.Enqueue(ex);
                    if (mine.Count < minimumCalls)
                    {
                        Interlocked.Increment(ref finished);
                    }
                }

                completion.SetResult();
            })
            {
                IsBackground = true,
                Name = "PosAuth.Testing writer " + writer,
            };
            thread.Start();
        }

        await Task.WhenAll(done.Select(d => d.Task)).ConfigureAwait(false);
        if (errors.TryDequeue(out Exception? first))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }

    /// <summary>
    /// The read-modify-write stress behind the <c>ParallelCompareAndSwapIncrements_LoseNoUpdate</c> facts:
    /// <see cref="ConcurrentWriters"/> writers each add one at least <see cref="ConcurrencyRounds"/> times, and go on
    /// until <see cref="RequiredConflicts"/> compare-and-swaps have failed because another writer got there first (that
    /// is evidence the writers really interleaved, on one core or many), or until a hard cap of 500 times the rounds.
    /// Then no two writers may have succeeded from the same version.
    /// </summary>
    /// <param name="operation">The compare-and-swap's name, for the messages.</param>
    /// <param name="increment">One increment attempt: read, add one, compare-and-swap; returns the version it expected and whether it succeeded.</param>
    /// <returns>How many increments succeeded.</returns>
    protected async Task<int> HammerIncrementsAsync(string operation, Func<ValueTask<(long ExpectedVersion, bool Succeeded)>> increment)
    {
        ArgumentNullException.ThrowIfNull(increment);
        int conflicts = 0;
        int duplicates = 0;
        int required = RequiredConflicts;
        var winners = new System.Collections.Concurrent.ConcurrentDictionary<long, bool>();
        IReadOnlyList<long>[] won = await HammerAsync(
            ConcurrentWriters,
            ConcurrencyRounds,
            ConcurrencyRounds * 500,
            () => Volatile.Read(ref conflicts) < required && Volatile.Read(ref duplicates) == 0,
            async _ =>
            {
                while (true)
                {
                    (long expected, bool succeeded) = await increment().ConfigureAwait(false);
                    if (succeeded)
                    {
                        if (!winners.TryAdd(expected, true))
                        {
                            Interlocked.Increment(ref duplicates); // already broken: no need to go on past the minimum
                        }

                        return expected;
                    }

                    Interlocked.Increment(ref conflicts);
                }
            }).ConfigureAwait(false);

        AssertNoTwoWinnersAtOneVersion(operation, won.SelectMany(w => w));
        return won.Sum(w => w.Count);
    }

    /// <summary>
    /// How many failed compare-and-swaps (another writer was first) the increment stress waits for before it stops,
    /// as evidence that the writers interleaved. Default: 200.
    /// </summary>
    protected virtual int RequiredConflicts => 200;

    /// <summary>
    /// Fails when two successful compare-and-swaps started from the same version (each writer reports the version it
    /// expected when it succeeded): the store's <paramref name="operation"/> is then not atomic.
    /// </summary>
    /// <param name="operation">The operation's name for the message, e.g. <c>TryUpdateAsync</c>.</param>
    /// <param name="successfulExpectedVersions">Every expected version with which a writer succeeded.</param>
    protected static void AssertNoTwoWinnersAtOneVersion(string operation, IEnumerable<long> successfulExpectedVersions)
    {
        ArgumentNullException.ThrowIfNull(successfulExpectedVersions);
        IGrouping<long, long>? twice = successfulExpectedVersions.GroupBy(v => v).Where(g => g.Count() > 1).OrderBy(g => g.Key).FirstOrDefault();
        if (twice is not null)
        {
            int more = successfulExpectedVersions.GroupBy(v => v).Count(g => g.Count() > 1) - 1;
            Assert.Fail(
                $"{operation} is not atomic: {twice.Count()} writers {(twice.Count() == 2 ? "both" : "all")} succeeded at version {twice.Key}" +
                (more > 0 ? $" (and the same at {more} other versions)" : string.Empty) +
                ". A compare-and-swap must check the version and write in one atomic step (one UPDATE … WHERE version = @v, a lock around both, or an interlocked exchange).");
        }
    }

    private void Track(TStore store)
    {
        if (!_created.Any(o => ReferenceEquals(o, store)))
        {
            _created.Add(store);
        }
    }
}
