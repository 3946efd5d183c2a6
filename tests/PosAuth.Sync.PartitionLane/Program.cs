// One lane of the partition test, as its own process: PosAuth over its own SQLite file, connected to the back office
// with UseBackOffice, its sync agent running. Commands come one a line on stdin; the first line is the lane key (never
// an argument: a key is never on a command line). Answers go to stdout, one line each.
//   signin <operator> <pin>   -> "signin <outcome> <kdf verifications so far>"
//   kdf                       -> "kdf <verifications so far>"
//   sync                      -> "sync ok" | "sync unavailable"
//   audit                     -> "audit <valid> <records checked>"
//   quit
using Microsoft.Extensions.DependencyInjection;
using PosAuth;
using PosAuth.Hashing;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;
using PosAuth.Sync;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PosAuth.Sync.PartitionLane <back office uri> <terminal> <site> <database path>");
    return 2;
}

string? keyLine = Console.ReadLine();
if (keyLine is null || !keyLine.StartsWith("key ", StringComparison.Ordinal))
{
    Console.Error.WriteLine("The first line must be the lane key.");
    return 2;
}

byte[] key = Convert.FromBase64String(keyLine[4..]);
var services = new ServiceCollection();
services.AddPosAuth(o => o.Hashing.Iterations = 10_000)
    .WithoutHostSignOn()
    .UseSqlite(args[3])
    .UseBackOffice(new Uri(args[0]), new LaneCredentials(args[1], args[2], key), o =>
    {
        o.LeaseSize = 1;
        o.RetryDelay = TimeSpan.FromMilliseconds(20);
        o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        o.RequestTimeout = TimeSpan.FromSeconds(3);
        o.PushInterval = TimeSpan.FromMilliseconds(200);
    });

// Count the KDF runs: every PIN verification goes through IPinHasher.Verify.
ServiceDescriptor hasher = services.Last(d => d.ServiceType == typeof(IPinHasher));
services.Remove(hasher);
services.AddSingleton<IPinHasher>(sp => new CountingHasher((IPinHasher)hasher.ImplementationFactory!(sp)));

await using ServiceProvider provider = services.BuildServiceProvider();
var counting = (CountingHasher)provider.GetRequiredService<IPinHasher>();
IBackOfficeSyncAgent agent = provider.GetRequiredService<IBackOfficeSyncAgent>();
IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
using var stop = new CancellationTokenSource();
Task running = agent.RunAsync(stop.Token);
Console.Out.WriteLine("ready");
Console.Out.Flush();

while (Console.ReadLine() is { } line)
{
    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    string answer;
    switch (parts.FirstOrDefault())
    {
        case "signin" when parts.Length == 3:
            AuthenticationResult r = await authenticator.AuthenticateAsync(args[1], parts[1], parts[2].AsMemory());
            answer = $"signin {r.Outcome} {counting.Verifications}";
            break;
        case "kdf":
            answer = $"kdf {counting.Verifications}";
            break;
        case "sync":
            try
            {
                await agent.SyncOnceAsync();
                answer = "sync ok";
            }
            catch (StoreUnavailableException)
            {
                answer = "sync unavailable";
            }

            break;
        case "audit":
            var store = (SqliteAuditStore)provider.GetRequiredService<IAuditStore>();
            AuditChainVerification v = await store.VerifyAuditChainAsync();
            answer = $"audit {v.IsValid} {v.RecordsChecked}";
            break;
        case "quit":
            await stop.CancelAsync();
            await running;
            return 0;
        default:
            answer = "error unknown command";
            break;
    }

    Console.Out.WriteLine(answer);
    Console.Out.Flush();
}

await stop.CancelAsync();
await running;
return 0;

internal sealed class CountingHasher(IPinHasher inner) : IPinHasher
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string Hash(ReadOnlySpan<char> pin) => inner.Hash(pin);

    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
    {
        Interlocked.Increment(ref _verifications);
        return inner.Verify(storedHash, pin);
    }

    public PinHashInspection Inspect(string storedHash) => inner.Inspect(storedHash);
}
