using System.Security.Cryptography;

namespace PosAuth;

/// <summary>
/// A one-time PIN returned to whoever must see it (the issuing supervisor, or the terminal screen after an offline
/// unlock) exactly once: only its hash is stored. <see cref="ToString"/> never prints it; <see cref="Dispose"/>
/// wipes it. Show it with <see cref="AsSpan"/>, then dispose.
/// </summary>
public sealed class TemporaryPin : IDisposable
{
    private readonly char[] _digits;
    private bool _disposed;

    /// <summary>Creates a temporary PIN from a copy of <paramref name="digits"/> (for test doubles of the recovery services).</summary>
    /// <param name="digits">The PIN digits.</param>
    /// <param name="operatorId">The operator the PIN belongs to.</param>
    /// <param name="expiresAt">When the PIN stops being accepted.</param>
    public TemporaryPin(ReadOnlySpan<char> digits, string operatorId, DateTimeOffset expiresAt)
        : this(operatorId ?? throw new ArgumentNullException(nameof(operatorId)), expiresAt, digits.ToArray())
    {
    }

    private TemporaryPin(string operatorId, DateTimeOffset expiresAt, char[] digits)
    {
        _digits = digits;
        OperatorId = operatorId;
        ExpiresAt = expiresAt;
    }

    /// <summary>Wraps <paramref name="digits"/> without copying: the new instance owns and later wipes the array.</summary>
    internal static TemporaryPin TakeOwnership(char[] digits, string operatorId, DateTimeOffset expiresAt) => new(operatorId, expiresAt, digits);

    /// <summary>The operator the PIN belongs to.</summary>
    public string OperatorId { get; }

    /// <summary>When the PIN stops being accepted if it is not used (after a first use, the change window applies).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The number of digits.</summary>
    public int Length => _digits.Length;

    /// <summary>The digits, for display. Do not log or store them.</summary>
    /// <returns>The PIN digits.</returns>
    /// <exception cref="ObjectDisposedException">The PIN was disposed (wiped).</exception>
    public ReadOnlySpan<char> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _digits;
    }

    /// <summary>Wipes the digits from memory.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_digits.AsSpan()));
            _disposed = true;
        }
    }

    /// <summary>Describes the PIN without its digits.</summary>
    /// <returns>A description with the operator and expiry only.</returns>
    public override string ToString() => $"TemporaryPin {{ OperatorId = {OperatorId}, Length = {_digits.Length}, ExpiresAt = {ExpiresAt:O}, Digits = (hidden) }}";
}
