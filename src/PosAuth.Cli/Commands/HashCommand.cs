using System.Globalization;
using System.Security.Cryptography;
using PosAuth.Cli.Input;
using PosAuth.Cli.Output;
using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth hash [--iterations N] [--algorithm sha512|sha256] [--pepper-key-id ID]</c>: stdin PIN → PHC string on stdout.</summary>
internal sealed class HashCommand : ICliCommand
{
    public string Name => "hash";

    public string Summary => "Hash a PIN from standard input into the string to store.";

    public string Help =>
        """
        Usage: posauth hash [--iterations N] [--algorithm sha512|sha256]
                            [--pepper-key-id <id> [--pepper-key-file <file>]]

        Reads one PIN (digits) from standard input and prints its PBKDF2 hash string,
        e.g. $pbkdf2-sha512$i=220000$<salt>$<hash>. At a terminal the PIN is typed
        twice, without echo. A PIN whose length fits no role (operator 4-6,
        supervisor 6, administrator 8 digits) is hashed with a warning.

        Pepper: with --pepper-key-id the PIN is HMAC-ed with the pepper key first and
        the id is recorded in the hash (k=<id>). The key (base64, at least 16 bytes,
        as in PinPepperOptions.Keys) comes from --pepper-key-file or
        POSAUTH_PEPPER_KEY.

        With 1,000,000 iterations or more, progress shows on standard error when it
        is a terminal. Exit 0 ok, 2 bad input.

        Example:  echo 4739 | posauth hash
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("iterations", "N", $"PBKDF2 iterations (default {Pbkdf2PinHasherOptions.DefaultIterations:N0}; 10,000 to 10,000,000)."),
        new("algorithm", "sha512|sha256", "PBKDF2 PRF (default sha512)."),
        new("pepper-key-id", "id", "Pepper the hash under this key id (1-32 of A-Z a-z 0-9 - _)."),
        new("pepper-key-file", "file", "The pepper key, base64 (default: POSAUTH_PEPPER_KEY)."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public int Execute(CliArguments arguments, CliContext context)
    {
        var options = new Pbkdf2PinHasherOptions();
        if (arguments.Get("iterations") is { } iterationsText)
        {
            if (!int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
                || iterations < options.MinimumIterations || iterations > options.MaximumIterations)
            {
                return context.Fail($"--iterations must be a whole number from {options.MinimumIterations:N0} to {options.MaximumIterations:N0}.");
            }

            options.Iterations = iterations;
        }

        switch (arguments.Get("algorithm"))
        {
            case null or "sha512":
                break;
            case "sha256":
                options.Algorithm = Pbkdf2Algorithm.Sha256;
                break;
            default:
                return context.Fail("--algorithm must be sha512 or sha256.");
        }

        CliPepperProvider? pepper = null;
        if (arguments.Get("pepper-key-id") is { } keyId)
        {
            if (!CliPepperProvider.TryLoad(context, arguments, keyId, out pepper))
            {
                return ExitCodes.BadInput;
            }
        }
        else if (arguments.Has("pepper-key-file"))
        {
            return context.Fail("--pepper-key-file needs --pepper-key-id <id>: the id is recorded in the hash so the key can be found again.");
        }
        else if (context.Host.GetEnvironmentVariable(SecretOption.PepperKey.EnvironmentVariable) is { Length: > 0 })
        {
            context.Warn($"{SecretOption.PepperKey.EnvironmentVariable} is set but --pepper-key-id is not: the hash is not peppered.");
        }

        using (pepper)
        {
            var hasher = new Pbkdf2PinHasher(options, pepper);
            if (!context.TryReadPin(out SecretText? pin, confirm: true))
            {
                return ExitCodes.BadInput;
            }

            using (pin)
            {
                if (!context.TryValidatePin(pin!.Span))
                {
                    return ExitCodes.BadInput;
                }

                WarnIfNoRoleFits(context, pin.Length);
                string hash;
                using (Progress.StartIfSlow(context, "hashing", options.Iterations, options.Algorithm == Pbkdf2Algorithm.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512))
                {
                    hash = hasher.Hash(pin.Span);
                }

                context.Stdout.WriteLine(hash);
                return ExitCodes.Ok;
            }
        }
    }

    /// <summary>A PIN no role's length rule admits can be stored, but no PIN change would ever accept it: say so.</summary>
    private static void WarnIfNoRoleFits(CliContext context, int length)
    {
        var policy = new PinPolicyOptions();
        PinLengthRule[] rules = [policy.Operator, policy.Supervisor, policy.Administrator];
        if (rules.Any(r => length >= r.MinLength && length <= r.MaxLength))
        {
            return;
        }

        context.Warn(string.Create(
            CultureInfo.InvariantCulture,
            $"a {length}-digit PIN fits no role's PIN length (operator {Range(policy.Operator)}, supervisor {Range(policy.Supervisor)}, administrator {Range(policy.Administrator)} digits); 'posauth pin-check' rejects it. Hashed anyway."));

        static string Range(PinLengthRule r) => r.MinLength == r.MaxLength
            ? r.MinLength.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{r.MinLength}-{r.MaxLength}");
    }
}
