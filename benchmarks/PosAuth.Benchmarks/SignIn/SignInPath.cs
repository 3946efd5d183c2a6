using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.Hashing;
using PosAuth.Storage;

namespace PosAuth.Benchmarks.SignIn;

/// <summary>
/// The full sign-in of a known operator with the right PIN through <see cref="IOperatorAuthenticator.AuthenticateAsync"/>
/// (input check, operator load, lockout charge, KDF, refund, audit, metrics), as registered by <c>AddPosAuth()</c> with
/// the default options (220,000 iterations), against the raw verify of the same hash.
/// Targets: in-memory stores at most 1.02x the raw verify; SQLite (<c>UseSqlite</c>, WAL, synchronous=FULL, every
/// commit flushed) reported as the absolute microseconds it adds.
/// </summary>
[MemoryDiagnoser]
public class SignInPath
{
    private const string Terminal = "T0001";
    private const string OperatorId = "01";
    private static readonly ReadOnlyMemory<char> Pin = "730194".AsMemory();

    private ServiceProvider _memoryProvider = null!;
    private ServiceProvider _sqliteProvider = null!;
    private IOperatorAuthenticator _memory = null!;
    private IOperatorAuthenticator _sqlite = null!;
    private string _directory = null!;
    private byte[] _salt = null!;
    private byte[] _expected = null!;
    private int _iterations;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "posauth-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);

        (_memoryProvider, _memory, string stored) = Build(services => services.AddPosAuth().UseInMemoryStores().WithoutHostSignOn());
        (_sqliteProvider, _sqlite, _) = Build(services => services.AddPosAuth().UseSqlite(Path.Combine(_directory, "posauth.db")).WithoutHostSignOn());

        PhcParts parts = PhcParts.Parse(stored);
        (_iterations, _salt, _expected) = (parts.Iterations, parts.Salt, parts.Hash);
        if (!RawVerify() || !InMemory().Succeeded || !Sqlite().Succeeded)
        {
            throw new InvalidOperationException("The benchmark set-up does not sign in.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memoryProvider.Dispose();
        _sqliteProvider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Benchmark(Baseline = true, Description = "raw Rfc2898DeriveBytes.Pbkdf2 + FixedTimeEquals")]
    public bool RawVerify()
    {
        ReadOnlySpan<char> pin = Pin.Span;
        Span<byte> password = stackalloc byte[pin.Length];
        for (int i = 0; i < pin.Length; i++)
        {
            password[i] = (byte)pin[i];
        }

        Span<byte> derived = stackalloc byte[64];
        Rfc2898DeriveBytes.Pbkdf2(password, _salt, derived, _iterations, HashAlgorithmName.SHA512);
        bool equal = CryptographicOperations.FixedTimeEquals(derived, _expected);
        CryptographicOperations.ZeroMemory(derived);
        return equal;
    }

    [Benchmark(Description = "AuthenticateAsync, in-memory stores")]
    public AuthenticationResult InMemory() => Infrastructure.Sync.Wait(_memory.AuthenticateAsync(Terminal, OperatorId, Pin));

    [Benchmark(Description = "AuthenticateAsync, SQLite stores")]
    public AuthenticationResult Sqlite() => Infrastructure.Sync.Wait(_sqlite.AuthenticateAsync(Terminal, OperatorId, Pin));

    private static (ServiceProvider Provider, IOperatorAuthenticator Authenticator, string StoredHash) Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        ServiceProvider provider = services.BuildServiceProvider();
        string stored = provider.GetRequiredService<IPinHasher>().Hash(Pin.Span);
        bool created = Infrastructure.Sync.Wait(provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount
        {
            OperatorId = OperatorId,
            Role = OperatorRole.Operator,
            PinHash = stored,
        }));
        if (!created)
        {
            throw new InvalidOperationException("Could not create the benchmark operator.");
        }

        return (provider, provider.GetRequiredService<IOperatorAuthenticator>(), stored);
    }
}
