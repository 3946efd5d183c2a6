using Microsoft.Extensions.Logging;

namespace PosAuth.Tests.TestSupport;

/// <summary>
/// The leak scans (no PIN, key or unknown operator id in a log or a metric tag) read <see cref="AuthenticatorFixture.LogTexts"/>
/// and <see cref="AuthenticatorFixture.MetricTagTexts"/>: these tests pin down that those see every channel a sink or an
/// exporter could write, so a scan that passes is not passing because it looked at less.
/// </summary>
public sealed class AuthenticatorFixtureTelemetryTests : IDisposable
{
    private readonly AuthenticatorFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void LogTexts_SeeEveryLevel_Category_Message_StructuredState_Scope_AndException()
    {
        ILogger logger = _f.LoggerFactory.CreateLogger("Category-7Q1");
        foreach (LogLevel level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            logger.Log(level, "message-{Level}", level);
        }

        logger.Log(LogLevel.Trace, new EventId(7, "Event-7Q2"), new[] { new KeyValuePair<string, object?>("k", "state-7Q3") }, null, (_, _) => "plain");
        using (logger.BeginScope("scope-{Value}", "7Q4"))
        {
            logger.LogDebug("inside a scope");
        }

        logger.LogWarning(new InvalidOperationException("exception-7Q5"), "with an exception");

        string all = string.Join("\n", _f.LogTexts);
        foreach (string expected in new[] { "Category-7Q1", "message-Trace", "message-Debug", "message-Information", "message-Warning", "message-Error", "message-Critical", "Event-7Q2", "state-7Q3", "scope-7Q4", "exception-7Q5" })
        {
            Assert.Contains(expected, all, StringComparison.Ordinal);
        }

        Assert.Equal(9, _f.LogTexts.Count); // six levels, the state record, the scoped one, the exception
    }

    [Fact]
    public void MetricTagTexts_SeeTheTagsOfEveryInstrument()
    {
        _f.Metrics.AuthenticationCompleted("outcome-7Q6");
        _f.Metrics.LockedOut("reason-7Q7");
        _f.Metrics.AuthorizationDecided(granted: true);
        _f.Metrics.VerificationMeasured(TimeSpan.FromMilliseconds(3));

        Assert.Empty(_f.UnpublishedInstruments);
        Assert.Contains("posauth.authentications outcome=outcome-7Q6", _f.MetricTagTexts);
        Assert.Contains("posauth.lockouts reason=reason-7Q7", _f.MetricTagTexts);
        Assert.Contains("posauth.authorizations outcome=granted", _f.MetricTagTexts);
        Assert.Single(_f.VerificationDurations.GetMeasurementSnapshot());
    }

    [Fact]
    public void Collectors_SeeOnlyTheirOwnFixture()
    {
        // Test classes run in parallel and all publish on "PosAuth": a collector scoped to another fixture's
        // meter factory must not see this one's measurements.
        using var other = new AuthenticatorFixture();

        other.Metrics.AuthenticationCompleted("other-7Q8");
        other.LoggerFactory.CreateLogger("Other").LogInformation("other-7Q9");

        Assert.DoesNotContain(_f.MetricTagTexts, t => t.Contains("other-7Q8", StringComparison.Ordinal));
        Assert.DoesNotContain(_f.LogTexts, t => t.Contains("other-7Q9", StringComparison.Ordinal));
        Assert.Contains(other.MetricTagTexts, t => t.Contains("other-7Q8", StringComparison.Ordinal));
    }
}
