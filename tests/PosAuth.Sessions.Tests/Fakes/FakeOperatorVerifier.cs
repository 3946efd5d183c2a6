namespace PosAuth.Sessions.Tests.Fakes;

/// <summary>
/// Operators 99 (administrator), 00 (supervisor), 01 and 02 (operators) with the harness's distinctive test PINs
/// (not the factory defaults, so that a scan for the PIN in messages cannot hit an unrelated "0000").
/// Counts calls and wrong attempts; keeps no PIN it was given.
/// </summary>
public sealed class FakeOperatorVerifier : IOperatorVerifier
{
    public const int MaxAttempts = 5;

    private readonly Dictionary<string, (string Pin, OperatorRole Role)> _operators = new(StringComparer.Ordinal)
    {
        ["99"] = (SessionHarness.AdminPin, OperatorRole.Administrator),
        ["00"] = (SessionHarness.SupervisorPin, OperatorRole.Supervisor),
        ["01"] = (SessionHarness.OperatorPin, OperatorRole.Operator),
        ["02"] = (SessionHarness.OperatorPin, OperatorRole.Operator),
    };

    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    /// <summary>Whether the last verification succeeded with a PIN that must change.</summary>
    public bool LastSucceededMustChange { get; private set; }

    /// <summary>When set, every right PIN verifies as one that must change (a factory, reset or temporary PIN).</summary>
    public bool MustChangePin { get; set; }

    /// <summary>Operators whose right PIN must change (in addition to <see cref="MustChangePin"/>).</summary>
    public HashSet<string> MustChange { get; } = new(StringComparer.Ordinal);

    /// <summary>Changes the PIN the fake accepts for <paramref name="operatorId"/> and clears its must-change flag.</summary>
    public void SetPin(string operatorId, string pin)
    {
        _operators[operatorId] = (pin, _operators[operatorId].Role);
        MustChange.Remove(operatorId);
    }

    /// <summary>Whether <paramref name="pin"/> is <paramref name="operatorId"/>'s PIN (no attempt is counted).</summary>
    public bool IsPin(string operatorId, ReadOnlySpan<char> pin) => _operators.TryGetValue(operatorId, out var op) && pin.SequenceEqual(op.Pin);

    public ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        Calls++;
        LastSucceededMustChange = false;
        if (_operators.TryGetValue(operatorId, out var op) && pin.Span.SequenceEqual(op.Pin))
        {
            _failures[operatorId] = 0;
            LastSucceededMustChange = MustChangePin || MustChange.Contains(operatorId);
            return ValueTask.FromResult(OperatorVerification.Success(operatorId, op.Role, MustChangePin || MustChange.Contains(operatorId)));
        }

        int failures = _failures[operatorId] = _failures.GetValueOrDefault(operatorId) + 1;
        return ValueTask.FromResult(OperatorVerification.Failure("wrong_pin", Math.Max(0, MaxAttempts - failures)));
    }
}
