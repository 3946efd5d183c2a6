using System.Security.Cryptography;
using PosAuth.Cli.Input;
using PosAuth.Cli.Output;
using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth verify --hash-file &lt;file&gt;</c>: stdin PIN → <c>match</c> | <c>mismatch</c> (+ <c>rehash-needed</c>).</summary>
internal sealed class VerifyCommand : ICliCommand
{
    public string Name => "verify";

    public string Summary => "Check a PIN from standard input against a stored hash.";

    public string Help =>
        """
        Usage: posauth verify --hash-file <file>
                              [--pepper-key-file <file>] [--pepper-key-id <id>]
               (or the hash in POSAUTH_PIN_HASH, the pepper key in POSAUTH_PEPPER_KEY)

        Reads one PIN from standard input (typed without echo at a terminal) and
        prints "match" (exit 0) or "mismatch" (exit 1). After "match", a second line
        "rehash-needed" says the stored hash is legacy or weaker than the current
        defaults. A hash that cannot be used (corrupt, unknown format, pepper key
        missing) exits 2 with the reason on standard error. The stored hash is a
        secret too: it comes from a file (one line) or the environment, never from
        arguments.

        Accepted hash forms:
          $pbkdf2-sha512$i=<iterations>[,k=<key id>]$<salt>$<hash>
                                  PosAuth (also pbkdf2-sha256)
          AQAAAAIAAYagAAAAE...    ASP.NET Core Identity v3 (PBKDF2 SHA-1/256/512)
          <68 base64 characters>  ASP.NET Core Identity v2 (first byte 0; HMAC-SHA1,
                                  1,000 iterations)
          $legacy-md5$<32 hex digits>      imported MD5 of the PIN
          $legacy-sha1$<40 hex digits>     imported SHA-1 of the PIN
          $legacy-sha256$<64 hex digits>   imported SHA-256 of the PIN
          $legacy-<md5|sha1|sha256>$salt=<base64>,pos=prefix|suffix$<hex>
                                  imported salted digest

        A peppered hash (k=<key id>) needs the pepper key: base64, at least 16
        bytes, from --pepper-key-file or POSAUTH_PEPPER_KEY. --pepper-key-id
        defaults to the id the hash records.

        Example:  echo 4739 | posauth verify --hash-file 01.hash
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("hash-file", "file", "The stored hash string, one line (default: POSAUTH_PIN_HASH)."),
        new("pepper-key-file", "file", "The pepper key, base64 (default: POSAUTH_PEPPER_KEY)."),
        new("pepper-key-id", "id", "The pepper key's id (default: the id in the hash)."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public string? RemovedOptionMessage(string name) =>
        name == SecretOption.StoredHash.RemovedArgument ? SecretOption.StoredHash.RemovedMessage(stdinAllowed: false) : null;

    public int Execute(CliArguments arguments, CliContext context)
    {
        if (!context.TryReadSecret(arguments, SecretOption.StoredHash, stdinAllowed: false, required: true, out SecretText? storedText))
        {
            return ExitCodes.BadInput;
        }

        string stored;
        using (storedText)
        {
            stored = storedText!.ToString();
        }

        PinHashInspection inspection = new Pbkdf2PinHasher().Inspect(stored);
        CliPepperProvider? pepper = null;
        if (inspection.PepperKeyId is { } recordedId)
        {
            string keyId = arguments.Get("pepper-key-id") ?? recordedId;
            if (keyId != recordedId)
            {
                return context.Fail($"the hash was made with pepper key '{recordedId}', not '{keyId}'.");
            }

            if (!arguments.Has("pepper-key-file") && context.Host.GetEnvironmentVariable(SecretOption.PepperKey.EnvironmentVariable) is not { Length: > 0 })
            {
                return context.Fail($"the hash is peppered with key '{recordedId}': give the pepper key with --pepper-key-file <file>, or set {SecretOption.PepperKey.EnvironmentVariable}.");
            }

            if (!CliPepperProvider.TryLoad(context, arguments, keyId, out pepper))
            {
                return ExitCodes.BadInput;
            }
        }
        else if (inspection.IsValid && (arguments.Has("pepper-key-file") || arguments.Has("pepper-key-id")))
        {
            context.Warn("the hash is not peppered; the pepper key is not used.");
        }

        using (pepper)
        {
            var hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions(), pepper);
            inspection = hasher.Inspect(stored);
            if (!inspection.IsValid)
            {
                return context.Fail("the hash cannot be used: " + Describe(inspection.Error) + ".");
            }

            if (!context.TryReadPin(out SecretText? pin))
            {
                return ExitCodes.BadInput;
            }

            using (pin)
            {
                if (!context.TryValidatePin(pin!.Span))
                {
                    return ExitCodes.BadInput;
                }

                PinVerificationResult result;
                using (Progress.StartIfSlow(context, "verifying", inspection.Iterations, Prf(inspection.Algorithm)))
                {
                    result = hasher.Verify(stored, pin.Span);
                }

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
    }

    private static string Describe(PinHashError error) => error switch
    {
        PinHashError.UnknownAlgorithm => "its algorithm is not one this tool reads (the forms are listed in 'posauth verify --help')",
        PinHashError.IterationsOutOfRange => $"its iteration count is outside {new Pbkdf2PinHasherOptions().MinimumIterations:N0} to {new Pbkdf2PinHasherOptions().MaximumIterations:N0}",
        PinHashError.WrongLength => "its salt or hash has a length the format does not allow (truncated or altered)",
        PinHashError.UnsupportedParameter => "it names a parameter this tool does not support",
        PinHashError.UnknownPepperKey => "the pepper key given is not the one the hash was made with",
        _ => "it is malformed (truncated, badly encoded, or not one of the forms listed in 'posauth verify --help')",
    };

    private static HashAlgorithmName Prf(string algorithm) => algorithm switch
    {
        "pbkdf2-sha256" => HashAlgorithmName.SHA256,
        "pbkdf2-sha1" => HashAlgorithmName.SHA1,
        _ => HashAlgorithmName.SHA512,
    };
}
