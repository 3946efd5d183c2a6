namespace PosAuth.Hashing;

/// <summary>Length bounds of a PIN for one role.</summary>
public sealed class PinLengthRule
{
    /// <summary>Creates a rule with bounds 4 to 6.</summary>
    public PinLengthRule()
    {
    }

    /// <summary>Creates a rule with the given bounds.</summary>
    /// <param name="minLength">The minimum length.</param>
    /// <param name="maxLength">The maximum length.</param>
    public PinLengthRule(int minLength, int maxLength)
    {
        MinLength = minLength;
        MaxLength = maxLength;
    }

    /// <summary>The minimum number of digits. Default: 4.</summary>
    public int MinLength { get; set; } = 4;

    /// <summary>The maximum number of digits. Default: 6. At most <see cref="PinInput.MaxLength"/>.</summary>
    public int MaxLength { get; set; } = 6;
}
