namespace PosAuth.Lockout.Tests.TestSupport;

/// <summary>
/// Wraps a store so that every operation completes asynchronously, as a database-backed store does;
/// exercises the policy's asynchronous paths and widens race windows.
/// </summary>
internal sealed class YieldingAttemptStore(IAttemptStore inner) : IAttemptStore
{
    public async ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.GetAsync(key, cancellationToken);
    }

    public async ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.TryWriteAsync(writes, cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.DeleteAsync(key, cancellationToken);
    }

    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await inner.DeleteAllAsync(cancellationToken);
    }
}
