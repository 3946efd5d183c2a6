// Cold-start probe: what a terminal application does from power-on to the first sign-in result.
//   PosAuth.ColdStart --provision --db PATH   creates operator 01 in the SQLite file (set-up, not measured)
//   PosAuth.ColdStart --db PATH               builds the services, validates the options, signs 01 in once on the
//                                             embedded SQLite store, prints the outcome and exits (0 = succeeded)
// The KDF is at its minimum (PBKDF2 1,000 iterations) so the figure is start-up, not hashing.
using PosAuth.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.Hashing;

const string Terminal = "10000001";
const string Operator = "01";
const string Pin = "4739";

string? db = null;
bool provision = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--db" when i + 1 < args.Length:
            db = Path.GetFullPath(args[++i]);
            break;
        case "--provision":
            provision = true;
            break;
        default:
            Console.Error.WriteLine("usage: PosAuth.ColdStart [--provision] --db PATH");
            return 2;
    }
}

if (db is null)
{
    Console.Error.WriteLine("usage: PosAuth.ColdStart [--provision] --db PATH");
    return 2;
}

var services = new ServiceCollection();
services.AddPosAuth(o =>
    {
        o.Hashing.MinimumIterations = Pbkdf2PinHasherOptions.AbsoluteMinimumIterations;
        o.Hashing.Iterations = Pbkdf2PinHasherOptions.AbsoluteMinimumIterations;
    })
    .UseSqlite(db)
    .WithoutHostSignOn();
await using ServiceProvider provider = services.BuildServiceProvider();
provider.GetService<IStartupValidator>()?.Validate();

if (provision)
{
    IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
    bool created = await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(
        new OperatorAccount { OperatorId = Operator, Role = OperatorRole.Operator, PinHash = hasher.Hash(Pin) });
    Console.WriteLine(created ? "provisioned" : "already provisioned");
    return 0;
}

AuthenticationResult result = await provider.GetRequiredService<IOperatorAuthenticator>()
    .AuthenticateAsync(Terminal, Operator, Pin.AsMemory());
Console.WriteLine(result.Code);
return result.Outcome == AuthenticationOutcome.Succeeded ? 0 : 1;
