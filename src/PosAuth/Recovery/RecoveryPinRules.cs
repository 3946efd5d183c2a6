using System.Security.Cryptography;
using PosAuth.Hashing;

namespace PosAuth;

/// <summary>
/// The PIN rules the recovery flows share: the policy check of a new PIN (history and every configured factory
/// default included), temporary-PIN generation, and how a new PIN is written into an account.
/// </summary>
internal sealed class RecoveryPinRules
{
    private const int MaxGenerationAttempts = 200;

    private readonly PinPolicy _policy;
    private readonly PinPolicyOptions _policyOptions;
    private readonly string[] _factoryDefaults;

    public RecoveryPinRules(PinPolicy policy, PinPolicyOptions policyOptions, AuthenticationOptions authenticationOptions, RecoveryOptions recoveryOptions)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(policyOptions);
        ArgumentNullException.ThrowIfNull(authenticationOptions);
        ArgumentNullException.ThrowIfNull(recoveryOptions);
        _policy = policy;
        _policyOptions = policyOptions;
        // The one list of factory defaults (the factory-reset PINs); a policy used without AddPosAuth may add its own.
        _factoryDefaults = [.. FactoryDefaultPins.From(recoveryOptions).Union(policyOptions.FactoryDefaults ?? [], StringComparer.Ordinal)];
    }

    public int HistoryDepth => _policyOptions.HistoryDepth;

    /// <summary>
    /// Evaluates a new PIN for <paramref name="account"/>: role lengths, weak patterns, ids, every factory default
    /// known to the authenticator, the policy and the factory reset, and reuse of the current or a recent PIN.
    /// </summary>
    public PinPolicyResult EvaluateNewPin(ReadOnlySpan<char> pin, OperatorAccount account, string terminalId)
    {
        var context = new PinPolicyContext
        {
            Role = account.Role,
            OperatorId = account.OperatorId,
            TerminalId = terminalId,
            PreviousPinHashes = [account.PinHash, .. account.PinHistory],
        };
        return WithFactoryDefaults(pin, _policy.Evaluate(pin, context));
    }

    /// <summary>
    /// Generates a temporary PIN of the role's minimum length, one <see cref="RandomNumberGenerator.GetInt32(int)"/>
    /// per digit (uniform, no modulo bias), regenerating while the policy calls it weak. After many rejections (a
    /// policy that rejects nearly everything at that length) the last random candidate is used: a uniformly random
    /// PIN is not guessable whatever pattern it happens to show.
    /// </summary>
    public char[] GenerateTemporaryPin(OperatorRole role, string operatorId, string terminalId)
    {
        int length = _policyOptions.LengthFor(role).MinLength;
        var context = new PinPolicyContext { Role = role, OperatorId = operatorId, TerminalId = terminalId };
        char[] candidate = new char[length];
        for (int attempt = 0; attempt < MaxGenerationAttempts; attempt++)
        {
            for (int i = 0; i < length; i++)
            {
                candidate[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            // History is not checked here: it costs one KDF run per entry, and a random PIN equal to an old one is
            // as unguessable as any other. The change that follows checks history for the PIN the operator chooses.
            if (WithFactoryDefaults(candidate, _policy.Evaluate(candidate, context)).IsAccepted)
            {
                return candidate;
            }
        }

        return candidate;
    }

    /// <summary>The account with a new PIN hash: the old hash goes to the front of the history, which is trimmed to the policy's depth.</summary>
    public OperatorAccount WithNewPinHash(OperatorAccount account, string newHash, DateTimeOffset now)
    {
        string[] history = [.. new[] { account.PinHash }.Concat(account.PinHistory).Take(_policyOptions.HistoryDepth)];
        return account with { PinHash = newHash, PinHistory = history, PinChangedAt = now };
    }

    private PinPolicyResult WithFactoryDefaults(ReadOnlySpan<char> pin, PinPolicyResult result)
    {
        if (result.Reasons.Contains(PinRejectionReason.EqualsFactoryDefault)
            || _policyOptions.DisabledRules.Contains(PinRejectionReason.EqualsFactoryDefault))
        {
            return result;
        }

        Span<char> buffer = stackalloc char[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(pin, buffer, out int written, out _))
            {
                return result;
            }

            ReadOnlySpan<char> normalized = buffer[..written];
            foreach (string factory in _factoryDefaults)
            {
                if (normalized.SequenceEqual(factory))
                {
                    var reasons = new List<PinRejectionReason>(result.Reasons) { PinRejectionReason.EqualsFactoryDefault };
                    reasons.Sort();
                    return new PinPolicyResult(reasons);
                }
            }

            return result;
        }
        finally
        {
            buffer.Clear();
        }
    }
}
