using System.Text;

namespace PosAuth;

/// <summary>
/// An operator account on a terminal: the operator number, role, PIN hash and the flags around it.
/// A plain data type that a store maps column by column; <see cref="Version"/> supports optimistic concurrency.
/// </summary>
/// <remarks><see cref="ToString"/> never prints the PIN hash or the PIN history.</remarks>
public sealed record OperatorAccount
{
    /// <summary>The operator number, such as <c>99</c>, <c>00</c> or <c>01</c>.</summary>
    public required string OperatorId { get; init; }

    /// <summary>The operator's role.</summary>
    public required OperatorRole Role { get; init; }

    /// <summary>The stored PIN hash (a self-describing string understood by the configured hasher).</summary>
    public required string PinHash { get; init; }

    /// <summary>Whether the next successful sign-in must be followed by a PIN change.</summary>
    public bool MustChangePin { get; init; }

    /// <summary>Why <see cref="MustChangePin"/> is set, or <see cref="PinChangeReason.None"/>.</summary>
    public PinChangeReason MustChangePinReason { get; init; }

    /// <summary>Whether the account is disabled: a disabled operator cannot sign in.</summary>
    public bool IsDisabled { get; init; }

    /// <summary>An optional display name, such as the operator's name. Not a secret.</summary>
    public string? DisplayName { get; init; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the PIN was last set, by any path.</summary>
    public DateTimeOffset? PinChangedAt { get; init; }

    /// <summary>
    /// When the current PIN stops being accepted, or <see langword="null"/> for no expiry.
    /// Set for temporary PINs (临时密码).
    /// </summary>
    public DateTimeOffset? PinExpiresAt { get; init; }

    /// <summary>
    /// Hashes of previous PINs, newest first, used to refuse the reuse of a recent PIN.
    /// </summary>
    public IReadOnlyList<string> PinHistory { get; init; } = [];

    /// <summary>The version for optimistic concurrency: a store increments it on every update.</summary>
    public long Version { get; init; }

    /// <summary>Prints the account without the PIN hash or history.</summary>
    /// <param name="builder">The builder that receives the members.</param>
    /// <returns><see langword="true"/> when members were printed.</returns>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("OperatorId = ").Append(OperatorId)
            .Append(", Role = ").Append(Role)
            .Append(", MustChangePin = ").Append(MustChangePin)
            .Append(", MustChangePinReason = ").Append(MustChangePinReason)
            .Append(", IsDisabled = ").Append(IsDisabled)
            .Append(", Version = ").Append(Version);
        return true;
    }
}
