using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authentication;

/// <summary>
/// Issue 11: a stored hash cut short (a narrow column, a careless export, an attacker) verified with the right PIN and
/// was silently rehashed. It must be a wrong PIN, audited as a corrupt hash, and never rewritten.
/// </summary>
public sealed class TruncatedHashTests : IDisposable
{
    private const string Pin = "739146";
    private readonly AuthenticatorFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Authenticate_TruncatedPhcHash_WithTheRightPin_IsAWrongPin_AuditedAsCorrupt_AndNotRehashed()
    {
        OperatorAccount seeded = await _f.SeedAsync("01", Pin);
        string truncated = seeded.PinHash[..(seeded.PinHash.LastIndexOf('$') + 1 + 64)]; // 86 characters -> 64: 48 of 64 bytes
        Assert.True(await _f.Operators.TryUpdateAsync(seeded with { PinHash = truncated }, seeded.Version));

        await AssertCorruptAsync(truncated);
    }

    [Fact]
    public async Task Authenticate_IdentityV3HashWithSubkeyCutTo16Bytes_WithTheRightPin_IsAWrongPin_AuditedAsCorrupt_AndNotRehashed()
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(Pin), salt, 1_000, HashAlgorithmName.SHA512, 16);
        byte[] v3 = new byte[13 + 16 + 16];
        v3[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(v3.AsSpan(1), 2);
        BinaryPrimitives.WriteUInt32BigEndian(v3.AsSpan(5), 1_000);
        BinaryPrimitives.WriteUInt32BigEndian(v3.AsSpan(9), 16);
        salt.CopyTo(v3, 13);
        subkey.CopyTo(v3, 29);
        string truncated = Convert.ToBase64String(v3);
        await _f.SeedAsync("01", Pin, adjust: a => a with { PinHash = truncated });

        await AssertCorruptAsync(truncated);
    }

    private async Task AssertCorruptAsync(string truncated)
    {
        AuthenticationResult result = await _f.SignInAsync("01", Pin);

        Assert.Equal(AuthenticationOutcome.WrongPin, result.Outcome);
        Assert.Equal("wrong_pin", result.Code);
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.CorruptPinHash && e.OperatorId == "01");
        Assert.Contains(_f.Audit.Events, e => e.Type == AuditEventType.SignInFailed && e.Code == "corrupt_pin_hash");
        Assert.DoesNotContain(_f.Audit.Events, e => e.Type is AuditEventType.PinRehashed or AuditEventType.SignInSucceeded);
        Assert.Equal(truncated, (await _f.Operators.FindAsync("01"))!.PinHash);
        Assert.Equal(2, result.RemainingAttempts); // charged like any wrong PIN
    }
}
