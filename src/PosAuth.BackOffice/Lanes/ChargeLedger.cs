using System.Collections.Concurrent;
using System.Security.Cryptography;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Lanes;

/// <summary>
/// Charges waiting for their verdict (a refund after a right PIN), and the answers already given to charge requests
/// (so a lane that repeats a request after a lost answer is charged once). Both live in memory for a few minutes: a
/// refund that finds its charge gone (the back office restarted) is answered <c>unknown_charge</c>; the attempt then
/// stays counted (the cashier loses at most one try, the attacker never gains one) until the next right PIN clears it.
/// </summary>
internal sealed class ChargeLedger
{
    private const int MaxEntries = 200_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Terminal, string Request), Answered> _answers = new();
    private readonly TimeProvider _time;

    public ChargeLedger(TimeProvider time) => _time = time;

    public bool TryGetAnswer(string terminalId, string requestId, out ChargeResponse response)
    {
        if (_answers.TryGetValue((terminalId, requestId), out Answered a) && _time.GetElapsedTime(a.At) < Lifetime)
        {
            response = a.Response;
            return true;
        }

        response = null!;
        return false;
    }

    public void RememberAnswer(string terminalId, string requestId, ChargeResponse response)
    {
        Trim();
        _answers[(terminalId, requestId)] = new Answered(response, _time.GetTimestamp());
    }

    public string Add(string site, string terminalId, AttemptCharge charge)
    {
        Trim();
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        string chargeId = Convert.ToHexStringLower(id);
        _pending[chargeId] = new Pending(site, terminalId, charge, _time.GetTimestamp());
        return chargeId;
    }

    /// <summary>Takes a pending charge of <paramref name="terminalId"/> (each is refunded at most once).</summary>
    public bool TryTake(string chargeId, string terminalId, out string site, out AttemptCharge charge)
    {
        if (_pending.TryGetValue(chargeId, out Pending p) && p.TerminalId == terminalId && _time.GetElapsedTime(p.At) < Lifetime && _pending.TryRemove(chargeId, out _))
        {
            site = p.Site;
            charge = p.Charge;
            return true;
        }

        site = "";
        charge = default;
        return false;
    }

    private void Trim()
    {
        if (_pending.Count + _answers.Count < MaxEntries)
        {
            return;
        }

        foreach (KeyValuePair<string, Pending> p in _pending)
        {
            if (_time.GetElapsedTime(p.Value.At) >= Lifetime)
            {
                _pending.TryRemove(p.Key, out _);
            }
        }

        foreach (KeyValuePair<(string, string), Answered> a in _answers)
        {
            if (_time.GetElapsedTime(a.Value.At) >= Lifetime)
            {
                _answers.TryRemove(a.Key, out _);
            }
        }
    }

    private readonly record struct Pending(string Site, string TerminalId, AttemptCharge Charge, long At);

    private readonly record struct Answered(ChargeResponse Response, long At);
}
