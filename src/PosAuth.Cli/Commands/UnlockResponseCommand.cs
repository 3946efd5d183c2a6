using System.Globalization;
using System.Security.Cryptography;
using PosAuth.Cli.Input;
using PosAuth.Cli.Text;
using PosAuth.OfflineUnlock;

namespace PosAuth.Cli.Commands;

/// <summary>
/// <c>posauth unlock-response</c>: the unlock response for a locked terminal, from the vendor master key, the terminal
/// serial and what the terminal shows (challenge or QR payload); or, generically, any RFC 6287 OCRA response. Keys come
/// from files or the environment, never from arguments. Prints the response alone, grouped like the challenge.
/// </summary>
internal sealed class UnlockResponseCommand : ICliCommand
{
    private static readonly string[] GenericOnly = ["suite", "key-file", "counter", "pin-hash-file", "session", "time"];
    private static readonly string[] UnlockOnly = ["master-key-file", "terminal-serial", "terminal", "operator", "qr"];
    private static readonly SecretOption[] Secrets = [SecretOption.MasterKey, SecretOption.OcraKey, SecretOption.OcraPinHash];

    public string Name => "unlock-response";

    public string Summary => "Compute the unlock response for a locked terminal.";

    public string Help =>
        """
        Usage: posauth unlock-response --master-key-file <file> --terminal-serial <SN>
                 (--qr <payload> | --terminal <id> --operator <id> --challenge "<Q>")
               posauth unlock-response --suite <OCRA suite> --key-file <file>
                 --challenge <Q> [--counter C] [--pin-hash-file <file>]
                 [--session S] [--time T]

        Back office (a locked terminal shows a challenge and a QR code):
          master key  the vendor master key, hexadecimal, in a file
                      (--master-key-file; - reads standard input) or in
                      POSAUTH_MASTER_KEY; never an argument.
          serial      the terminal's hardware serial number (SN): on the label
                      under the terminal and in its system-information screen; ask
                      the caller, or look it up by terminal id in the provisioning
                      records. It is the serial the terminal key was derived from
                      (posauth derive-terminal-key); the challenge screen and the
                      QR payload do not carry it.
          challenge   --qr with the scanned payload
                      POSAUTH-UNLOCK:1:<terminal>:<operator>:<challenge>
                      (- reads standard input), or the terminal id, the operator and
                      the challenge as the screen shows them ("2833 7165": spaces
                      and dashes are ignored).
        The response is printed grouped like the challenge ("8826 2185"; from --qr
        in groups of four); the terminal ignores the spaces. Suite
        OCRA-1:HOTP-SHA256-8:QNxx-S064, key HKDF-SHA256(master key, serial), bound
        to the terminal id and operator. Read the response to the caller only after
        checking who they are.

        Generic RFC 6287 OCRA, values as the RFC writes them in its test vectors:
        the key (--key-file or POSAUTH_OCRA_KEY) and the PIN hash (--pin-hash-file
        or POSAUTH_OCRA_PIN_HASH) in hexadecimal in their files; --session and
        --time (time steps since the epoch) in hexadecimal; --counter in decimal;
        --challenge in the suite's format (QN digits, QA text, QH hex; mutual mode:
        both challenges concatenated).

        Prints the response alone. Exit 0 ok, 2 bad input (message on stderr).

        Examples:
          posauth unlock-response --master-key-file vendor.hex \
              --terminal-serial SN-0001 --terminal T0000001 --operator 01 \
              --challenge "1234 5678"
          posauth unlock-response --master-key-file vendor.hex \
              --terminal-serial SN-0001 --qr 'POSAUTH-UNLOCK:1:T0000001:01:12345678'
          posauth unlock-response --suite OCRA-1:HOTP-SHA1-6:QN08 \
              --key-file ocra.hex --challenge 00000000
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("master-key-file", "file", "Back office: vendor master key, hex (- = stdin; default POSAUTH_MASTER_KEY)."),
        new("terminal-serial", "SN", "Back office: the terminal's serial number, from its label or system screen."),
        new("qr", "payload", "Back office: the terminal's QR payload (- = stdin), instead of the next three."),
        new("terminal", "id", "Back office: the terminal id the unlock screen shows."),
        new("operator", "id", "Back office: the operator to unlock (e.g. 00, 01)."),
        new("challenge", "Q", "The challenge as shown (\"2833 7165\"; spaces and dashes ignored)."),
        new("suite", "OCRA suite", "Generic: the suite, e.g. OCRA-1:HOTP-SHA1-6:QN08."),
        new("key-file", "file", "Generic: the OCRA key, hex (- = stdin; default POSAUTH_OCRA_KEY)."),
        new("counter", "C", "Generic: the counter, decimal (suites with C)."),
        new("pin-hash-file", "file", "Generic: the PIN hash, hex (suites with P; default POSAUTH_OCRA_PIN_HASH)."),
        new("session", "S", "Generic: the session information, hexadecimal (suites with S)."),
        new("time", "T", "Generic: time steps since the Unix epoch, hexadecimal (suites with T)."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public string? RemovedOptionMessage(string name) =>
        Secrets.FirstOrDefault(s => s.RemovedArgument == name)?.RemovedMessage(stdinAllowed: true);

    public int Execute(CliArguments arguments, CliContext context)
    {
        if (!arguments.HasAny)
        {
            WriteBackOfficeGuide(context);
            return ExitCodes.BadInput;
        }

        string[] fromStdin = [.. new[] { "master-key-file", "key-file", "pin-hash-file", "qr" }.Where(n => arguments.Get(n) == "-")];
        if (fromStdin.Length > 1)
        {
            return context.Fail($"{string.Join(" and ", fromStdin.Select(n => "--" + n + " -"))}: only one value can come from standard input.");
        }

        string? generic = GenericOnly.FirstOrDefault(arguments.Has);
        string? unlock = UnlockOnly.FirstOrDefault(arguments.Has);
        if (generic is not null && unlock is not null)
        {
            return context.Fail($"--{unlock} belongs to the back-office mode and --{generic} to the generic OCRA mode; use one. Run 'posauth unlock-response --help'.");
        }

        return generic is not null ? ExecuteGeneric(arguments, context) : ExecuteUnlock(arguments, context);
    }

    private static void WriteBackOfficeGuide(CliContext context)
    {
        TextWriter e = context.Stderr;
        e.WriteLine("posauth unlock-response: the unlock response for a locked terminal. You need:");
        e.WriteLine("  the vendor master key   --master-key-file <file> (hexadecimal; - reads");
        e.WriteLine("                          standard input), or the variable POSAUTH_MASTER_KEY");
        e.WriteLine("  the terminal serial     --terminal-serial <SN>: on the label under the");
        e.WriteLine("                          terminal and in its system-information screen");
        e.WriteLine("                          (ask the caller), or in its provisioning record");
        e.WriteLine("  what the terminal shows --qr '<payload>' scanned from its QR code, or");
        e.WriteLine("                          --terminal <id> --operator <id> --challenge \"<digits>\"");
        e.WriteLine("Example:");
        e.WriteLine("  posauth unlock-response --master-key-file vendor.hex \\");
        e.WriteLine("      --terminal-serial SN-0001 --terminal T0000001 --operator 01 \\");
        e.WriteLine("      --challenge \"1234 5678\"");
        e.WriteLine("Read the response to the caller only after checking who they are.");
        e.WriteLine("Generic RFC 6287 OCRA (--suite, --key-file, ...): posauth unlock-response --help");
    }

    private static int ExecuteUnlock(CliArguments arguments, CliContext context)
    {
        string? qr = arguments.Get("qr");
        List<string> missing = [];
        if (!arguments.Has("terminal-serial"))
        {
            missing.Add("--terminal-serial <SN> (from the terminal's label or system-information screen)");
        }

        if (qr is not null)
        {
            if (arguments.Has("terminal") || arguments.Has("operator") || arguments.Has("challenge"))
            {
                return context.Fail("give either --qr or --terminal, --operator and --challenge, not both.");
            }
        }
        else if (!arguments.Has("terminal") && !arguments.Has("operator") && !arguments.Has("challenge"))
        {
            missing.Add("--qr <payload> (or --terminal, --operator and --challenge)");
        }
        else
        {
            missing.AddRange(new[] { "terminal", "operator", "challenge" }.Where(n => !arguments.Has(n)).Select(n => "--" + n));
        }

        if (missing.Count > 0)
        {
            return context.Fail($"missing {string.Join(", ", missing)}. Run 'posauth unlock-response' without options for what the back office needs.");
        }

        string serial = arguments.Get("terminal-serial")!;
        if (!OfflineUnlockIdentifiers.IsValidSerial(serial))
        {
            return context.Fail("--terminal-serial must be 1 to 64 printable ASCII characters without spaces, exactly as the terminal's label shows it (case matters).");
        }

        string terminal;
        string operatorId;
        string challenge;
        DigitGrouping grouping;
        if (qr is not null)
        {
            if (qr == "-")
            {
                if (!TryReadQrFromStdin(context, out qr))
                {
                    return ExitCodes.BadInput;
                }
            }

            if (!OfflineUnlockRequest.TryParseQrPayload(qr.Trim(), out OfflineUnlockRequest? request))
            {
                return context.Fail("--qr is not a PosAuth unlock payload: expected POSAUTH-UNLOCK:1:<terminal>:<operator>:<challenge>, as the terminal's QR code holds it.");
            }

            (terminal, operatorId, challenge, grouping) = (request.TerminalId, request.TargetOperatorId, request.Challenge, DigitGrouping.Fours);
        }
        else
        {
            terminal = arguments.Get("terminal")!;
            operatorId = arguments.Get("operator")!;
            challenge = DigitGrouping.Normalize(arguments.Get("challenge")!, out grouping);
            if (!OfflineUnlockIdentifiers.IsValidId(terminal))
            {
                return context.Fail($"--terminal must be 1 to {OfflineUnlockIdentifiers.MaxIdLength} ASCII letters or digits: the terminal id the unlock screen shows.");
            }

            if (!OfflineUnlockIdentifiers.IsValidId(operatorId))
            {
                return context.Fail($"--operator must be 1 to {OfflineUnlockIdentifiers.MaxIdLength} ASCII letters or digits: the operator number (e.g. 00, 01).");
            }

            if (!OfflineUnlockIdentifiers.IsValidChallenge(challenge))
            {
                return context.Fail($"--challenge must be the {OfflineUnlockChallenge.MinDigits} to {OfflineUnlockChallenge.MaxDigits} digits the terminal shows (spaces and dashes are ignored).");
            }
        }

        if (!context.TryReadSecret(arguments, SecretOption.MasterKey, stdinAllowed: true, required: true, out SecretText? masterText))
        {
            return ExitCodes.BadInput;
        }

        byte[] master = [];
        try
        {
            using (masterText)
            {
                if (!context.TryDecodeHex(masterText!, SecretOption.MasterKey, UnlockKeyDerivation.MinMasterKeyLength, out master))
                {
                    return ExitCodes.BadInput;
                }
            }

            string response = OfflineUnlockCalculator.ComputeResponseFromMaster(master, serial, terminal, operatorId, challenge);
            context.Stdout.WriteLine(grouping.Apply(response));
            return ExitCodes.Ok;
        }
        catch (ArgumentException)
        {
            // Every value was checked above; this is a guard, in the tool's words, never the exception's text.
            return context.Fail("the terminal id, operator, challenge or serial is not valid for an unlock response.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    private static bool TryReadQrFromStdin(CliContext context, out string payload)
    {
        payload = string.Empty;
        if (!context.TryClaimStdin("--qr"))
        {
            return false;
        }

        InputError error = BoundedInput.TryRead(context.Stdin, out SecretText? text);
        if (error != InputError.None)
        {
            context.Fail("--qr -: " + BoundedInput.Describe(error, "standard input") + ".");
            return false;
        }

        using (text)
        {
            payload = text!.ToString();
        }

        return true;
    }

    private static int ExecuteGeneric(CliArguments arguments, CliContext context)
    {
        List<string> missing = [.. new[] { "suite", "challenge" }.Where(n => !arguments.Has(n)).Select(n => "--" + n)];
        if (missing.Count > 0)
        {
            return context.Fail($"missing {string.Join(", ", missing)}.");
        }

        if (!OcraSuite.TryParse(arguments.Get("suite"), out OcraSuite? suite, out string? suiteError))
        {
            return context.Fail($"--suite is not an RFC 6287 OCRA suite: {LowerFirst(suiteError)}");
        }

        string challenge = DigitGrouping.Normalize(arguments.Get("challenge")!, out DigitGrouping grouping);
        if (!IsChallengeInFormat(challenge, suite))
        {
            string what = suite.ChallengeFormat switch
            {
                OcraChallengeFormat.Numeric => "decimal digits",
                OcraChallengeFormat.Hexadecimal => "hexadecimal digits",
                _ => "printable characters",
            };
            return context.Fail($"--challenge must be 1 to {2 * suite.ChallengeMaxLength} {what} for this suite (spaces and dashes are ignored).");
        }

        ulong? counter = null;
        if (arguments.Get("counter") is { } counterText)
        {
            if (!suite.UsesCounter)
            {
                return context.Fail("the suite has no counter (C): leave out --counter.");
            }

            if (!ulong.TryParse(counterText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong c))
            {
                return context.Fail("--counter must be a decimal number (0 to 18446744073709551615).");
            }

            counter = c;
        }
        else if (suite.UsesCounter)
        {
            return context.Fail("the suite uses a counter (C): give --counter <decimal>.");
        }

        byte[] session = [];
        if (arguments.Get("session") is { } sessionText)
        {
            if (!suite.UsesSessionInfo)
            {
                return context.Fail("the suite has no session information (S): leave out --session.");
            }

            if (!TryHex(sessionText, out session) || session.Length == 0 || session.Length > suite.SessionInfoLength)
            {
                return context.Fail($"--session must be 1 to {suite.SessionInfoLength} bytes in hexadecimal (an even number of 0-9, a-f).");
            }
        }
        else if (suite.UsesSessionInfo)
        {
            return context.Fail($"the suite uses session information (S{suite.SessionInfoLength:D3}): give --session <hex>.");
        }

        ulong? time = null;
        if (arguments.Get("time") is { } timeText)
        {
            if (!suite.UsesTimestamp)
            {
                return context.Fail("the suite has no timestamp (T): leave out --time.");
            }

            if (timeText.Length is 0 or > 16 || !ulong.TryParse(timeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong t))
            {
                return context.Fail("--time must be hexadecimal (time steps since the Unix epoch, e.g. 132d0b6).");
            }

            time = t;
        }
        else if (suite.UsesTimestamp)
        {
            return context.Fail("the suite uses a timestamp (T): give --time <hex time steps since the Unix epoch>.");
        }

        if (arguments.Has("pin-hash-file") && !suite.UsesPinHash)
        {
            return context.Fail("the suite has no PIN hash (P): leave out --pin-hash-file.");
        }

        byte[] key = [];
        byte[] pinHash = [];
        try
        {
            if (suite.UsesPinHash)
            {
                if (!context.TryReadSecret(arguments, SecretOption.OcraPinHash, stdinAllowed: true, required: true, out SecretText? pinHashText))
                {
                    return ExitCodes.BadInput;
                }

                using (pinHashText)
                {
                    if (!TryHex(pinHashText!.Span, out pinHash) || pinHash.Length != suite.PinHashLength)
                    {
                        return context.Fail($"the OCRA PIN hash must be the {suite.PinHashAlgorithm switch { OcraHashAlgorithm.Sha1 => "SHA-1", OcraHashAlgorithm.Sha256 => "SHA-256", _ => "SHA-512" }} hash of the PIN: {suite.PinHashLength} bytes, {2 * suite.PinHashLength} hexadecimal digits (never the PIN itself).");
                    }
                }
            }

            if (!context.TryReadSecret(arguments, SecretOption.OcraKey, stdinAllowed: true, required: true, out SecretText? keyText))
            {
                return ExitCodes.BadInput;
            }

            using (keyText)
            {
                if (!context.TryDecodeHex(keyText!, SecretOption.OcraKey, 1, out key))
                {
                    return ExitCodes.BadInput;
                }
            }

            var input = new OcraInput(challenge) { Counter = counter, PinHash = pinHash, SessionInfo = session, Timestamp = time };
            string response = OcraGenerator.GenerateResponse(suite, key, input);
            context.Stdout.WriteLine(grouping.Apply(response));
            return ExitCodes.Ok;
        }
        catch (ArgumentException)
        {
            // Every value was checked above; this is a guard, in the tool's words, never the exception's text.
            return context.Fail("the values do not fit the suite. Run 'posauth unlock-response --help'.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(pinHash);
        }
    }

    private static bool IsChallengeInFormat(string challenge, OcraSuite suite)
    {
        if (challenge.Length == 0 || challenge.Length > 2 * suite.ChallengeMaxLength)
        {
            return false;
        }

        return suite.ChallengeFormat switch
        {
            OcraChallengeFormat.Numeric => challenge.All(char.IsAsciiDigit),
            OcraChallengeFormat.Hexadecimal => challenge.All(char.IsAsciiHexDigit),
            _ => challenge.All(c => c is > ' ' and <= '~'),
        };
    }

    private static bool TryHex(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0)
        {
            return false;
        }

        byte[] buffer = new byte[text.Length / 2];
        if (Convert.FromHexString(text, buffer, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            CryptographicOperations.ZeroMemory(buffer);
            return false;
        }

        bytes = buffer;
        return true;
    }

    private static string LowerFirst(string? text) =>
        string.IsNullOrEmpty(text) ? "not valid." : char.ToLowerInvariant(text[0]) + text[1..];
}
