using PosAuth.Cli.Commands;
using PosAuth.Cli.Hosting;
using PosAuth.Cli.Output;
using PosAuth.Testing;

namespace PosAuth.Cli.Tests.Output;

public sealed class ProgressTests
{
    [Fact]
    public void Progress_RewritesTheLineWithTheElapsedSeconds_ThenSaysDone()
    {
        var time = new ManualTimeProvider();
        var stderr = new StringWriter();
        var context = new CliContext("hash", new CliHost(new StringReader(""), new StringWriter(), stderr) { Time = time, StderrIsTerminal = true });

        using (var progress = new Progress(context, "posauth hash: hashing (10,000,000 iterations)...", estimate: null))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            time.Advance(TimeSpan.FromSeconds(1));
            time.Advance(TimeSpan.FromSeconds(0.7));
        }

        string label = "posauth hash: hashing (10,000,000 iterations)...";
        Assert.Equal(
            // The fake clock fires every due tick after it moved: both ticks of a one-second step see the new time.
            label + "\r" + label + " 1 s\r" + label + " 1 s\r" + label + " 2 s\r" + label + " 2 s\r" + label + " 2 s\r" + label + " done in 2.7 s" + Environment.NewLine,
            stderr.ToString());
    }

    [Fact]
    public void Progress_WithAnEstimate_ShowsAPercentage_NeverOver99()
    {
        var time = new ManualTimeProvider();
        var stderr = new StringWriter();
        var context = new CliContext("verify", new CliHost(new StringReader(""), new StringWriter(), stderr) { Time = time, StderrIsTerminal = true });

        using (new Progress(context, "x", estimate: TimeSpan.FromSeconds(2)))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Contains("\rx 50%, 1 s", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("\rx 99%, 3 s", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("100%", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_AfterDone_NoMoreTicks()
    {
        var time = new ManualTimeProvider();
        var stderr = new StringWriter();
        var context = new CliContext("hash", new CliHost(new StringReader(""), new StringWriter(), stderr) { Time = time, StderrIsTerminal = true });

        new Progress(context, "x", estimate: null).Dispose();
        string done = stderr.ToString();
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(done, stderr.ToString());
    }

    [Theory]
    [InlineData(false, 10_000_000)]
    [InlineData(true, Progress.IterationThreshold - 1)]
    public void StartIfSlow_NotATerminalOrQuickWork_ShowsNothing(bool terminal, int iterations)
    {
        var stderr = new StringWriter();
        var context = new CliContext("hash", new CliHost(new StringReader(""), new StringWriter(), stderr) { Time = new ManualTimeProvider(), StderrIsTerminal = terminal });

        Assert.Null(Progress.StartIfSlow(context, "hashing", iterations, System.Security.Cryptography.HashAlgorithmName.SHA512));
        Assert.Empty(stderr.ToString());
    }
}
