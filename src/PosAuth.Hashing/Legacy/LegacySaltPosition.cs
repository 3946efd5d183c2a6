namespace PosAuth.Hashing;

/// <summary>Where a legacy system put the salt relative to the PIN before digesting.</summary>
public enum LegacySaltPosition
{
    /// <summary><c>digest(salt || pin)</c>.</summary>
    Prefix = 0,

    /// <summary><c>digest(pin || salt)</c>.</summary>
    Suffix = 1,
}
