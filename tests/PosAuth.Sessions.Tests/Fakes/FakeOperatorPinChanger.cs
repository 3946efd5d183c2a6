namespace PosAuth.Sessions.Tests.Fakes;

/// <summary>
/// Changes PINs in the <see cref="FakeOperatorVerifier"/>: a wrong current PIN is refused with
/// <c>authentication_failed</c>, a new PIN of "1234" with <c>policy_rejected</c> / <c>CommonPin</c>. Keeps no PIN it was given.
/// </summary>
public sealed class FakeOperatorPinChanger(FakeOperatorVerifier verifier) : IOperatorPinChanger
{
    public int Calls { get; private set; }

    public List<string> ChangedFor { get; } = [];

    public ValueTask<OperatorPinChangeResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken)
    {
        Calls++;
        if (!verifier.IsPin(operatorId, currentPin.Span))
        {
            return ValueTask.FromResult(OperatorPinChangeResult.Failure("authentication_failed", remainingAttempts: 4));
        }

        if (newPin.Span.SequenceEqual("1234"))
        {
            return ValueTask.FromResult(OperatorPinChangeResult.Failure("policy_rejected", policyReasons: ["Sequence", "CommonPin"]));
        }

        verifier.SetPin(operatorId, newPin.ToString());
        ChangedFor.Add(operatorId);
        return ValueTask.FromResult(OperatorPinChangeResult.Success());
    }
}
