using PosAuth.Cli.Hosting;

namespace PosAuth.Cli.Tests.Support;

/// <summary>A terminal whose keys are scripted: '\n' is Enter, '\b' Backspace, '\u001b' Escape, '\u0015' Ctrl+U; others are typed.</summary>
internal sealed class ScriptedKeys(string keys) : IKeyReader
{
    private int _next;

    public int Read => _next;

    public ConsoleKeyInfo ReadKey()
    {
        if (_next >= keys.Length)
        {
            throw new InvalidOperationException("the test typed no more keys");
        }

        char c = keys[_next++];
        ConsoleKey key = c switch
        {
            '\n' => ConsoleKey.Enter,
            '\b' => ConsoleKey.Backspace,
            '\u001b' => ConsoleKey.Escape,
            >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
            _ => ConsoleKey.NoName,
        };
        return new ConsoleKeyInfo(c == '\n' ? '\r' : c, key, shift: false, alt: false, control: c == '\u0015');
    }
}
