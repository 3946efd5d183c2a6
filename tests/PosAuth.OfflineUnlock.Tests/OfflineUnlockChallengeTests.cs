using PosAuth.Testing;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class OfflineUnlockChallengeTests
{
    [Fact]
    public void Issue_ByDefault_GivesEightDigitsValidForFifteenMinutes()
    {
        var clock = new ManualTimeProvider();

        OfflineUnlockChallenge challenge = OfflineUnlockChallenge.Issue("T0000001", "01", clock);

        Assert.Equal(8, challenge.Challenge.Length);
        Assert.All(challenge.Challenge, c => Assert.True(char.IsAsciiDigit(c)));
        Assert.Equal("T0000001", challenge.TerminalId);
        Assert.Equal("01", challenge.TargetOperatorId);
        Assert.Equal(clock.GetUtcNow(), challenge.IssuedAt);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(15), challenge.ExpiresAt);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    public void Issue_WithDigits_GivesThatManyDigits(int digits)
    {
        OfflineUnlockChallenge challenge = OfflineUnlockChallenge.Issue("T1", "00", new ManualTimeProvider(), digits: digits);

        Assert.Equal(digits, challenge.Challenge.Length);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    public void Issue_WithDigitsOutOfRange_Throws(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OfflineUnlockChallenge.Issue("T1", "00", new ManualTimeProvider(), digits: digits));
    }

    [Fact]
    public void Issue_WithLifetimeOutOfRange_Throws()
    {
        var clock = new ManualTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => OfflineUnlockChallenge.Issue("T1", "00", clock, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfflineUnlockChallenge.Issue("T1", "00", clock, TimeSpan.FromHours(25)));
    }

    [Fact]
    public void Issue_ManyChallenges_EveryDigitAppearsEvenlyAtEveryPosition()
    {
        // 2,000 challenges: each digit is expected 200 times per position (sd about 13.4); the bounds are 6 sd wide,
        // so only a biased or broken generator fails.
        var clock = new ManualTimeProvider();
        int[,] counts = new int[8, 10];
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 2000; i++)
        {
            string c = OfflineUnlockChallenge.Issue("T1", "01", clock).Challenge;
            distinct.Add(c);
            for (int p = 0; p < 8; p++)
            {
                counts[p, c[p] - '0']++;
            }
        }

        for (int p = 0; p < 8; p++)
        {
            for (int d = 0; d < 10; d++)
            {
                Assert.InRange(counts[p, d], 120, 280);
            }
        }

        Assert.True(distinct.Count > 1990, $"only {distinct.Count} distinct challenges out of 2000");
    }

    [Fact]
    public void IsExpired_FollowsTheWindowAndFailsClosedWhenTheClockGoesBack()
    {
        var clock = new ManualTimeProvider();
        OfflineUnlockChallenge challenge = OfflineUnlockChallenge.Issue("T1", "01", clock, TimeSpan.FromMinutes(10));

        Assert.False(challenge.IsExpired(clock));
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.False(challenge.IsExpired(clock));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(challenge.IsExpired(clock));

        clock.SetUtcNow(challenge.IssuedAt - TimeSpan.FromSeconds(1));
        Assert.True(challenge.IsExpired(clock));
    }

    [Fact]
    public void Constructor_RestoresAPersistedChallenge()
    {
        DateTimeOffset issued = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        var challenge = new OfflineUnlockChallenge("00001234", "T1", "01", issued, issued.AddMinutes(5));

        Assert.Equal("00001234", challenge.Challenge);
        Assert.Equal(issued.AddMinutes(5), challenge.ExpiresAt);
    }

    [Theory]
    [InlineData("12345", "T1", "01", 5)] // too few digits
    [InlineData("1234567890123", "T1", "01", 5)] // too many digits
    [InlineData("1234567a", "T1", "01", 5)]
    [InlineData("12345678", "", "01", 5)]
    [InlineData("12345678", "T:1", "01", 5)]
    [InlineData("12345678", "T1", "0 1", 5)]
    [InlineData("12345678", "T1", "０1", 5)]
    [InlineData("12345678", "T1", "01", 0)] // expiry not after issue
    [InlineData("12345678", "T1", "01", -5)]
    [InlineData("12345678", "T1", "01", 24 * 60 + 1)] // more than 24 hours
    public void Constructor_WithInvalidValues_Throws(string digits, string terminal, string op, int lifetimeMinutes)
    {
        DateTimeOffset issued = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        Assert.ThrowsAny<ArgumentException>(() => new OfflineUnlockChallenge(digits, terminal, op, issued, issued.AddMinutes(lifetimeMinutes)));
    }

    [Fact]
    public void ToQrPayload_HasTheDocumentedCompactForm()
    {
        DateTimeOffset issued = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var challenge = new OfflineUnlockChallenge("48151623", "T0000001", "01", issued, issued.AddMinutes(15));

        Assert.Equal("POSAUTH-UNLOCK:1:T0000001:01:48151623", challenge.ToQrPayload());
        Assert.Contains("48151623", challenge.ToString(), StringComparison.Ordinal);
    }
}
