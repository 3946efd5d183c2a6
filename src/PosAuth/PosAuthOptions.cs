using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// Every PosAuth setting in one place, for <c>services.AddPosAuth(options =&gt; …)</c>. Each property is
/// the options object of one package, with its own documented defaults and validation; the same
/// shape binds from configuration (section names equal the property names).
/// </summary>
/// <remarks>
/// The configuration delegate is applied through the options system once for each package's
/// options object, so it must only set values (as every options delegate should).
/// </remarks>
public sealed class PosAuthOptions
{
    internal PosAuthOptions(
        Pbkdf2PinHasherOptions? hashing = null,
        PinPolicyOptions? pinPolicy = null,
        LockoutOptions? lockout = null,
        SessionOptions? sessions = null,
        ErrorCodeOptions? errorCodes = null,
        AuthenticationOptions? authentication = null,
        PermissionOptions? permissions = null,
        RecoveryOptions? recovery = null)
    {
        Hashing = hashing ?? new();
        PinPolicy = pinPolicy ?? new();
        Lockout = lockout ?? new();
        Sessions = sessions ?? new();
        ErrorCodes = errorCodes ?? new();
        Authentication = authentication ?? new();
        Permissions = permissions ?? new();
        Recovery = recovery ?? new();
    }

    /// <summary>PIN hashing: algorithm, iterations, bounds.</summary>
    public Pbkdf2PinHasherOptions Hashing { get; }

    /// <summary>Weak-PIN rules and lengths per role.</summary>
    public PinPolicyOptions PinPolicy { get; }

    /// <summary>Failed-attempt lockout.</summary>
    public LockoutOptions Lockout { get; }

    /// <summary>Terminal sign-in sessions: idle lock, day cut-over, restore policy.</summary>
    public SessionOptions Sessions { get; }

    /// <summary>Response-code tables and acquirer overrides.</summary>
    public ErrorCodeOptions ErrorCodes { get; }

    /// <summary>The sign-in hot path: factory defaults, temporary-PIN window, rehash.</summary>
    public AuthenticationOptions Authentication { get; }

    /// <summary>The permission table and supervisor authorisation.</summary>
    public PermissionOptions Permissions { get; }

    /// <summary>Recovery: temporary PINs, offline unlock, factory reset.</summary>
    public RecoveryOptions Recovery { get; }
}
