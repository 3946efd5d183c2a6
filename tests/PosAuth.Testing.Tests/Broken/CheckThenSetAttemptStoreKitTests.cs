namespace PosAuth.Testing.Tests.Broken;

/// <summary>TEMPORARY probe: the whole attempt kit against the broken check-then-set store (must fail somewhere).</summary>
public sealed class CheckThenSetAttemptStoreKitProbe : AttemptStoreConformanceTests
{
    protected override Task<PosAuth.Lockout.IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<PosAuth.Lockout.IAttemptStore>(new CheckThenSetAttemptStore());
}
