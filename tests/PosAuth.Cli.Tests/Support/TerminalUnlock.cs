using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Cli.Tests.Support;

/// <summary>
/// The terminal side of the offline unlock as a vendor wires it (<c>AddPosAuth</c>, in-memory stores, the terminal key
/// provisioned), with supervisor 00 on PIN 739146, so a test can answer the terminal's challenge with the CLI.
/// </summary>
internal sealed class TerminalUnlock : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TerminalUnlock(ServiceProvider provider, IOfflineUnlockService service, IOperatorStore operators)
    {
        _provider = provider;
        Service = service;
        Operators = operators;
    }

    public IOfflineUnlockService Service { get; }

    public IOperatorStore Operators { get; }

    public static async Task<TerminalUnlock> StartAsync(byte[] terminalKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IOfflineUnlockKeyProvider>(new OfflineUnlockKeyProvider(terminalKey));
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
        }).UseInMemoryStores().WithoutHostSignOn();
        ServiceProvider provider = services.BuildServiceProvider();
        IOperatorStore operators = provider.GetRequiredService<IOperatorStore>();
        await operators.TryCreateAsync(new OperatorAccount { OperatorId = "00", Role = OperatorRole.Supervisor, PinHash = provider.GetRequiredService<IPinHasher>().Hash("739146") });
        return new TerminalUnlock(provider, provider.GetRequiredService<IOfflineUnlockService>(), operators);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
