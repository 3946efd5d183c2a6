using System.Diagnostics.Metrics;

namespace PosAuth;

/// <summary>
/// The <c>PosAuth</c> meter: sign-in counts by outcome, lockouts, supervisor authorisations and
/// the duration of PIN verifications. Collect it with any <see cref="MeterListener"/>-based
/// exporter (OpenTelemetry: <c>AddMeter("PosAuth")</c>).
/// </summary>
internal sealed class PosAuthMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = PosAuthDiagnostics.MeterName;

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _authentications;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _authorizations;
    private readonly Histogram<double> _verificationDuration;

    /// <summary>Creates the metrics on a meter from <paramref name="meterFactory"/>, or on a private meter when none is given.</summary>
    /// <param name="meterFactory">The DI meter factory, or <see langword="null"/>.</param>
    public PosAuthMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _authentications = _meter.CreateCounter<long>("posauth.authentications", unit: "{attempt}", description: "Operator sign-in attempts, by outcome.");
        _lockouts = _meter.CreateCounter<long>("posauth.lockouts", unit: "{lockout}", description: "Operators locked out by failed attempts.");
        _authorizations = _meter.CreateCounter<long>("posauth.authorizations", unit: "{authorization}", description: "Supervisor authorisations, by outcome.");
        _verificationDuration = _meter.CreateHistogram<double>("posauth.verification.duration", unit: "s", description: "Duration of PIN verifications (the KDF).");
    }

    /// <summary>Counts a sign-in attempt.</summary>
    /// <param name="outcome">The outcome's stable code, such as <c>succeeded</c> or <c>wrong_pin</c>.</param>
    public void AuthenticationCompleted(string outcome) =>
        _authentications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a lockout.</summary>
    /// <param name="reason">The lock reason's stable code.</param>
    public void LockedOut(string reason) =>
        _lockouts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts a supervisor authorisation decision.</summary>
    /// <param name="granted">Whether it was granted.</param>
    public void AuthorizationDecided(bool granted) =>
        _authorizations.Add(1, new KeyValuePair<string, object?>("outcome", granted ? "granted" : "denied"));

    /// <summary>Records the duration of one PIN verification.</summary>
    /// <param name="elapsed">How long it took.</param>
    public void VerificationMeasured(TimeSpan elapsed) =>
        _verificationDuration.Record(elapsed.TotalSeconds);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
