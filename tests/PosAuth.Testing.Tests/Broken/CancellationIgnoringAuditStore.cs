
using PosAuth.Storage;
namespace PosAuth.Testing.Tests.Broken;

/// <summary>BROKEN on purpose: ignores the cancellation token, so a cancelled append is still written.</summary>
internal sealed class CancellationIgnoringAuditStore : IAuditStore
{
    private readonly InMemoryAuditStore _inner = new();

    public ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => _inner.AppendAsync(auditEvent, default);

    public ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(afterSequence, maxCount, default);

    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _inner.ClearAsync(default);
}
