using Microsoft.Extensions.Hosting;
using System.Security.Cryptography;
using PosAuth.BackOffice.Console;

// dotnet run --project samples/PosAuth.BackOffice [-- --port 5080] [--data <folder>] [--postgres <connection string>]
//
// SQLite by default, in ./posauth-backoffice-data (no setup). --postgres takes an Npgsql connection string WITHOUT a
// password (Npgsql reads it from PGPASSFILE or ~/.pgpass); POSAUTH_BACKOFFICE_POSTGRES may hold the whole string
// instead, so it never appears in the process list. The secrets are created on the first run in the data folder.
string? postgres = Environment.GetEnvironmentVariable("POSAUTH_BACKOFFICE_POSTGRES");
string data = Path.GetFullPath("posauth-backoffice-data");
int port = 5080;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--postgres" when i + 1 < args.Length:
            postgres = args[++i];
            if (postgres.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("--postgres: give a connection string without a password (use PGPASSFILE or ~/.pgpass), or put the whole string in POSAUTH_BACKOFFICE_POSTGRES.");
                return 2;
            }

            break;
        case "--data" when i + 1 < args.Length:
            data = Path.GetFullPath(args[++i]);
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out int p) && p is >= 0 and <= 65535:
            port = p;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: PosAuth.BackOffice.Console [--port 5080] [--data <folder>] [--postgres <connection string without password>]");
            return 2;
    }
}

Directory.CreateDirectory(data);
var settings = new ConsoleSettings
{
    SqliteDirectory = postgres is null ? Path.Combine(data, "sqlite") : null,
    PostgresConnectionString = postgres,
    Secret = SecretFile(Path.Combine(data, "backoffice.secret")),
    OfflineUnlockMasterKey = SecretFile(Path.Combine(data, "offline-unlock-master.key")),
    Port = port,
    Logging = Environment.GetEnvironmentVariable("POSAUTH_BACKOFFICE_LOG") == "1",
};

await using Microsoft.AspNetCore.Builder.WebApplication app = await ConsoleApp.StartAsync(settings);
Uri address = ConsoleApp.AddressOf(app);
var auth = (PosAuth.BackOffice.IBackOfficeAuthentication)app.Services.GetService(typeof(PosAuth.BackOffice.IBackOfficeAuthentication))!;
string? initial = await auth.CreateInitialAdministratorAsync("admin");
Console.WriteLine($"PosAuth back office: {address}  ({(postgres is null ? "SQLite in " + settings.SqliteDirectory : "PostgreSQL")})");
Console.WriteLine(initial is null
    ? "Users exist already: sign in with your account."
    : $"Initial administrator: admin / {initial}  (one-time password: you must change it and enrol an authenticator app at the first sign-in)");
Console.WriteLine("Ctrl-C stops it.");
await app.WaitForShutdownAsync();
return 0;

// A 32-byte secret kept in a file readable by this user only; created on the first run.
static byte[] SecretFile(string path)
{
    if (File.Exists(path))
    {
        byte[] existing = File.ReadAllBytes(path);
        if (existing.Length != 32)
        {
            throw new InvalidDataException(path + " is not a 32-byte secret.");
        }

        return existing;
    }

    byte[] secret = RandomNumberGenerator.GetBytes(32);
    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
    if (!OperatingSystem.IsWindows())
    {
        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    }

    using (FileStream f = new(path, options))
    {
        f.Write(secret);
    }

    return secret;
}
