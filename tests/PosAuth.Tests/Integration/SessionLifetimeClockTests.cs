using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Integration;

/// <summary>Session age is measured on the lifetime clock: a backward wall-clock jump never stretches a session (issue 12).</summary>
public sealed class SessionLifetimeClockTests
{
    private const string Pin = "739146";

    private static async Task<(ServiceProvider Provider, ManualTimeProvider Clock)> BuildAsync()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
            o.Sessions.RestorePolicy = SessionRestorePolicy.ResumeAll;
            o.Sessions.IdleLockAfter = null;
            o.Sessions.MaxSessionAge = TimeSpan.FromHours(24);
        }).UseInMemoryStores();
        ServiceProvider sp = services.BuildServiceProvider();
        IOperatorStore store = sp.GetRequiredService<IOperatorStore>();
        await store.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = sp.GetRequiredService<IPinHasher>().Hash(Pin) });
        return (sp, clock);
    }

    [Fact]
    public async Task ARestoredSession_AfterTheWallClockWasSetBack_StillEndsAtItsMaximumAge()
    {
        (ServiceProvider sp, ManualTimeProvider clock) = await BuildAsync();
        using (sp)
        {
            ITerminalSessionManagerFactory factory = sp.GetRequiredService<ITerminalSessionManagerFactory>();
            using (TerminalSessionManager first = factory.Create("T0001"))
            {
                await first.RestoreOrStartAsync();
                Assert.True((await first.SignInOperatorAsync("01", Pin.AsMemory())).Succeeded);
                Assert.Equal(TerminalSessionState.Ready, (await first.SignInTerminalAsync()).Session.State);
            }

            clock.Advance(TimeSpan.FromHours(23));
            clock.JumpWallClock(TimeSpan.FromHours(-10)); // someone sets the terminal's clock back
            clock.Advance(TimeSpan.FromHours(2));          // 25 real hours since the 签到; the wall clock says 15

            using TerminalSessionManager restored = factory.Create("T0001");
            await restored.RestoreOrStartAsync();
            SessionResult checkedNow = await restored.CheckTimeRulesAsync();

            Assert.Equal(TerminalSessionState.SignInRequired, checkedNow.Session.State);
        }
    }

    [Fact]
    public async Task ARestoredSession_WithinItsMaximumAge_StaysReady()
    {
        (ServiceProvider sp, ManualTimeProvider clock) = await BuildAsync();
        using (sp)
        {
            ITerminalSessionManagerFactory factory = sp.GetRequiredService<ITerminalSessionManagerFactory>();
            using (TerminalSessionManager first = factory.Create("T0001"))
            {
                await first.RestoreOrStartAsync();
                await first.SignInOperatorAsync("01", Pin.AsMemory());
                await first.SignInTerminalAsync();
            }

            clock.Advance(TimeSpan.FromHours(20));
            clock.JumpWallClock(TimeSpan.FromHours(-10));

            using TerminalSessionManager restored = factory.Create("T0001");
            await restored.RestoreOrStartAsync();
            SessionResult checkedNow = await restored.CheckTimeRulesAsync();

            Assert.Equal(TerminalSessionState.Ready, checkedNow.Session.State);
        }
    }
}
