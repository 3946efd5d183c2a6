// "Bring your own storage": PosAuth signing an operator in against the integrator's own file-based stores.
// Usage: dotnet run --project samples/PosAuth.Samples.CustomStore [data-directory]
using PosAuth.Storage;
using Microsoft.Extensions.DependencyInjection;
using PosAuth;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Samples.CustomStore.FileStore;

string dataDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "posauth-custom-store-sample");
const string terminalId = "T0000001";

var services = new ServiceCollection();
services.AddPosAuth(o => o.Hashing.Iterations = 10_000) // low for an instant demo; production keeps the default
    .UseInMemoryStores()                                // sessions and audit in memory for this sample...
    .UseFileStores(dataDirectory)                       // ...the integrator's own operator and attempt stores
    .WithoutHostSignOn();                               // no terminal sign-in to an acquirer host in this sample

await using ServiceProvider provider = services.BuildServiceProvider();
IOperatorStore operators = provider.GetRequiredService<IOperatorStore>();
IAttemptStore attempts = provider.GetRequiredService<IAttemptStore>();
IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();

// Start from a clean slate so the sample can be run again.
await operators.DeleteAllAsync();
await attempts.DeleteAllAsync(default);
await operators.TryCreateAsync(new OperatorAccount
{
    OperatorId = "01",
    Role = OperatorRole.Operator,
    PinHash = provider.GetRequiredService<IPinHasher>().Hash("730194"),
    DisplayName = "Cashier 01",
    CreatedAt = TimeProvider.System.GetUtcNow(),
});

Console.WriteLine($"Data directory: {dataDirectory}");
Console.WriteLine($"Stores: {operators.GetType().Name}, {attempts.GetType().Name}");
Console.WriteLine();

AuthenticationResult wrong = await authenticator.AuthenticateAsync(terminalId, "01", "111111".AsMemory());
Console.WriteLine($"Operator 01, wrong PIN   -> {wrong.Outcome}, remaining attempts {wrong.RemainingAttempts}");
AttemptRecord? charged = await attempts.GetAsync(new AttemptKey(terminalId, "01"), default);
Console.WriteLine($"  attempt record on disk  -> failures {charged?.FailureCount}, version {charged?.Version}");

AuthenticationResult right = await authenticator.AuthenticateAsync(terminalId, "01", "730194".AsMemory());
Console.WriteLine($"Operator 01, right PIN   -> {right.Outcome}");
AttemptRecord? refunded = await attempts.GetAsync(new AttemptKey(terminalId, "01"), default);
Console.WriteLine($"  attempt record on disk  -> failures {refunded?.FailureCount ?? 0}");

Console.WriteLine();
Console.WriteLine("Files:");
foreach (string file in Directory.EnumerateFiles(dataDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    Console.WriteLine($"  {Path.GetRelativePath(dataDirectory, file)}");
}

return right.Succeeded && !wrong.Succeeded ? 0 : 1;
