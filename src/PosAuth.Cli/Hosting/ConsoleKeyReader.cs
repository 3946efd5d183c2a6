namespace PosAuth.Cli.Hosting;

/// <summary>The console's keys, intercepted so that nothing typed is echoed.</summary>
internal sealed class ConsoleKeyReader : IKeyReader
{
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
