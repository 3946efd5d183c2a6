namespace PosAuth.Demo;

/// <summary>
/// Reads operator input. On a console a PIN is typed masked (one '*' per digit, via
/// <see cref="Console.ReadKey(bool)"/> with the key intercepted) into a buffer that is cleared after use;
/// with standard input redirected (a pipe, a file, a test) it reads whole lines instead and echoes them (a PIN as
/// stars), so a transcript reads like the screen.
/// </summary>
internal sealed class PinReader(DemoConsole console)
{
    private const int MaxPin = 64;

    /// <summary>Reads a line; <see langword="null"/> at the end of input.</summary>
    public string? ReadLine(string prompt)
    {
        console.Out.Write(prompt);
        string? line = console.In.ReadLine();
        if (line is null)
        {
            console.Out.WriteLine();
        }
        else if (!console.IsInteractive)
        {
            console.Out.WriteLine(line.Trim());
        }

        return line?.Trim();
    }

    /// <summary>Reads a PIN into a new buffer the caller clears; <see langword="null"/> at the end of input.</summary>
    public char[]? ReadPin(string prompt)
    {
        console.Out.Write(prompt);
        if (!console.IsInteractive)
        {
            string? line = console.In.ReadLine();
            console.Out.WriteLine(line is null ? "" : new string('*', line.Trim().Length));
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
                    console.Out.WriteLine();
                    return buffer.AsSpan(0, length).ToArray();
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (length > 0)
                    {
                        buffer[--length] = '\0';
                        console.Out.Write("\b \b");
                    }

                    continue;
                }

                if (key.Key == ConsoleKey.Escape)
                {
                    console.Out.WriteLine();
                    return [];
                }

                if (!char.IsControl(key.KeyChar) && length < MaxPin)
                {
                    buffer[length++] = key.KeyChar;
                    console.Out.Write('*');
                }
            }
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
