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

    /// <summary>How many operations the concurrency facts run in parallel. Default: 100.</summary>
    protected virtual int ParallelOperations => 100;

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

    private void Track(TStore store)
    {
        if (!_created.Any(o => ReferenceEquals(o, store)))
        {
            _created.Add(store);
        }
    }
}
