using System.Collections.Concurrent;
using System.Diagnostics;

namespace PosAuth.Storage.Sqlite.Tests.Diagnostics;

/// <summary>
/// Listens to the <c>PosAuth</c> activity source and keeps the spans of one test: those in the trace of a root span the
/// test starts (other tests of the process run in parallel and trace too).
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    private const string RootSourceName = "PosAuth.Tests.Root";
    private static readonly ActivitySource RootSource = new(RootSourceName);
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity _root;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PosAuthDiagnostics.ActivitySourceName || s.Name == RootSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == PosAuthDiagnostics.ActivitySourceName && a.TraceId == _root?.TraceId)
                {
                    _stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = RootSource.StartActivity("test")!;
    }

    /// <summary>The root span: the parent of every top-level PosAuth span the test causes.</summary>
    public Activity Root => _root;

    /// <summary>The PosAuth spans stopped so far in this test's trace, in stop order.</summary>
    public IReadOnlyList<Activity> Spans => [.. _stopped];

    /// <summary>The spans named <paramref name="name"/>.</summary>
    public IReadOnlyList<Activity> Named(string name) => [.. _stopped.Where(a => a.OperationName == name)];

    /// <summary>Forgets what was recorded so far (after arranging).</summary>
    public void Clear() => _stopped.Clear();

    /// <summary>Every string a span exposes to an exporter: names, tag values, event names and tags, status text, baggage.</summary>
    public IEnumerable<string> EverythingExported() => _stopped.SelectMany(a =>
        new[] { a.OperationName, a.DisplayName, a.StatusDescription ?? string.Empty }
            .Concat(a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name)))
            .Concat(a.Baggage.Select(b => $"{b.Key}={b.Value}")));

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}
