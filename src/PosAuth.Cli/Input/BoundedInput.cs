using System.Text;

namespace PosAuth.Cli.Input;

/// <summary>
/// Reads one line of input — a PIN, a key, a stored hash — from standard input or a file, never more than
/// <see cref="MaxChars"/> characters: <c>cat /dev/zero | posauth hash</c> stops after 1 KiB with exit 2 instead of
/// growing without end. A leading UTF-8 byte order mark is ignored, white space around the line is removed, and a
/// second line is an error (never silently dropped).
/// </summary>
internal static class BoundedInput
{
    /// <summary>The most characters read: 1,024 (a PIN is at most 64, a key or hash string a few hundred).</summary>
    public const int MaxChars = 1024;

    private const char ByteOrderMark = '\uFEFF';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="reader"/> to its end, or stops after <see cref="MaxChars"/> + 1 characters.</summary>
    public static InputError TryRead(TextReader reader, out SecretText? text)
    {
        // Room for a byte order mark, the line, and one character more to tell "exactly full" from "longer".
        char[] buffer = new char[MaxChars + 2];
        int count = 0;
        while (count < buffer.Length)
        {
            int read = reader.Read(buffer, count, buffer.Length - count);
            if (read <= 0)
            {
                break;
            }

            count += read;
        }

        return Finish(buffer, count, count == buffer.Length, out text);
    }

    /// <summary>Reads a file of at most <see cref="MaxChars"/> bytes of UTF-8 (after an optional byte order mark).</summary>
    public static InputError TryReadFile(string path, out SecretText? text)
    {
        text = null;
        if (Directory.Exists(path))
        {
            return InputError.IsDirectory;
        }

        byte[] bytes = new byte[MaxChars + 3 + 1];
        int count = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);
            while (count < bytes.Length)
            {
                int read = stream.Read(bytes, count, bytes.Length - count);
                if (read <= 0)
                {
                    break;
                }

                count += read;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return InputError.NotFound;
        }
        catch (UnauthorizedAccessException)
        {
            return InputError.AccessDenied;
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ArgumentException)
        {
            return InputError.Unreadable;
        }

        try
        {
            if (count == bytes.Length)
            {
                return InputError.TooLong;
            }

            char[] chars = new char[count];
            int decoded;
            try
            {
                decoded = StrictUtf8.GetChars(bytes, 0, count, chars, 0);
            }
            catch (Exception ex) when (ex is DecoderFallbackException or ArgumentException)
            {
                Array.Clear(chars);
                return InputError.NotUtf8;
            }

            return Finish(chars, decoded, full: false, out text);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>Describes an error for a message: "<paramref name="what"/> is longer than …".</summary>
    public static string Describe(InputError error, string what) => error switch
    {
        InputError.Empty => $"{what} is empty",
        InputError.TooLong => $"{what} is longer than {MaxChars:N0} characters; it must hold one short line",
        InputError.MoreThanOneLine => $"{what} has more than one line; give exactly one",
        InputError.NotUtf8 => $"{what} is not UTF-8 text",
        InputError.NotFound => $"{what} does not exist",
        InputError.IsDirectory => $"{what} is a directory, not a file",
        InputError.AccessDenied => $"{what} cannot be read (permission denied)",
        InputError.Cancelled => "cancelled; nothing was done",
        _ => $"{what} cannot be read",
    };

    /// <summary>Removes a byte order mark and surrounding white space; rejects more than one line and empty text.</summary>
    internal static InputError Finish(char[] buffer, int count, bool full, out SecretText? text)
    {
        text = null;
        if (full || count > MaxChars + (count > 0 && buffer[0] == ByteOrderMark ? 1 : 0))
        {
            Array.Clear(buffer);
            return InputError.TooLong;
        }

        int start = 0;
        if (count > 0 && buffer[0] == ByteOrderMark)
        {
            start = 1;
        }

        int end = count;
        while (start < end && char.IsWhiteSpace(buffer[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(buffer[end - 1]))
        {
            end--;
        }

        if (buffer.AsSpan(start, end - start).ContainsAny('\r', '\n'))
        {
            Array.Clear(buffer);
            return InputError.MoreThanOneLine;
        }

        if (end == start)
        {
            Array.Clear(buffer);
            return InputError.Empty;
        }

        text = new SecretText(buffer, start, end - start);
        return InputError.None;
    }
}
