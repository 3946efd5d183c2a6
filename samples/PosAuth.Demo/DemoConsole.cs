namespace PosAuth.Demo;

/// <summary>The demo's input and output: the process console, or streams a test drives.</summary>
/// <param name="In">Where input lines come from.</param>
/// <param name="Out">Where the narration goes.</param>
/// <param name="Error">Where failures go.</param>
/// <param name="IsInteractive">Whether <paramref name="In"/> is a keyboard (PINs are then read masked, key by key).</param>
internal sealed record DemoConsole(TextReader In, TextWriter Out, TextWriter Error, bool IsInteractive)
{
    /// <summary>The process console.</summary>
    public static DemoConsole System() => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
}
