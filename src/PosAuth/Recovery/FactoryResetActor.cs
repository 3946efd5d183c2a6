namespace PosAuth;

/// <summary>
/// Who performs a factory reset: the administrator (99), whose PIN is verified, or the device itself (a built-in
/// reset from the boot menu or a hardware button, which proves physical possession). <see cref="ToString"/> never
/// prints the PIN.
/// </summary>
public sealed class FactoryResetActor
{
    private FactoryResetActor(string operatorId, ReadOnlyMemory<char> pin, bool isSystem)
    {
        OperatorId = operatorId;
        Pin = pin;
        IsSystem = isSystem;
    }

    /// <summary>The device's built-in reset (the system actor): no PIN is asked.</summary>
    public static FactoryResetActor System { get; } = new(Lockout.LockoutActor.SystemActorId, ReadOnlyMemory<char>.Empty, isSystem: true);

    /// <summary>Whether this is <see cref="System"/>.</summary>
    public bool IsSystem { get; }

    /// <summary>The acting operator's number, or <c>system</c>.</summary>
    public string OperatorId { get; }

    internal ReadOnlyMemory<char> Pin { get; }

    /// <summary>The administrator, who proves the PIN through the authenticator (it counts toward lockout).</summary>
    /// <param name="operatorId">The administrator's operator number (normally <c>99</c>).</param>
    /// <param name="pin">The administrator's PIN. The caller owns and should clear the buffer.</param>
    /// <returns>The actor.</returns>
    public static FactoryResetActor Administrator(string operatorId, ReadOnlyMemory<char> pin)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return new FactoryResetActor(operatorId, pin, isSystem: false);
    }

    /// <summary>Describes the actor without the PIN.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => IsSystem ? "FactoryResetActor { System }" : $"FactoryResetActor {{ OperatorId = {OperatorId} }}";
}
