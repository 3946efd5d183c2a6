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

    public bool MustChangePin { get; set; }

    public ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        Calls++;
        if (_operators.TryGetValue(operatorId, out var op) && pin.Span.SequenceEqual(op.Pin))
        {
            _failures[operatorId] = 0;
            return ValueTask.FromResult(OperatorVerification.Success(operatorId, op.Role, MustChangePin));
        }

        int failures = _failures[operatorId] = _failures.GetValueOrDefault(operatorId) + 1;
        return ValueTask.FromResult(OperatorVerification.Failure(operatorId, "WrongPin", Math.Max(0, MaxAttempts - failures)));
    }
}
