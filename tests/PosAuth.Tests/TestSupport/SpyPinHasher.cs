using PosAuth.Hashing;

namespace PosAuth.Tests.TestSupport;

/// <summary>Wraps a real hasher and counts KDF work (Hash and Verify calls); can run a hook inside Verify.</summary>
public sealed class SpyPinHasher(IPinHasher inner) : IPinHasher
{
    private int _hashCalls;
    private int _verifyCalls;

    public int HashCalls => Volatile.Read(ref _hashCalls);

    public int VerifyCalls => Volatile.Read(ref _verifyCalls);

    public int KdfCalls => HashCalls + VerifyCalls;

    /// <summary>Runs inside Verify, before the real verification (to observe state, or to simulate a crash).</summary>
    public Action? OnVerify { get; set; }

    public string Hash(ReadOnlySpan<char> pin)
    {
        Interlocked.Increment(ref _hashCalls);
        return inner.Hash(pin);
    }

    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
    {
        Interlocked.Increment(ref _verifyCalls);
        OnVerify?.Invoke();
        return inner.Verify(storedHash, pin);
    }

    public PinHashInspection Inspect(string storedHash) => inner.Inspect(storedHash);
}
