namespace PosAuth.Cli.Hosting;

/// <summary>A source of key presses that are not echoed (the terminal), so a PIN can be typed without showing it.</summary>
internal interface IKeyReader
{
    /// <summary>Waits for the next key; it is not displayed.</summary>
    ConsoleKeyInfo ReadKey();
}
