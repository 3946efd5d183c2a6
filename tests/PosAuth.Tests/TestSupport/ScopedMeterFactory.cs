using System.Diagnostics.Metrics;

namespace PosAuth.Tests.TestSupport;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters carry one scope object, so a test's <see cref="MeterListener"/>
/// sees only its own fixture's measurements, not those of test classes running in parallel.
/// </summary>
public sealed class ScopedMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public object Scope { get; } = new();

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = Scope });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (Meter meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
