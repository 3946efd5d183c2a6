namespace PosAuth;

/// <summary>
/// The names under which PosAuth reports what it does: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both called <c>PosAuth</c>, shared by every PosAuth package, and the
/// tags their spans carry. Subscribe with OpenTelemetry's <c>AddSource(PosAuthDiagnostics.ActivitySourceName)</c> and
/// <c>AddMeter(PosAuthDiagnostics.MeterName)</c>.
/// </summary>
/// <remarks>
/// Tags carry stable codes, terminal ids and roles only. A PIN, a key, an unknown operator id (which may be a PIN
/// typed into the wrong field) or any other operator id never becomes a tag value. Spans are created only while a
/// listener samples them; with nobody listening the instrumented paths allocate nothing extra.
/// </remarks>
public static class PosAuthDiagnostics
{
    /// <summary>The name of the activity source every PosAuth package starts its spans on: <c>PosAuth</c>.</summary>
    public const string ActivitySourceName = "PosAuth";

    /// <summary>The name of the PosAuth meter: <c>PosAuth</c>.</summary>
    public const string MeterName = "PosAuth";

    /// <summary>Tag: the stable snake_case outcome of the span's operation (for example <c>wrong_pin</c>, <c>locked_out</c>).</summary>
    public const string OutcomeTag = "posauth.outcome";

    /// <summary>Tag: the terminal (lane) the operation ran for.</summary>
    public const string TerminalTag = "posauth.terminal";

    /// <summary>Tag: the operator's role (<c>administrator</c>, <c>supervisor</c>, <c>operator</c>), when known.</summary>
    public const string RoleTag = "posauth.role";

    /// <summary>Tag: the store operation of a store span (for example <c>TryWriteAsync</c>).</summary>
    public const string StoreOperationTag = "posauth.store.operation";

    /// <summary>Tag: the store of a store span (for example <c>attempts</c>, <c>operators</c>, <c>audit</c>).</summary>
    public const string StoreTag = "posauth.store";

    /// <summary>Tag: the session state a session transition left.</summary>
    public const string SessionFromTag = "posauth.session.from";

    /// <summary>Tag: the session state a session transition entered.</summary>
    public const string SessionToTag = "posauth.session.to";

    /// <summary>Tag: what caused a session transition.</summary>
    public const string SessionTriggerTag = "posauth.session.trigger";
}
