using System.Text;

namespace PosAuth.OfflineUnlock.Tests;

/// <summary>The package README's examples give the answers it prints.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PosAuth.OfflineUnlock", "README.md"));

    [Fact]
    public void OcraExample_GivesTheRfc6287VectorItQuotes()
    {
        byte[] key = Encoding.ASCII.GetBytes("12345678901234567890123456789012");   // the RFC's 32-byte key
        OcraSuite suite = OcraSuite.Parse("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1");
        var input = new OcraInput("12345678") { Counter = 0, PinHash = suite.HashPin("1234") };

        string response = OcraGenerator.GenerateResponse(suite, key, input);

        Assert.Contains($"// RFC 6287 C.1: {response}", Readme, StringComparison.Ordinal);
        Assert.True(OcraGenerator.VerifyResponse(suite, key, input, response));
    }

    [Fact]
    public void KnownAnswer_IsTheSchemesOutput()
    {
        byte[] master = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(master, "SN-0001");
        string response = OfflineUnlockCalculator.ComputeResponseFromMaster(master, "SN-0001", "T0000001", "01", "12345678");

        Assert.Contains($"`{Convert.ToHexStringLower(terminalKey)}`", Readme, StringComparison.Ordinal);
        Assert.Contains($"→ response `{response}`", Readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("PosAuth.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
