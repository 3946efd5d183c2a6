namespace PosAuth.Hashing;

/// <summary>Who a PIN is for, so that <see cref="PinPolicy"/> can reject PINs tied to the account.</summary>
public sealed class PinPolicyContext
{
    /// <summary>The role whose length bounds apply. Default: <see cref="OperatorRole.Operator"/>.</summary>
    public OperatorRole Role { get; init; } = OperatorRole.Operator;

    /// <summary>The operator's number, or <see langword="null"/> when unknown.</summary>
    public string? OperatorId { get; init; }

    /// <summary>The terminal id, or <see langword="null"/> when unknown.</summary>
    public string? TerminalId { get; init; }

    /// <summary>Stored hashes of previous PINs, most recent first (checked through the policy's <see cref="IPinHasher"/>). Default: empty.</summary>
    public IReadOnlyList<string> PreviousPinHashes { get; init; } = [];

    /// <summary>Creates a context for a role only.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The context.</returns>
    public static PinPolicyContext ForRole(OperatorRole role) => new() { Role = role };
}
