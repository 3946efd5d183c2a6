namespace PosAuth.Demo;

/// <summary>
/// Reads operator input. On a console a PIN is typed masked (one '*' per digit, via
/// <see cref="Console.ReadKey(bool)"/> with the key intercepted) into a buffer that is cleared after use;
/// with standard input redirected (a pipe, a file, no terminal at all) it reads whole lines instead.
/// </summary>
internal sealed class PinReader(TextWriter output)
{
    private const int MaxPin = 64;

    /// <summary>Reads a line; <see langword="null"/> at the end of input.</summary>
    public string? ReadLine(string prompt)
    {
        output.Write(prompt);
        string? line = Console.In.ReadLine();
        if (line is null)
        {
            output.WriteLine();
        }
        else if (Console.IsInputRedirected)
        {
            output.WriteLine(line); // echo what the script typed, so a transcript reads naturally
        }

        return line?.Trim();
    }

    /// <summary>Reads a PIN into a new buffer the caller clears; <see langword="null"/> at the end of input.</summary>
    public char[]? ReadPin(string prompt)
    {
        output.Write(prompt);
        if (Console.IsInputRedirected)
        {
            string? line = Console.In.ReadLine();
            output.WriteLine(line is null ? "" : new string('*', line.Trim().Length));
            return line?.Trim().ToCharArray();
        }

        char[] buffer = new char[MaxPin];
        int length = 0;
        try
        {
            while (true)
            {
                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    output.WriteLine();
                    return buffer.AsSpan(0, length).ToArray();
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (length > 0)
                    {
                        buffer[--length] = '\0';
                        output.Write("\b \b");
                    }

                    continue;
                }

                if (key.Key == ConsoleKey.Escape)
                {
                    output.WriteLine();
                    return [];
                }

                if (!char.IsControl(key.KeyChar) && length < MaxPin)
                {
                    buffer[length++] = key.KeyChar;
                    output.Write('*');
                }
            }
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
