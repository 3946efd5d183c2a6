namespace PosAuth.Hashing;

/// <summary>Why raw PIN input was rejected by <see cref="PinInput.TryNormalize"/>.</summary>
public enum PinInputError
{
    /// <summary>The input is acceptable.</summary>
    None = 0,

    /// <summary>The input is empty.</summary>
    Empty = 1,

    /// <summary>The input is longer than <see cref="PinInput.MaxLength"/> characters (checked before the content is scanned).</summary>
    TooLong = 2,

    /// <summary>The input contains a character that is neither an ASCII digit nor a full-width digit (U+FF10-U+FF19).</summary>
    NonDigit = 3,
}
