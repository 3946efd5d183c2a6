namespace PosAuth.Storage;

/// <summary>The names and sizes of installation secrets, and the argument rules every store applies.</summary>
public static class InstallationSecretNames
{
    /// <summary>The key of the digest that stands for an operator number nobody has (HMAC-SHA256).</summary>
    public const string UnknownOperatorDigest = "unknown-operator-digest";

    /// <summary>The shortest secret a store creates, in bytes.</summary>
    public const int MinLength = 16;

    /// <summary>The longest secret a store creates, in bytes.</summary>
    public const int MaxLength = 64;

    /// <summary>Throws when <paramref name="name"/> or <paramref name="length"/> break the rules of <see cref="IInstallationSecretStore.GetOrCreateAsync"/>.</summary>
    /// <param name="name">The secret's name.</param>
    /// <param name="length">The requested length.</param>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters, or has a character other than an ASCII letter, digit or dash.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length is outside 16 to 64.</exception>
    public static void Validate(string name, int length)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("A secret name is 1 to 64 ASCII letters, digits or dashes.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
    }
}
