using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.OfflineUnlock;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>How the demo wires PosAuth: exactly what a terminal application does at start-up.</summary>
internal static class DemoServices
{
    /// <summary>The terminal number (终端号) the demo plays.</summary>
    public const string TerminalId = "10000001";

    /// <summary>The terminal's serial number, from which the vendor derives its offline-unlock key.</summary>
    public const string TerminalSerial = "SN-DEMO-000123";

    /// <summary>
    /// PBKDF2 iterations for the demo: 10,000 so every step is instant. Production keeps the default 220,000
    /// (OWASP, PBKDF2-HMAC-SHA512) or calibrates for the device with <c>Pbkdf2Calibration</c>.
    /// </summary>
    public const int DemoIterations = 10_000;

    /// <summary>Wrong PINs before a lock, in the demo (the default is 5).</summary>
    public const int DemoMaxFailures = 3;

    /// <summary>
    /// The vendor master key of the demo. A real one lives in the back office's HSM and never on a terminal; this
    /// fixed value only makes the demo reproducible.
    /// </summary>
    public static byte[] DemoVendorMasterKey() => Convert.FromHexString("00112233445566778899AABBCCDDEEFF0F1E2D3C4B5A69788796A5B4C3D2E1F0");

    public static ServiceProvider Build(DemoOptions options, SimulatedHost host, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time); // a test's manual clock; otherwise AddPosAuth registers TimeProvider.System
        }

        services.AddSingleton<IHostSignOn>(host);

        // The terminal is provisioned with its own unlock key, derived by the vendor from the master key and the serial.
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(DemoVendorMasterKey(), TerminalSerial);
        string terminalKeyBase64 = Convert.ToBase64String(terminalKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(terminalKey);

        IPosAuthBuilder posAuth = services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = DemoIterations;
            o.Lockout.MaxFailures = DemoMaxFailures;
            o.Sessions.UseIdleTimer = false; // the demo locks by hand (锁屏) instead of after 5 idle minutes
            o.Recovery.OfflineUnlockKey = terminalKeyBase64;
        });

        if (options.Store == DemoStore.Sqlite)
        {
            posAuth.UseSqlite(options.DatabasePath);
        }
        else
        {
            posAuth.UseInMemoryStores();
        }

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Options are validated at start-up, as a host would (every error in one message).
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }
}
