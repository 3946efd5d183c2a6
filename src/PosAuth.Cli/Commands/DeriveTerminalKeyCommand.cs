using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PosAuth.Cli.Input;
using PosAuth.OfflineUnlock;

namespace PosAuth.Cli.Commands;

/// <summary>
/// <c>posauth derive-terminal-key --master-key-file F --terminal-serial SN --out F</c>: provisioning. Derives the
/// terminal's offline-unlock key exactly as <c>unlock-response</c> does and writes it to a new file only the owner can
/// read (mode 600), never to the command line or the screen.
/// </summary>
internal sealed class DeriveTerminalKeyCommand : ICliCommand
{
    public string Name => "derive-terminal-key";

    public string Summary => "Provisioning: a terminal's unlock key, into a file.";

    public string Help =>
        """
        Usage: posauth derive-terminal-key --master-key-file <file>
                 --terminal-serial <SN> --out <file>
                 [--format base64|hex] [--length 16..64] [--force]

        Derives the terminal's offline-unlock key from the vendor master key and the
        terminal's serial number (HKDF-SHA256, exactly as unlock-response derives
        it) and writes it, one line, to --out: a new file that only its owner can
        read and write (mode 600; on Windows the file gets its folder's
        permissions). The key never appears on the command line or the screen.
        Provision it on the terminal as RecoveryOptions.OfflineUnlockKey (base64,
        the default format), then delete the file. --format hex writes it for an
        RFC 6287 tool (unlock-response --key-file). An existing --out file is kept
        unless --force (it is then replaced, mode 600).

        The master key: hexadecimal, in --master-key-file (- reads standard input)
        or in POSAUTH_MASTER_KEY. The serial is used exactly as given (case
        matters): the SN on the terminal's label, which the back office gives
        unlock-response later.

        Prints what it wrote (never the key). Exit 0 ok, 2 bad input.

        Example:  posauth derive-terminal-key --master-key-file vendor.hex \
                      --terminal-serial SN-0001 --out SN-0001.key
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("master-key-file", "file", "The vendor master key, hex (- = stdin; default POSAUTH_MASTER_KEY)."),
        new("terminal-serial", "SN", "The terminal's serial number, exactly as on its label."),
        new("out", "file", "Where to write the key: a new file, mode 600."),
        new("format", "base64|hex", "How the key is written (default base64, as RecoveryOptions takes it)."),
        new("length", "bytes", $"Key length in bytes, {UnlockKeyDerivation.MinMasterKeyLength} to {UnlockKeyDerivation.MaxKeyLength} (default {UnlockKeyDerivation.DefaultKeyLength})."),
        new("force", null, "Replace an existing --out file."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public string? RemovedOptionMessage(string name) =>
        name == SecretOption.MasterKey.RemovedArgument ? SecretOption.MasterKey.RemovedMessage(stdinAllowed: true) : null;

    public int Execute(CliArguments arguments, CliContext context)
    {
        List<string> missing = [.. new[] { "terminal-serial", "out" }.Where(n => !arguments.Has(n)).Select(n => "--" + n)];
        if (missing.Count > 0)
        {
            return context.Fail($"missing {string.Join(", ", missing)}.");
        }

        string serial = arguments.Get("terminal-serial")!;
        if (!OfflineUnlockIdentifiers.IsValidSerial(serial))
        {
            return context.Fail("--terminal-serial must be 1 to 64 printable ASCII characters without spaces, exactly as the terminal's label shows it (case matters).");
        }

        bool hex;
        switch (arguments.Get("format"))
        {
            case null or "base64":
                hex = false;
                break;
            case "hex":
                hex = true;
                break;
            default:
                return context.Fail("--format must be base64 or hex.");
        }

        int length = UnlockKeyDerivation.DefaultKeyLength;
        if (arguments.Get("length") is { } lengthText
            && (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length)
                || length < UnlockKeyDerivation.MinMasterKeyLength || length > UnlockKeyDerivation.MaxKeyLength))
        {
            return context.Fail($"--length must be {UnlockKeyDerivation.MinMasterKeyLength} to {UnlockKeyDerivation.MaxKeyLength} (bytes).");
        }

        string path = arguments.Get("out")!;
        if (path is "" or "-")
        {
            return context.Fail("--out must name a file: the key is never written to the screen or a pipe.");
        }

        bool force = arguments.Has("force");
        if (!force && (File.Exists(path) || Directory.Exists(path)))
        {
            return context.Fail($"'{path}' already exists; give --force to replace it.");
        }

        if (Directory.Exists(path))
        {
            return context.Fail($"'{path}' is a directory.");
        }

        if (!context.TryReadSecret(arguments, SecretOption.MasterKey, stdinAllowed: true, required: true, out SecretText? masterText))
        {
            return ExitCodes.BadInput;
        }

        byte[] master = [];
        byte[] key = new byte[length];
        char[] text = [];
        byte[] line = [];
        try
        {
            using (masterText)
            {
                if (!context.TryDecodeHex(masterText!, SecretOption.MasterKey, UnlockKeyDerivation.MinMasterKeyLength, out master))
                {
                    return ExitCodes.BadInput;
                }
            }

            UnlockKeyDerivation.DeriveTerminalKey(master, serial, key);
            text = new char[hex ? 2 * length : (length + 2) / 3 * 4];
            int written;
            if (hex)
            {
                Convert.TryToHexStringLower(key, text, out written);
            }
            else
            {
                Convert.TryToBase64Chars(key, text, out written);
            }

            line = new byte[written + 1];
            Encoding.ASCII.GetBytes(text.AsSpan(0, written), line);
            line[^1] = (byte)'\n';
            if (!TryWritePrivateFile(context, path, line, force))
            {
                return ExitCodes.BadInput;
            }

            context.Stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote the unlock key of terminal serial {serial} to {path} ({length} bytes, {(hex ? "hex" : "base64")}{(OperatingSystem.IsWindows() ? string.Empty : ", mode 600")})"));
            return ExitCodes.Ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(line);
            Array.Clear(text);
        }
    }

    /// <summary>
    /// Writes a new file created with mode 600 (so the key is never readable by others, not even for a moment). With
    /// <paramref name="replace"/>, writes a new file next to it and moves it over the old one, so the result is also a
    /// fresh mode-600 file and a crash leaves either the old or the new key, never half of one.
    /// </summary>
    private static bool TryWritePrivateFile(CliContext context, string path, byte[] content, bool replace)
    {
        string target = replace ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp") : path;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(target, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (replace)
            {
                File.Move(target, path, overwrite: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            if (replace)
            {
                try
                {
                    File.Delete(target);
                }
                catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
                {
                    // Nothing more to do: the temporary file holds the key and is mode 600.
                }
            }

            context.Fail(ex switch
            {
                UnauthorizedAccessException => $"'{path}' cannot be written (permission denied).",
                DirectoryNotFoundException => $"'{path}' cannot be written: its folder does not exist.",
                IOException when File.Exists(path) && !replace => $"'{path}' already exists; give --force to replace it.",
                _ => $"'{path}' cannot be written.",
            });
            return false;
        }
    }
}
