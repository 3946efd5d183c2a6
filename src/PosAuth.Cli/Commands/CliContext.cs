using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PosAuth.Cli.Hosting;
using PosAuth.Cli.Input;
using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary>One run of a command: the host, and the helpers every command shares (messages, PINs, secrets).</summary>
internal sealed class CliContext
{
    private string? _stdinUsedBy;

    public CliContext(string commandName, CliHost host)
    {
        CommandName = commandName;
        Host = host;
    }

    public string CommandName { get; }

    public CliHost Host { get; }

    public TextReader Stdin => Host.Stdin;

    public TextWriter Stdout => Host.Stdout;

    public TextWriter Stderr => Host.Stderr;

    /// <summary>Writes <c>posauth &lt;command&gt;: message</c> to standard error and returns exit code 2.</summary>
    public int Fail(string message)
    {
        Stderr.WriteLine($"posauth {CommandName}: {message}");
        return ExitCodes.BadInput;
    }

    /// <summary>Writes <c>posauth &lt;command&gt;: warning: message</c> to standard error.</summary>
    public void Warn(string message) => Stderr.WriteLine($"posauth {CommandName}: warning: {message}");

    /// <summary>Reserves standard input for one value (a PIN, or one option given as <c>-</c>); writes the message and returns false when it is taken.</summary>
    public bool TryClaimStdin(string by)
    {
        if (_stdinUsedBy is not null)
        {
            Fail($"{by}: standard input is already taken by {_stdinUsedBy}; only one value can come from standard input.");
            return false;
        }

        _stdinUsedBy = by;
        return true;
    }

    /// <summary>
    /// Reads the PIN: typed without echo after a prompt on standard error when standard input is a terminal
    /// (twice when <paramref name="confirm"/>), otherwise the one line of standard input (at most 1 KiB read).
    /// Writes the message and returns false when there is no usable line.
    /// </summary>
    public bool TryReadPin(out SecretText? pin, bool confirm = false)
    {
        pin = null;
        if (!TryClaimStdin("the PIN"))
        {
            return false;
        }

        InputError error;
        if (Host.Terminal is { } keys)
        {
            error = TerminalReader.TryReadLine(keys, Stderr, "PIN: ", out pin);
            if (error == InputError.None && confirm)
            {
                error = TerminalReader.TryReadLine(keys, Stderr, "PIN again: ", out SecretText? again);
                if (error == InputError.None && !SameText(pin!.Span, again!.Span))
                {
                    pin.Dispose();
                    again.Dispose();
                    pin = null;
                    Fail("the two PINs differ; nothing was done.");
                    return false;
                }

                again?.Dispose();
            }
        }
        else
        {
            error = BoundedInput.TryRead(Stdin, out pin);
        }

        if (error == InputError.None)
        {
            return true;
        }

        pin?.Dispose();
        pin = null;
        Fail(error == InputError.Empty
            ? "no PIN on standard input (PINs are read from standard input, one line, never from arguments)."
            : BoundedInput.Describe(error, "standard input") + ".");
        return false;
    }

    /// <summary>Checks that the PIN is digits (full-width accepted) and not too long, in the tool's words.</summary>
    public bool TryValidatePin(ReadOnlySpan<char> pin)
    {
        switch (PinInput.Validate(pin))
        {
            case PinInputError.None:
                return true;
            case PinInputError.TooLong:
                Fail($"the PIN is longer than {PinInput.MaxLength} digits.");
                return false;
            case PinInputError.Empty:
                Fail("no PIN on standard input (PINs are read from standard input, one line, never from arguments).");
                return false;
            default:
                Fail("the PIN may contain only the digits 0-9 (full-width digits are accepted).");
                return false;
        }
    }

    /// <summary>
    /// Reads a secret: from the file named by its option (<c>-</c> = standard input, when <paramref name="stdinAllowed"/>),
    /// else from its environment variable. Writes the message and returns false when it cannot be read, or when it is
    /// absent and <paramref name="required"/>; returns true with <see langword="null"/> when absent and optional.
    /// </summary>
    public bool TryReadSecret(CliArguments arguments, SecretOption option, bool stdinAllowed, bool required, out SecretText? secret)
    {
        secret = null;
        string? path = arguments.Get(option.FileOption);
        InputError error;
        string source;
        if (path == "-")
        {
            if (!stdinAllowed)
            {
                Fail($"--{option.FileOption} -: standard input carries the PIN; put {option.What} in a file, or set {option.EnvironmentVariable}.");
                return false;
            }

            if (!TryClaimStdin($"--{option.FileOption} -"))
            {
                return false;
            }

            source = "standard input";
            error = Host.Terminal is { } keys
                ? TerminalReader.TryReadLine(keys, Stderr, option.Prompt, out secret)
                : BoundedInput.TryRead(Stdin, out secret);
        }
        else if (path is not null)
        {
            if (path.Length == 0)
            {
                Fail($"--{option.FileOption} needs a file name (or - for standard input).");
                return false;
            }

            source = $"the file '{path}'";
            error = BoundedInput.TryReadFile(path, out secret);
            if (error == InputError.None)
            {
                WarnIfReadableByOthers(path);
            }
        }
        else if (Host.GetEnvironmentVariable(option.EnvironmentVariable) is { Length: > 0 } value)
        {
            source = "the environment variable " + option.EnvironmentVariable;
            error = BoundedInput.TryRead(new StringReader(value), out secret);
        }
        else
        {
            if (required)
            {
                Fail($"{option.What} is missing: put it in a file and give --{option.FileOption} <file>{(stdinAllowed ? " (- reads standard input)" : string.Empty)}, or set {option.EnvironmentVariable}.");
                return false;
            }

            return true;
        }

        if (error == InputError.None)
        {
            return true;
        }

        Fail($"{option.What}: {BoundedInput.Describe(error, source)}.");
        return false;
    }

    /// <summary>Decodes a hexadecimal secret into a new array (the caller zeroes it). Never echoes the text.</summary>
    public bool TryDecodeHex(SecretText text, SecretOption option, int minBytes, out byte[] bytes)
    {
        bytes = [];
        ReadOnlySpan<char> hex = text.Span;
        if (hex.Length % 2 == 0 && hex.Length / 2 >= Math.Max(minBytes, 1))
        {
            byte[] buffer = new byte[hex.Length / 2];
            if (Convert.FromHexString(hex, buffer, out _, out _) == System.Buffers.OperationStatus.Done)
            {
                bytes = buffer;
                return true;
            }

            CryptographicOperations.ZeroMemory(buffer);
        }

        Fail(minBytes > 1
            ? $"{option.What} must be at least {minBytes} bytes in hexadecimal ({2 * minBytes} or more of 0-9, a-f; nothing else on the line)."
            : $"{option.What} must be hexadecimal: an even number of 0-9, a-f, nothing else on the line.");
        return false;
    }

    private void WarnIfReadableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                Warn($"'{path}' can be read by other users (mode {Convert.ToString((int)mode & 0x1FF, 8)}); restrict it with chmod 600.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file was just read; a failing stat only loses the warning.
        }
    }

    private static bool SameText(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a), MemoryMarshal.AsBytes(b));
}
