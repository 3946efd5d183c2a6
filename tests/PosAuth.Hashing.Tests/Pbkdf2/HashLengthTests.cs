using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PosAuth.Hashing.Tests.Pbkdf2;

/// <summary>
/// Issue 11: a PBKDF2 output cut short is a prefix of the full one, so a hash truncated by a narrow column or an
/// attacker still "verifies" with the right PIN unless the length is fixed by the format. PHC: the PRF's output size
/// or the configured <see cref="Pbkdf2PinHasherOptions.HashSize"/>; Identity v2/v3: 32 bytes. Anything else is corrupt.
/// </summary>
public sealed class HashLengthTests
{
    private const string Pin = "730194";

    [Fact]
    public void Verify_PhcHashTruncatedToAnyShorterLength_FailsWithTheRightPin_AndInspectSaysWrongLength()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        string stored = hasher.Hash(Pin);
        int hashStart = stored.LastIndexOf('$') + 1;
        int checkedCuts = 0;
        for (int chars = 22; chars < stored.Length - hashStart; chars++)
        {
            string truncated = stored[..(hashStart + chars)];
            Assert.Equal(PinVerificationResult.Failed, hasher.Verify(truncated, Pin));
            PinHashInspection inspection = hasher.Inspect(truncated);
            Assert.False(inspection.IsValid, truncated);
            if (chars % 4 == 0)
            {
                // The cuts that decode canonically (every multiple of 4 characters): only the length can reject them.
                Assert.Equal(PinHashError.WrongLength, inspection.Error);
                checkedCuts++;
            }
        }

        Assert.Equal(16, checkedCuts); // 24, 28, ..., 84 characters: 18 to 63 bytes
    }

    [Fact]
    public void Verify_Sha256PhcHashTruncated_Fails()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create(Pbkdf2Algorithm.Sha256);
        string stored = hasher.Hash(Pin);
        int hashStart = stored.LastIndexOf('$') + 1;
        foreach (int chars in new[] { 24, 28, 32, 36, 40 })
        {
            string truncated = stored[..(hashStart + chars)];
            Assert.Equal(PinVerificationResult.Failed, hasher.Verify(truncated, Pin));
            Assert.Equal(PinHashError.WrongLength, hasher.Inspect(truncated).Error);
        }
    }

    [Fact]
    public void Verify_WithConfiguredHashSize_AcceptsThatSizeAndTheNaturalOne_AndNothingElse()
    {
        Pbkdf2PinHasherOptions options = TestHashers.Options();
        options.HashSize = 33;
        var hasher = new Pbkdf2PinHasher(options);
        string configured = hasher.Hash(Pin);
        string natural = TestHashers.Create().Hash(Pin);
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(configured, Pin));
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(natural, Pin));

        // 33 bytes = 44 characters; cut to 32 characters = 24 bytes: corrupt.
        int hashStart = configured.LastIndexOf('$') + 1;
        string truncated = configured[..(hashStart + 32)];
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(truncated, Pin));
        Assert.Equal(PinHashError.WrongLength, hasher.Inspect(truncated).Error);

        // And the hasher with the default size no longer reads the 33-byte hashes (the length is part of the format).
        Assert.Equal(PinHashError.WrongLength, TestHashers.Create().Inspect(configured).Error);
    }

    [Fact]
    public void Inspect_IdentityV3SubkeyTruncatedTo16Bytes_IsWrongLength_AndTheRightPinFails()
    {
        string full = IdentityV3(HashAlgorithmName.SHA512, 2, 1_000, Pin, subkeyLength: 32);
        byte[] bytes = Convert.FromBase64String(full);
        string truncated = Convert.ToBase64String(bytes[..(13 + 16 + 16)]);
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(full, Pin));

        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(truncated, Pin));
        Assert.Equal(PinHashError.WrongLength, hasher.Inspect(truncated).Error);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(227)] // 12 SHA-1 blocks: a tampered string must not multiply the work
    public void Inspect_IdentityV3WithSubkeyOtherThan32Bytes_IsWrongLength(int subkeyLength)
    {
        string stored = IdentityV3(HashAlgorithmName.SHA1, 0, 1_000, Pin, subkeyLength);
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinHashError.WrongLength, hasher.Inspect(stored).Error);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, Pin));
    }

    [Fact]
    public void Inspect_IdentityV2OfWrongLength_IsWrongLength()
    {
        byte[] v2 = new byte[1 + 16 + 16];
        Assert.Equal(PinHashError.WrongLength, TestHashers.Create().Inspect(Convert.ToBase64String(v2)).Error);
    }

    internal static string IdentityV3(HashAlgorithmName prf, uint prfId, int iterations, string pin, int subkeyLength, int saltLength = 16)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(saltLength);
        byte[] subkey = iterations <= 100_000
            ? Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(pin), salt, iterations, prf, subkeyLength)
            : new byte[subkeyLength];
        byte[] output = new byte[13 + saltLength + subkeyLength];
        output[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), prfId);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(9), (uint)saltLength);
        salt.CopyTo(output, 13);
        subkey.CopyTo(output, 13 + saltLength);
        return Convert.ToBase64String(output);
    }
}
