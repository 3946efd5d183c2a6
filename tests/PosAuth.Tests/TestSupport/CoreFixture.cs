using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace PosAuth.Tests.TestSupport;

/// <summary>The authenticator fixture plus the management services built on it.</summary>
internal sealed class CoreFixture : IDisposable
{
    public CoreFixture(Action<PermissionOptions>? permissions = null)
    {
        var permissionOptions = new PermissionOptions();
        permissions?.Invoke(permissionOptions);
        Permissions = new PermissionPolicy(permissionOptions);
        PinPolicy = new PinPolicy(new PinPolicyOptions(), Auth.Hasher);
        Manager = new OperatorManager(Auth.Operators, Auth.Hasher, PinPolicy, Auth.Lockout, Permissions, [Auth.Audit], Auth.Time);
        Authorizer = new SupervisorAuthorizer(Auth.Operators, Auth.Authenticator, Permissions, [Auth.Audit], Auth.Metrics, Auth.Time, Options.Create(permissionOptions));
    }

    public AuthenticatorFixture Auth { get; } = new();

    public IPermissionPolicy Permissions { get; }

    public PinPolicy PinPolicy { get; }

    public OperatorManager Manager { get; }

    public SupervisorAuthorizer Authorizer { get; }

    public const string AdminPin = "73914628";
    public const string SupervisorPin = "739146";
    public const string OperatorPin = "8253";

    /// <summary>Seeds the accounts behind <see cref="Admin"/>, <see cref="Supervisor"/> and <see cref="Operator"/> (01): the manager re-reads its actors.</summary>
    public async Task SeedActorsAsync()
    {
        await Auth.SeedAsync("99", AdminPin);
        await Auth.SeedAsync("00", SupervisorPin);
        await Auth.SeedAsync("01", OperatorPin);
    }

    public static OperatorActor Admin => new("99", OperatorRole.Administrator);

    public static OperatorActor Supervisor => new("00", OperatorRole.Supervisor);

    public static OperatorActor Operator(string id = "01") => new(id, OperatorRole.Operator);

    public void Dispose() => Auth.Dispose();
}
