using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth.Testing.Tests.SignIn;

/// <summary>The kit over a sign-in store that keeps the default <see cref="ISignInStore.TryChargeAsync"/> (read, then write).</summary>
public sealed class InMemorySignInStoreConformanceTests : SignInStoreConformanceTests
{
    protected override Task<ISignInStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<ISignInStore>(new InMemorySignInStore());
}

/// <summary>
/// A sign-in store over the in-memory stores that commits one store at a time (an integrator's composition without a
/// transaction of its own): attempts all or none, then the account and the audit. Its charge is the interface default.
/// </summary>
internal class InMemorySignInStore : ISignInStore
{
    private readonly InMemoryAttemptStore _attempts = new();
    private readonly InMemoryAuditStore _audit = new();
    private readonly InMemoryOperatorStore _operators = new();

    public IAttemptStore AttemptStore => _attempts;

    public IAuditStore AuditStore => _audit;

    public IOperatorStore OperatorStore => _operators;

    public async ValueTask<SignInCommitResult> TryCommitAsync(SignInCommit commit, CancellationToken cancellationToken = default)
    {
        if (commit.AttemptWrites.Count > 0 && !await _attempts.TryWriteAsync(commit.AttemptWrites, cancellationToken))
        {
            return new SignInCommitResult(false, false);
        }

        bool updated = commit.AccountUpdate is { } a && await _operators.TryUpdateAsync(a, commit.AccountExpectedVersion, cancellationToken);
        foreach (AuditEvent e in (updated ? commit.AccountAuditEvents : []).Concat(commit.AuditEvents))
        {
            await _audit.AppendAsync(e, cancellationToken);
        }

        return new SignInCommitResult(true, updated);
    }
}
