namespace PosAuth.Cli.Input;

/// <summary>
/// A secret a command takes — never as an argument (argv is visible to every process and stays in shell history):
/// from the file named by <see cref="FileOption"/> (<c>-</c> for standard input where the command allows it), or from
/// the environment variable <see cref="EnvironmentVariable"/>.
/// </summary>
/// <param name="FileOption">The option naming the file, without dashes.</param>
/// <param name="EnvironmentVariable">The environment variable read when the option is not given.</param>
/// <param name="What">What it is, for messages ("the vendor master key").</param>
/// <param name="Format">How it is written ("hexadecimal").</param>
/// <param name="RemovedArgument">The old option that took the secret itself as an argument, refused with a pointer here; or <see langword="null"/>.</param>
internal sealed record SecretOption(string FileOption, string EnvironmentVariable, string What, string Format, string? RemovedArgument)
{
    public static readonly SecretOption MasterKey = new("master-key-file", "POSAUTH_MASTER_KEY", "the vendor master key", "hexadecimal, at least 16 bytes", "master-key");

    public static readonly SecretOption OcraKey = new("key-file", "POSAUTH_OCRA_KEY", "the OCRA key", "hexadecimal", "key");

    public static readonly SecretOption OcraPinHash = new("pin-hash-file", "POSAUTH_OCRA_PIN_HASH", "the OCRA PIN hash", "hexadecimal", "pin-hash");

    public static readonly SecretOption StoredHash = new("hash-file", "POSAUTH_PIN_HASH", "the stored PIN hash", "the hash string as stored", "hash");

    public static readonly SecretOption PepperKey = new("pepper-key-file", "POSAUTH_PEPPER_KEY", "the pepper key", "base64, at least 16 bytes", null);

    /// <summary>Every secret option, for help texts and the README test.</summary>
    public static IReadOnlyList<SecretOption> All { get; } = [MasterKey, OcraKey, OcraPinHash, StoredHash, PepperKey];

    /// <summary>The prompt when it is typed at the terminal ("Vendor master key: ").</summary>
    public string Prompt => char.ToUpperInvariant(What[4]) + What[5..] + ": ";

    /// <summary>The message for the removed argument form.</summary>
    public string RemovedMessage(bool stdinAllowed) =>
        $"--{RemovedArgument} is not accepted: a secret on the command line is visible to every process (ps, /proc) and stays in the shell history. "
        + $"Put {What} in a file and give --{FileOption} <file>{(stdinAllowed ? " (- reads standard input)" : string.Empty)}, or set {EnvironmentVariable}.";
}
