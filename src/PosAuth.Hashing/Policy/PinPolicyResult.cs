namespace PosAuth.Hashing;

/// <summary>The verdict of <see cref="PinPolicy.Evaluate"/>. Never contains the PIN.</summary>
public sealed class PinPolicyResult
{
    /// <summary>The result with no reasons.</summary>
    public static readonly PinPolicyResult Accepted = new([]);

    /// <summary>Creates a result.</summary>
    /// <param name="reasons">Every rule the PIN failed, in rule order; empty when accepted.</param>
    public PinPolicyResult(IReadOnlyList<PinRejectionReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        Reasons = reasons;
    }

    /// <summary>Whether the PIN passed every rule.</summary>
    public bool IsAccepted => Reasons.Count == 0;

    /// <summary>Every rule the PIN failed, in the order of <see cref="PinRejectionReason"/>.</summary>
    public IReadOnlyList<PinRejectionReason> Reasons { get; }

    /// <summary>Returns <c>accepted</c> or <c>rejected: Code1, Code2</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => IsAccepted ? "accepted" : "rejected: " + string.Join(", ", Reasons);
}
