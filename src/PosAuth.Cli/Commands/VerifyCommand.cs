using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth verify --hash &lt;string&gt;</c>: stdin PIN → <c>match</c> | <c>mismatch</c> (+ <c>rehash-needed</c>).</summary>
internal sealed class VerifyCommand : ICliCommand
{
    public string Name => "verify";

    public string Summary => "Check a PIN read from standard input against a stored hash (PBKDF2, ASP.NET Core Identity v2/v3, imported legacy digests).";

    public string Help =>
        """
        Usage: posauth verify --hash <string>

        Reads one PIN from standard input and prints "match" (exit 0) or "mismatch" (exit 1).
        After "match", a second line "rehash-needed" says the stored hash is legacy or weaker than
        the current defaults. A hash that cannot be used (corrupt, unknown format, pepper key not
        available) exits 2 with the reason on standard error.
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("hash", "string", "The stored hash string (quote it: it contains '$')."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public int Execute(CliArguments arguments, CliContext context)
    {
        string? stored = arguments.Get("hash");
        if (string.IsNullOrEmpty(stored))
        {
            return context.Fail("--hash <string> is required.");
        }

        var hasher = new Pbkdf2PinHasher();
        PinHashInspection inspection = hasher.Inspect(stored);
        if (!inspection.IsValid)
        {
            return context.Fail($"the hash cannot be used: {inspection.Error}.");
        }

        if (!context.TryReadPin(out string pin))
        {
            return ExitCodes.BadInput;
        }

        PinInputError inputError = PinInput.Validate(pin);
        if (inputError != PinInputError.None)
        {
            return context.Fail($"the PIN is not valid input: {inputError}.");
        }

        PinVerificationResult result = hasher.Verify(stored, pin);
        if (result == PinVerificationResult.Failed)
        {
            context.Stdout.WriteLine("mismatch");
            return ExitCodes.Negative;
        }

        context.Stdout.WriteLine("match");
        if (result == PinVerificationResult.SuccessRehashNeeded)
        {
            context.Stdout.WriteLine("rehash-needed");
        }

        return ExitCodes.Ok;
    }
}
