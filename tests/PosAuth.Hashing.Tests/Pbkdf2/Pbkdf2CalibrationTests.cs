using PosAuth.Testing;

namespace PosAuth.Hashing.Tests.Pbkdf2;

public sealed class Pbkdf2CalibrationTests
{
    [Fact]
    public void ForTarget_WhenTargetTiny_ReturnsFloor()
    {
        Assert.Equal(10_000, Pbkdf2Calibration.ForTarget(TimeSpan.FromTicks(1), timeProvider: new SteppingTimeProvider(TimeSpan.FromMilliseconds(1))));
        Assert.Equal(2_000, Pbkdf2Calibration.ForTarget(TimeSpan.Zero, minimumIterations: 2_000, timeProvider: new SteppingTimeProvider(TimeSpan.FromMilliseconds(1))));
    }

    [Fact]
    public void ForTarget_ScalesWithMeasuredTime_RoundedToThousands()
    {
        // Each probe of 2,000 iterations "takes" 10 ms: 5 µs per iteration, so 1 s is 200,000 iterations.
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(10));
        Assert.Equal(200_000, Pbkdf2Calibration.ForTarget(TimeSpan.FromSeconds(1), timeProvider: clock));
        Assert.Equal(100_000, Pbkdf2Calibration.ForTarget(TimeSpan.FromMilliseconds(500), timeProvider: clock));
    }

    [Fact]
    public void ForTarget_IsMonotonicInTarget()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(3));
        int previous = 0;
        foreach (int ms in new[] { 0, 1, 10, 50, 100, 250, 1000, 5000 })
        {
            int iterations = Pbkdf2Calibration.ForTarget(TimeSpan.FromMilliseconds(ms), timeProvider: clock);
            Assert.True(iterations >= previous);
            Assert.True(iterations >= 10_000);
            previous = iterations;
        }
    }

    [Fact]
    public void ForTarget_NeverExceedsCeiling()
    {
        Assert.Equal(50_000, Pbkdf2Calibration.ForTarget(TimeSpan.FromHours(1), maximumIterations: 50_000, timeProvider: new SteppingTimeProvider(TimeSpan.FromMilliseconds(1))));
        Assert.Equal(10_000_000, Pbkdf2Calibration.ForTarget(TimeSpan.FromSeconds(1), timeProvider: new PosAuth.Testing.ManualTimeProvider())); // a clock that never moves
    }

    [Fact]
    public void ForTarget_WhenArgumentsInvalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pbkdf2Calibration.ForTarget(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pbkdf2Calibration.ForTarget(TimeSpan.FromSeconds(1), minimumIterations: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pbkdf2Calibration.ForTarget(TimeSpan.FromSeconds(1), minimumIterations: 20_000, maximumIterations: 10_000));
    }

    [Fact]
    public void RelativeCost_IsTheRatioOfTheBestProbes_AndZeroWhenUnmeasurable_AndClamped()
    {
        Assert.Equal(0.6, Pbkdf2Calibration.RelativeCost(System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.HashAlgorithmName.SHA512, ScriptedTimeProvider.RelativeCost(0.6)), 6);
        Assert.Equal(0, Pbkdf2Calibration.RelativeCost(System.Security.Cryptography.HashAlgorithmName.SHA1, System.Security.Cryptography.HashAlgorithmName.SHA512, new PosAuth.Testing.ManualTimeProvider()));
        Assert.Equal(2, Pbkdf2Calibration.RelativeCost(System.Security.Cryptography.HashAlgorithmName.SHA1, System.Security.Cryptography.HashAlgorithmName.SHA512, ScriptedTimeProvider.RelativeCost(7)));

        // The best (shortest) probe of each side counts: one slow probe (another process took the core) changes nothing.
        var noisy = new ScriptedTimeProvider(
            TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.Zero, TimeSpan.FromMilliseconds(10),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(90),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(10),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(10),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        Assert.Equal(0.3, Pbkdf2Calibration.RelativeCost(System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.HashAlgorithmName.SHA512, noisy), 6);
    }

    /// <summary>A clock whose every reading is <c>step</c> later than the previous one: each probe "takes" one step.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            long now = _now;
            _now += step.Ticks;
            return now;
        }
    }
}
