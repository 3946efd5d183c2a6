// PosAuth demo (small for now; the full terminal demo replaces it later).
// Shows the hashing package: hash a factory PIN, verify right and wrong PINs, and the weak-PIN policy.
using PosAuth;
using PosAuth.Hashing;

Console.WriteLine("PosAuth demo - PIN hashing");
Console.WriteLine();

// Low iterations so the demo is instant; production uses the default 220,000 (or Pbkdf2Calibration.ForTarget).
var hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 });

string stored = hasher.Hash("0000"); // operator 01's factory PIN
Console.WriteLine($"Factory PIN of operator 01 stored as: {stored}");
Console.WriteLine($"  verify with the right PIN  -> {hasher.Verify(stored, "0000")}");
Console.WriteLine($"  verify with a wrong PIN    -> {hasher.Verify(stored, "1111")}");
Console.WriteLine($"  verify with full-width ００００ -> {hasher.Verify(stored, "００００")}");
Console.WriteLine($"  a tampered hash is inspected as: {hasher.Inspect(stored.Replace("i=10000", "i=1", StringComparison.Ordinal)).Error}");
Console.WriteLine();

var policy = new PinPolicy(new PinPolicyOptions(), hasher);
Console.WriteLine("Weak-PIN policy (operator role, 4-6 digits):");
foreach (string candidate in new[] { "0000", "1234", "2580", "147258", "112233", "0815", "730194" })
{
    PinPolicyResult verdict = policy.Evaluate(candidate, new PinPolicyContext
    {
        Role = OperatorRole.Operator,
        OperatorId = "01",
        PreviousPinHashes = [stored],
    });
    Console.WriteLine($"  {candidate,-8} {verdict}");
}

return 0;
