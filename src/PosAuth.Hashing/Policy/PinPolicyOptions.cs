namespace PosAuth.Hashing;

/// <summary>Options of <see cref="PinPolicy"/>.</summary>
public sealed class PinPolicyOptions
{
    /// <summary>Length bounds for ordinary operators. Default: 4 to 6.</summary>
    public PinLengthRule Operator { get; set; } = new(4, 6);

    /// <summary>Length bounds for the supervisor. Default: 6 to 6.</summary>
    public PinLengthRule Supervisor { get; set; } = new(6, 6);

    /// <summary>Length bounds for the system administrator. Default: 8 to 8.</summary>
    public PinLengthRule Administrator { get; set; } = new(8, 8);

    /// <summary>How many of the most recent PIN hashes in <see cref="PinPolicyContext.PreviousPinHashes"/> are checked for reuse. Default: 5. Allowed: 0 (off) to 24.</summary>
    public int HistoryDepth { get; set; } = 5;

    /// <summary>Factory-default PINs, which are public knowledge. Default: 0000, 123456, 12345678 (operator, supervisor, administrator).</summary>
    public IList<string> FactoryDefaults { get; set; } = ["0000", "123456", "12345678"];

    /// <summary>
    /// Rules switched off. Default: none. <see cref="PinRejectionReason.TooShort"/>, <see cref="PinRejectionReason.TooLong"/>
    /// and <see cref="PinRejectionReason.NonDigit"/> cannot be switched off.
    /// </summary>
    public ISet<PinRejectionReason> DisabledRules { get; set; } = new HashSet<PinRejectionReason>();

    /// <summary>Returns the length rule for a role.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The rule.</returns>
    public PinLengthRule LengthFor(OperatorRole role) => role switch
    {
        OperatorRole.Administrator => Administrator,
        OperatorRole.Supervisor => Supervisor,
        _ => Operator,
    };
}
