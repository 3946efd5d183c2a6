using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth hash [--iterations N] [--algorithm sha512|sha256]</c>: stdin PIN → PHC string on stdout.</summary>
internal sealed class HashCommand : ICliCommand
{
    public string Name => "hash";

    public string Summary => "Hash a PIN read from standard input; prints the hash string to store.";

    public string Help =>
        """
        Usage: posauth hash [--iterations N] [--algorithm sha512|sha256]

        Reads one PIN (digits) from standard input and prints its PBKDF2 hash string,
        e.g. $pbkdf2-sha512$i=220000$<salt>$<hash>. Exit 0 ok, 2 bad input.
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("iterations", "N", $"PBKDF2 iterations (default {Pbkdf2PinHasherOptions.DefaultIterations:N0}; 10,000 to 10,000,000)."),
        new("algorithm", "sha512|sha256", "PBKDF2 PRF (default sha512)."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public int Execute(CliArguments arguments, CliContext context)
    {
        var options = new Pbkdf2PinHasherOptions();
        if (arguments.Get("iterations") is { } iterationsText)
        {
            if (!int.TryParse(iterationsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int iterations))
            {
                return context.Fail("--iterations must be a whole number.");
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

        Pbkdf2PinHasher hasher;
        try
        {
            hasher = new Pbkdf2PinHasher(options);
        }
        catch (OptionsValidationException ex)
        {
            return context.Fail(ex.Message);
        }

        if (!context.TryReadPin(out string pin))
        {
            return ExitCodes.BadInput;
        }

        try
        {
            context.Stdout.WriteLine(hasher.Hash(pin));
            return ExitCodes.Ok;
        }
        catch (InvalidPinException ex)
        {
            return context.Fail(ex.Message);
        }
    }
}
