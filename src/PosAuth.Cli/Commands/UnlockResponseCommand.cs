using System.Globalization;
using System.Security.Cryptography;
using PosAuth.Recovery.Ocra;
using PosAuth.Recovery.OfflineUnlock;

namespace PosAuth.Cli.Commands;

/// <summary>
/// <c>posauth unlock-response</c>: computes an RFC 6287 OCRA response, either generically
/// (<c>--suite --key --challenge [--counter] [--pin-hash] [--session] [--time]</c>, values as the RFC writes them) or
/// for the PosAuth offline unlock from the vendor master key (<c>--master-key --terminal-serial --terminal --operator
/// --challenge</c>, or <c>--qr</c> for the last three). Prints the response alone.
/// </summary>
internal sealed class UnlockResponseCommand : ICliCommand
{
    public string Name => "unlock-response";

    public string Summary => "Compute an OCRA (RFC 6287) response, or the unlock response for a locked terminal.";

    public string Help =>
        """
        Usage: posauth unlock-response --suite <OCRA suite> --key <hex> --challenge <Q>
                                       [--counter C] [--pin-hash H] [--session S] [--time T]
               posauth unlock-response --master-key <hex> --terminal-serial <serial>
                                       (--terminal <id> --operator <id> --challenge <digits> | --qr <payload>)

        Generic mode: values as RFC 6287 writes them in its test vectors. Key, PIN hash,
        session information and time (time steps since the epoch) in hexadecimal; counter
        in decimal; challenge in the suite's own format (QN decimal digits, QA text,
        QH hex; mutual mode: the two challenges concatenated).

        Offline-unlock mode: derives the terminal key from the vendor master key and the
        terminal serial exactly as the SDK provisions it (HKDF-SHA256), then computes the
        response for the challenge the terminal shows (suite OCRA-1:HOTP-SHA256-8:QNxx-S064,
        bound to the terminal id and the operator). --qr takes the terminal's QR payload
        POSAUTH-UNLOCK:1:<terminal>:<operator>:<challenge>. Read the response to the caller
        only after checking who they are.

        Prints the response alone. Exit 0 ok, 2 bad input (message on stderr).
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("suite", "OCRA suite", "Generic mode: the suite, e.g. OCRA-1:HOTP-SHA1-6:QN08."),
        new("key", "hex", "Generic mode: the shared key, hexadecimal."),
        new("challenge", "Q", "The challenge (generic: in the suite's format; unlock: the digits shown)."),
        new("counter", "C", "Generic mode: the counter, decimal (suites with C)."),
        new("pin-hash", "H", "Generic mode: the PIN hash, hexadecimal (suites with P). Never the PIN itself."),
        new("session", "S", "Generic mode: the session information, hexadecimal (suites with S)."),
        new("time", "T", "Generic mode: time steps since the Unix epoch, hexadecimal (suites with T)."),
        new("master-key", "hex", "Unlock mode: the vendor master key, hexadecimal (at least 16 bytes)."),
        new("terminal-serial", "serial", "Unlock mode: the terminal serial the terminal key was derived from."),
        new("terminal", "id", "Unlock mode: the terminal id the terminal shows."),
        new("operator", "id", "Unlock mode: the operator to unlock (e.g. 00, 01)."),
        new("qr", "payload", "Unlock mode: the QR payload instead of --terminal, --operator and --challenge."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    private static readonly string[] GenericOnly = ["suite", "key", "counter", "pin-hash", "session", "time"];
    private static readonly string[] UnlockOnly = ["master-key", "terminal-serial", "terminal", "operator", "qr"];

    public int Execute(CliArguments arguments, CliContext context) =>
        arguments.Has("master-key") || arguments.Has("terminal-serial") || arguments.Has("qr")
            ? ExecuteUnlock(arguments, context)
            : ExecuteGeneric(arguments, context);

    private static int ExecuteGeneric(CliArguments arguments, CliContext context)
    {
        foreach (string name in UnlockOnly)
        {
            if (arguments.Has(name))
            {
                return context.Fail($"--{name} belongs to the offline-unlock mode (with --master-key and --terminal-serial).");
            }
        }

        if (Missing(arguments, context, "suite", "key", "challenge") is { } missing)
        {
            return missing;
        }

        if (!OcraSuite.TryParse(arguments.Get("suite"), out OcraSuite? suite, out string? suiteError))
        {
            return context.Fail($"--suite: {suiteError}");
        }

        byte[]? key = null;
        try
        {
            if (!TryHex(arguments.Get("key")!, out key) || key.Length == 0)
            {
                return context.Fail("--key must be a non-empty even number of hexadecimal digits.");
            }

            ulong? counter = null;
            if (arguments.Get("counter") is { } counterText)
            {
                if (!ulong.TryParse(counterText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong c))
                {
                    return context.Fail("--counter must be a decimal number (0 to 18446744073709551615).");
                }

                counter = c;
            }

            byte[] pinHash = [];
            if (arguments.Get("pin-hash") is { } pinHashText && !TryHex(pinHashText, out pinHash))
            {
                return context.Fail("--pin-hash must be an even number of hexadecimal digits (the hash of the PIN, not the PIN).");
            }

            byte[] session = [];
            if (arguments.Get("session") is { } sessionText && !TryHex(sessionText, out session))
            {
                return context.Fail("--session must be an even number of hexadecimal digits.");
            }

            ulong? time = null;
            if (arguments.Get("time") is { } timeText)
            {
                if (!ulong.TryParse(timeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong t))
                {
                    return context.Fail("--time must be hexadecimal (time steps since the Unix epoch, e.g. 132d0b6).");
                }

                time = t;
            }

            var input = new OcraInput(arguments.Get("challenge")!)
            {
                Counter = counter,
                PinHash = pinHash,
                SessionInfo = session,
                Timestamp = time,
            };
            string response = OcraGenerator.GenerateResponse(suite, key, input);
            context.Stdout.WriteLine(response);
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            return context.Fail(MessageOf(e));
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private static int ExecuteUnlock(CliArguments arguments, CliContext context)
    {
        foreach (string name in GenericOnly)
        {
            if (arguments.Has(name))
            {
                return context.Fail($"--{name} belongs to the generic OCRA mode; the offline-unlock mode fixes the suite and derives the key.");
            }
        }

        if (Missing(arguments, context, "master-key", "terminal-serial") is { } missing)
        {
            return missing;
        }

        string terminal;
        string operatorId;
        string challenge;
        if (arguments.Get("qr") is { } qr)
        {
            if (arguments.Has("terminal") || arguments.Has("operator") || arguments.Has("challenge"))
            {
                return context.Fail("give either --qr or --terminal, --operator and --challenge, not both.");
            }

            if (!OfflineUnlockRequest.TryParseQrPayload(qr, out OfflineUnlockRequest? request))
            {
                return context.Fail("--qr is not a valid unlock payload (POSAUTH-UNLOCK:1:<terminal>:<operator>:<challenge>).");
            }

            (terminal, operatorId, challenge) = (request.TerminalId, request.TargetOperatorId, request.Challenge);
        }
        else
        {
            if (Missing(arguments, context, "terminal", "operator", "challenge") is { } missingIds)
            {
                return missingIds;
            }

            (terminal, operatorId, challenge) = (arguments.Get("terminal")!, arguments.Get("operator")!, arguments.Get("challenge")!);
        }

        byte[]? master = null;
        try
        {
            if (!TryHex(arguments.Get("master-key")!, out master) || master.Length < UnlockKeyDerivation.MinMasterKeyLength)
            {
                return context.Fail($"--master-key must be at least {UnlockKeyDerivation.MinMasterKeyLength} bytes in hexadecimal.");
            }

            string response = OfflineUnlockCalculator.ComputeResponseFromMaster(master, arguments.Get("terminal-serial")!, terminal, operatorId, challenge);
            context.Stdout.WriteLine(response);
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            return context.Fail(MessageOf(e));
        }
        finally
        {
            if (master is not null)
            {
                CryptographicOperations.ZeroMemory(master);
            }
        }
    }

    private static int? Missing(CliArguments arguments, CliContext context, params string[] names)
    {
        string[] missing = [.. names.Where(n => !arguments.Has(n))];
        return missing.Length == 0 ? null : context.Fail($"missing {string.Join(", ", missing.Select(n => "--" + n))}.");
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string MessageOf(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
}
