namespace PosAuth.Hashing;

/// <summary>
/// The KDF work one verification ran, in the units of its primitive, so that every format a <see cref="PinHasher"/>
/// reads can top the verification up to its own configured cost (<see cref="IPinHashFormat.RunRemainingCost"/>).
/// Work counts toward a cost only when it is the same primitive at the same memory: nothing else converts honestly
/// (how a SHA-256 iteration compares with a SHA-512 one depends on the CPU).
/// </summary>
/// <param name="Kdf">The primitive: <c>pbkdf2-sha512</c>, <c>pbkdf2-sha256</c>, <c>pbkdf2-sha1</c>, <c>argon2id</c>; <see langword="null"/> when no KDF ran.</param>
/// <param name="MemorySize">Memory in KiB (Argon2id); 0 for PBKDF2.</param>
/// <param name="Units">PBKDF2: iterations × output blocks; Argon2id: passes.</param>
public readonly record struct PinHashWork(string? Kdf, long MemorySize, long Units)
{
    /// <summary>The units of this work that are of <paramref name="kdf"/> at <paramref name="memorySize"/>, or 0.</summary>
    /// <param name="kdf">The primitive of a configured cost.</param>
    /// <param name="memorySize">Its memory in KiB (0 for PBKDF2).</param>
    /// <returns>The units that count toward that cost.</returns>
    public long UnitsOf(string kdf, long memorySize) =>
        MemorySize == memorySize && string.Equals(Kdf, kdf, StringComparison.Ordinal) ? Units : 0;
}
