using PosAuth.Cli.Hosting;

namespace PosAuth.Cli.Input;

/// <summary>
/// Reads a line typed at the terminal without echoing it (like <c>passwd</c>: not even an asterisk, so the length
/// does not show either). The prompt goes to standard error, so standard output carries only the result.
/// Backspace deletes, Ctrl+U clears the line, Escape or Ctrl+D on an empty line cancels; at most
/// <see cref="BoundedInput.MaxChars"/> characters are kept.
/// </summary>
internal static class TerminalReader
{
    public static InputError TryReadLine(IKeyReader keys, TextWriter prompt, string promptText, out SecretText? text)
    {
        text = null;
        prompt.Write(promptText);
        prompt.Flush();
        char[] buffer = new char[BoundedInput.MaxChars];
        int length = 0;
        bool overflow = false;
        while (true)
        {
            ConsoleKeyInfo key = keys.ReadKey();
            char c = key.KeyChar;
            if (key.Key == ConsoleKey.Enter || c is '\r' or '\n')
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace || c is '\b' or '\u007f')
            {
                if (length > 0)
                {
                    buffer[--length] = '\0';
                }

                continue;
            }

            if (key.Key == ConsoleKey.Escape || (c == '\u0004' && length == 0))
            {
                prompt.WriteLine();
                Array.Clear(buffer);
                return InputError.Cancelled;
            }

            if (c == '\u0015')
            {
                Array.Clear(buffer, 0, length);
                length = 0;
                overflow = false;
                continue;
            }

            if (c == '\0' || char.IsControl(c))
            {
                continue;
            }

            if (length == buffer.Length)
            {
                overflow = true;
                continue;
            }

            buffer[length++] = c;
        }

        prompt.WriteLine();
        if (overflow)
        {
            Array.Clear(buffer);
            return InputError.TooLong;
        }

        return BoundedInput.Finish(buffer, length, full: false, out text);
    }
}
