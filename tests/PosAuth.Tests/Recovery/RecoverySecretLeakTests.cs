using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.OfflineUnlock;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

/// <summary>
/// Runs every recovery flow, successes and failures, with distinctive PINs, then scans everything the SDK kept or
/// said: the operator records (and their ToString), the audit events and the stored trail, every captured log
/// message, every result, error and exception message. No plain PIN, temporary PIN or unlock response may appear.
/// </summary>
public sealed class RecoverySecretLeakTests : IDisposable
{
    private const string Terminal = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();
    private readonly List<string> _secrets = [];
    private readonly List<string> _said = [];

    public void Dispose() => _f.Dispose();

    private void Said(object? value) => _said.Add(value?.ToString() ?? string.Empty);

    private void SaidResult(RecoveryResult result)
    {
        Said(result);
        Said(result.Error?.Description);
    }

    private void SaidResult<T>(RecoveryResult<T> result)
        where T : class
    {
        Said(result);
        Said(result.Error?.Description);
        Said(result.Value);
    }

    private string Secret(string value)
    {
        _secrets.Add(value);
        return value;
    }

    [Fact]
    public async Task NoFlow_EverStoresOrLogs_APlainPin_OrAnUnlockResponse()
    {
        await _f.Auth.SeedAsync("99", Secret("46183927"));
        await _f.Auth.SeedAsync("00", Secret("582947"));
        await _f.Auth.SeedAsync("01", Secret("8253"));
        await _f.Auth.SeedAsync("02", Secret("3084"));

        // PIN change: success, weak new PIN, wrong current PIN.
        SaidResult(await _f.Pins.ChangePinAsync(Terminal, "01", "8253".AsMemory(), Secret("6920").AsMemory()));
        SaidResult(await _f.Pins.ChangePinAsync(Terminal, "01", "6920".AsMemory(), Secret("1234").AsMemory()));
        SaidResult(await _f.Pins.ChangePinAsync(Terminal, "01", Secret("2957").AsMemory(), "5836".AsMemory()));

        // Reset: success, denied, wrong actor PIN.
        SaidResult(await _f.Pins.ResetPinAsync(Terminal, "00", "582947".AsMemory(), "02", Secret("5836").AsMemory()));
        SaidResult(await _f.Pins.ResetPinAsync(Terminal, "01", "6920".AsMemory(), "00", Secret("693071").AsMemory()));
        SaidResult(await _f.Pins.ResetPinAsync(Terminal, "00", Secret("560918").AsMemory(), "01", "4739".AsMemory()));

        // Temporary PIN, used once to sign in and change.
        RecoveryResult<TemporaryPin> temporary = await _f.Pins.IssueTemporaryPinAsync(Terminal, "99", "46183927".AsMemory(), "00");
        SaidResult(temporary);
        string temp = Secret(new string(temporary.Value!.AsSpan()));
        Said(await _f.Auth.SignInAsync("00", temp));
        SaidResult(await _f.Pins.ChangePinAsync(Terminal, "00", temp.AsMemory(), Secret("730948").AsMemory()));

        // Offline unlock: wrong, right, replay.
        RecoveryResult<OfflineUnlockChallenge> challenge = await _f.Unlock.IssueChallengeAsync(Terminal, "01");
        SaidResult(challenge);
        string response = Secret(_f.ResponseFor(challenge.Value!));
        string wrong = Secret(response[..7] + (char)('0' + ((response[7] - '0' + 1) % 10)));
        SaidResult(await _f.Unlock.CompleteAsync(Terminal, "01", wrong));
        RecoveryResult<TemporaryPin> unlocked = await _f.Unlock.CompleteAsync(Terminal, "01", response);
        SaidResult(unlocked);
        string oneTime = Secret(new string(unlocked.Value!.AsSpan()));
        SaidResult(await _f.Unlock.CompleteAsync(Terminal, "01", response));
        Said(await _f.Auth.SignInAsync("01", oneTime));

        // Factory reset: wrong administrator PIN, then the right one.
        SaidResult(await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator("99", Secret("90817263").AsMemory())));
        IReadOnlyList<OperatorAccount> beforeReset = await _f.Operators.ListAsync();
        SaidResult(await _f.FactoryReset.FactoryResetAsync(Terminal, FactoryResetActor.Administrator("99", "46183927".AsMemory())));

        // An exception about a misconfigured key.
        string badKey = Convert.ToBase64String([.. Enumerable.Range(0, 70).Select(i => (byte)i)]);
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Recovery.OfflineUnlockKey = badKey).UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOfflineUnlockService>());
        _secrets.Add(badKey);
        Said(exception.Message);

        // What was kept: operator records (before and after the reset) ...
        foreach (OperatorAccount account in beforeReset.Concat(await _f.Operators.ListAsync()))
        {
            Said(account);
            Said(account.DisplayName);
            Assert.StartsWith("$", account.PinHash, StringComparison.Ordinal);
            _said.Add(account.PinHash);
            _said.AddRange(account.PinHistory);
        }

        // ... the audit events, the stored trail, and every log line.
        foreach (AuditEvent e in _f.AuditEvents.Concat((await _f.AuditStore.ReadAsync()).Select(r => r.Event)))
        {
            Said(e);
            _said.AddRange([e.TerminalId ?? "", e.OperatorId ?? "", e.ActorId ?? "", e.Code ?? "", e.Detail ?? ""]);
        }

        _said.AddRange(_f.Auth.LogTexts);
        _said.AddRange(_f.Auth.MetricTagTexts);

        Assert.NotEmpty(_f.Auth.LogTexts);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.OfflineUnlockSucceeded);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.TemporaryPinIssued);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.PinReset);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.FactoryReset);
        foreach (string secret in _secrets)
        {
            foreach (string text in _said)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret appeared in: {text.Replace(secret, "<SECRET>", StringComparison.Ordinal)}");
            }
        }

        temporary.Value.Dispose();
        unlocked.Value.Dispose();
    }
}
