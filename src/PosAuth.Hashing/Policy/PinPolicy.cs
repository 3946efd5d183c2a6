using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>
/// The weak-PIN policy: per-role length bounds, digits only, and one reason code for every weak pattern the PIN shows
/// (see <see cref="PinRejectionReason"/> for what each rule catches). Thread-safe.
/// </summary>
public sealed class PinPolicy
{
    private readonly PinPolicyOptions _options;
    private readonly IPinHasher _hasher;

    /// <summary>Creates a policy with the default options.</summary>
    public PinPolicy()
        : this(new PinPolicyOptions())
    {
    }

    /// <summary>Creates a policy.</summary>
    /// <param name="options">The options; validated.</param>
    /// <param name="hasher">The hasher used for the history check. Default: a <see cref="Pbkdf2PinHasher"/> with default options.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PinPolicy(PinPolicyOptions options, IPinHasher? hasher = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = PinPolicyOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(PinPolicyOptions), errors);
        }

        _options = options;
        _hasher = hasher ?? new Pbkdf2PinHasher();
    }

    /// <summary>Creates a policy from DI options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="hasher">The hasher used for the history check.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PinPolicy(IOptions<PinPolicyOptions> options, IPinHasher hasher)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, hasher ?? throw new ArgumentNullException(nameof(hasher)))
    {
    }

    /// <summary>Evaluates a candidate PIN.</summary>
    /// <param name="pin">The candidate PIN (ASCII or full-width digits).</param>
    /// <param name="context">The role, account ids and PIN history.</param>
    /// <returns>The verdict with every failed rule.</returns>
    public PinPolicyResult Evaluate(ReadOnlySpan<char> pin, PinPolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PinLengthRule lengths = _options.LengthFor(context.Role);
        var reasons = new List<PinRejectionReason>();

        Span<char> buffer = stackalloc char[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(pin, buffer, out int written, out PinInputError error))
            {
                switch (error)
                {
                    case PinInputError.Empty:
                        reasons.Add(PinRejectionReason.TooShort);
                        break;
                    case PinInputError.TooLong:
                        reasons.Add(PinRejectionReason.TooLong);
                        break;
                    default:
                        AddLength(reasons, pin.Length, lengths);
                        reasons.Add(PinRejectionReason.NonDigit);
                        break;
                }

                return new PinPolicyResult(Sorted(reasons));
            }

            ReadOnlySpan<char> d = buffer[..written];
            AddLength(reasons, d.Length, lengths);
            Check(reasons, PinRejectionReason.AllSameDigit, PinPatterns.AllSameDigit(d));
            Check(reasons, PinRejectionReason.Sequence, PinPatterns.IsSequence(d));
            Check(reasons, PinRejectionReason.RepeatedBlock, PinPatterns.IsRepeatedBlock(d));
            Check(reasons, PinRejectionReason.KeypadPattern, PinPatterns.IsKeypadPattern(d));
            Check(reasons, PinRejectionReason.YearLike, PinPatterns.IsYearLike(d));
            Check(reasons, PinRejectionReason.DateLike, PinPatterns.IsDateLike(d));
            Check(reasons, PinRejectionReason.CommonPin, CommonPins.Contains(d));
            Check(reasons, PinRejectionReason.EqualsOperatorId, context.OperatorId is { Length: > 0 } op && d.SequenceEqual(op));
            Check(reasons, PinRejectionReason.EqualsTerminalId, context.TerminalId is { Length: > 0 } term && d.SequenceEqual(term));
            Check(reasons, PinRejectionReason.EqualsFactoryDefault, IsFactoryDefault(d));
            if (!_options.DisabledRules.Contains(PinRejectionReason.ReusedPreviousPin) && IsReused(d, context.PreviousPinHashes))
            {
                reasons.Add(PinRejectionReason.ReusedPreviousPin);
            }

            return reasons.Count == 0 ? PinPolicyResult.Accepted : new PinPolicyResult(reasons);
        }
        finally
        {
            buffer.Clear();
        }
    }

    private static void AddLength(List<PinRejectionReason> reasons, int length, PinLengthRule lengths)
    {
        if (length < lengths.MinLength)
        {
            reasons.Add(PinRejectionReason.TooShort);
        }
        else if (length > lengths.MaxLength)
        {
            reasons.Add(PinRejectionReason.TooLong);
        }
    }

    private static PinRejectionReason[] Sorted(List<PinRejectionReason> reasons)
    {
        PinRejectionReason[] array = reasons.Distinct().ToArray();
        Array.Sort(array);
        return array;
    }

    private void Check(List<PinRejectionReason> reasons, PinRejectionReason reason, bool failed)
    {
        if (failed && !_options.DisabledRules.Contains(reason))
        {
            reasons.Add(reason);
        }
    }

    private bool IsFactoryDefault(ReadOnlySpan<char> d)
    {
        foreach (string factory in _options.FactoryDefaults)
        {
            if (d.SequenceEqual(factory))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsReused(ReadOnlySpan<char> d, IReadOnlyList<string>? history)
    {
        if (history is null)
        {
            return false;
        }

        int depth = Math.Min(_options.HistoryDepth, history.Count);
        bool reused = false;
        for (int i = 0; i < depth; i++)
        {
            // Check every entry (no early exit) so the time does not reveal which one matched.
            if (history[i] is { } hash && _hasher.Verify(hash, d) != PinVerificationResult.Failed)
            {
                reused = true;
            }
        }

        return reused;
    }
}
