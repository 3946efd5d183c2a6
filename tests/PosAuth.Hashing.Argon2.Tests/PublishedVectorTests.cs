using System.Text;
using Sodium = Geralt;

namespace PosAuth.Hashing.Argon2.Tests;

/// <summary>
/// Cross-check against Argon2id encoded strings published by libsodium and by the reference implementation. No published
/// vector uses a digit-only password, so they go through the format itself (parser + derivation, the bytes where the
/// (peppered) PIN goes), not through <see cref="IPinHasher.Verify"/>, which only takes PINs.
/// </summary>
public sealed class PublishedVectorTests
{
    // Limits wide enough for the published parameters (m=4096..4882 KiB, t up to 19).
    private static readonly IPinHashFormat Format = Argon2idPinHasher.CreateFormat(new Argon2idPinHasherOptions
    {
        MemorySize = 4_096,
        Iterations = 2,
        MinimumMemorySize = 8,
        MaximumMemorySize = 65_536,
        MaximumIterations = 32,
    });

    /// <summary>
    /// libsodium, test/default/pwhash_argon2id.c, function tv3 (jedisct1/libsodium, commit 01072a2f): the entries that
    /// test/default/pwhash_argon2id.exp reports as verifying (indices 2 and 4; the password of 4 ends with a space).
    /// </summary>
    public static TheoryData<string, string> LibsodiumVerifyingVectors() => new()
    {
        { "", "$argon2id$v=19$m=4882,t=2,p=1$bA81arsiXysd3WbTRzmEOw$Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE" },
        { "^T5H$JYt39n%K*j:W]!1s?vg!:jGi]Ax?..l7[p0v:1jHTpla9;]bUN;?bWyCbtqg ", "$argon2id$v=19$m=4096,t=19,p=1$PkEgMTYtYnl0ZXMgc2FsdA$ltB/ue1kPtBMBGfsysMpPigE6hiNEKZ9vs8vLNVDQGA" },
    };

    [Theory]
    [MemberData(nameof(LibsodiumVerifyingVectors))]
    public void Verify_LibsodiumPublishedString_Verifies_AndADifferentPasswordDoesNot(string password, string encoded)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(password);
        Assert.Equal(PinHashError.None, Format.Parse(encoded, out PinHashDescription description));
        Assert.Equal("argon2id", description.Algorithm);
        Assert.True(Format.Verify(encoded, bytes, out PinHashWork work));
        Assert.Equal(description.Iterations, work.Units);
        Assert.Equal(description.MemorySize, work.MemorySize);

        Assert.False(Format.Verify(encoded, [.. bytes, (byte)'x'], out _));
        Assert.True(Sodium.Argon2id.VerifyHash(encoded, bytes)); // and libsodium's own verifier agrees
    }

    [Theory]
    [MemberData(nameof(LibsodiumVerifyingVectors))]
    public void Verify_LibsodiumPublishedString_WithOneCharacterOfTheHashChanged_DoesNotVerify(string password, string encoded)
    {
        int last = encoded.Length - 2;
        string tampered = string.Concat(encoded.AsSpan(0, last), encoded[last] == 'A' ? "B" : "A", encoded.AsSpan(last + 1));
        Assert.False(Format.Parse(tampered, out _) == PinHashError.None && Format.Verify(tampered, Encoding.UTF8.GetBytes(password), out _));
    }

    /// <summary>libsodium tv3 entries that libsodium itself refuses (t=0, indices 0 and 3), and tv3 index 1, whose hash does not match.</summary>
    [Theory]
    [InlineData("", "$argon2id$v=19$m=4096,t=0,p=1$X1NhbHQAAAAAAAAAAAAAAA$bWh++MKN1OiFHKgIWTLvIi1iHicmHH7+Fv3K88ifFfI", PinHashError.IterationsOutOfRange)]
    [InlineData("^T5H$JYt39n%K*j:W]!1s?vg!:jGi]Ax?..l7[p0v:1jHTpla9;]bUN;?bWyCbtqg ", "$argon2id$v=19$m=4096,t=0,p=1$PkEgMTYtYnl0ZXMgc2FsdA$ltB/ue1kPtBMBGfsysMpPigE6hiNEKZ9vs8vLNVDQGA", PinHashError.IterationsOutOfRange)]
    [InlineData("", "$argon2id$v=19$m=2048,t=4,p=1$SWkxaUhpY21ISDcrRnYzSw$Mbg/Eck1kpZir5T9io7C64cpffdTBaORgyriLQFgQj8", PinHashError.None)]
    public void Verify_LibsodiumVectorsLibsodiumRejects_AreRejected(string password, string encoded, PinHashError parse)
    {
        Assert.Equal(parse, Format.Parse(encoded, out _));
        Assert.False(parse == PinHashError.None && Format.Verify(encoded, Encoding.UTF8.GetBytes(password), out _));
        Assert.False(Sodium.Argon2id.VerifyHash(encoded, Encoding.UTF8.GetBytes(password)));
    }

    /// <summary>
    /// Valid strings we deliberately do not read: the reference implementation's argon2id vectors (P-H-C/phc-winner-argon2,
    /// src/test.c, commit f57e61e, the v=19 block) use the 8-byte salt "somesalt"; libsodium's str_tests "valid(7)" an
    /// 8-byte salt too; libsodium tv3 index 5 three lanes and a 19-byte salt; the reference's p=2 vector two lanes.
    /// libsodium's crypto_pwhash takes exactly a 16-byte salt and one lane, so these are refused (never mis-verified),
    /// while libsodium's string verifier shows they are genuine.
    /// </summary>
    [Theory]
    [InlineData("password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", PinHashError.WrongLength)]
    [InlineData("password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", PinHashError.WrongLength)]
    [InlineData("password", "$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg", PinHashError.WrongLength)]
    [InlineData("password", "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw", PinHashError.WrongLength)]
    [InlineData("password", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc", PinHashError.UnsupportedParameter)]
    [InlineData("password", "$argon2id$v=19$m=256,t=3,p=1$MDEyMzQ1Njc$G5ajKFCoUzaXRLdz7UJb5wGkb2Xt+X5/GQjUYtS2+TE", PinHashError.WrongLength)]
    [InlineData("K3S=KyH#)36_?]LxeR8QNKw6X=gFbxai$C%29V*", "$argon2id$v=19$m=4096,t=1,p=3$PkEgcHJldHR5IGxvbmcgc2FsdA$HUqx5Z1b/ZypnUrvvJ5UC2Q+T6Q1WwASK/Kr9dRbGA0", PinHashError.UnsupportedParameter)]
    public void Parse_GenuineStringsOutsideOurFormat_AreRefused_NotMisVerified(string password, string encoded, PinHashError expected)
    {
        Assert.True(Sodium.Argon2id.VerifyHash(encoded, Encoding.UTF8.GetBytes(password)));
        Assert.Equal(expected, Format.Parse(encoded, out _));
    }

    /// <summary>libsodium str_tests: strings its verifier must reject (missing version, misplaced '$', wrong case of the id).</summary>
    [Theory]
    [InlineData("$argon2id$m=65536,t=2,p=1$c29tZXNhbHQ$b2G3seW+uPzerwQQC+/E1K50CLLO7YXy0JRcaTuswRo", PinHashError.Malformed)]
    [InlineData("$argon2id$m=65536,t=2,p=1c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ", PinHashError.Malformed)]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA", PinHashError.Malformed)]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQwWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA", PinHashError.Malformed)]
    public void Parse_LibsodiumInvalidStrings_AreMalformed(string encoded, PinHashError expected)
    {
        Assert.Equal(expected, Format.Parse(encoded, out _));
        Assert.False(Sodium.Argon2id.VerifyHash(encoded, "password"u8));
    }

    [Fact]
    public void Inspect_WrongCaseOfTheAlgorithmId_IsUnknownAlgorithm()
    {
        // libsodium str_tests "invalid(8)".
        Assert.Equal(PinHashError.UnknownAlgorithm, TestArgon2.Create().Inspect("$Argon2id$v=19$m=256,t=3,p=1$MDEyMzQ1Njc$G5ajKFCoUzaXRLdz7UJb5wGkb2Xt+X5/GQjUYtS2+TE").Error);
    }

    [Fact]
    public void Hash_Unpeppered_IsAStringLibsodiumVerifies_AndLibsodiumsStringsVerifyHere()
    {
        Argon2idPinHasher hasher = TestArgon2.Create();
        string ours = hasher.Hash("730194");
        Assert.True(Sodium.Argon2id.VerifyHash(ours, "730194"u8));
        Assert.False(Sodium.Argon2id.VerifyHash(ours, "730195"u8));

        Span<char> buffer = stackalloc char[Sodium.Argon2id.HashSize];
        Sodium.Argon2id.ComputeHash(buffer, "730194"u8, TestArgon2.Passes, TestArgon2.Memory * 1024);
        string theirs = buffer.TrimEnd('\0').ToString();
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(theirs, "730194"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(theirs, "730195"));
    }
}
