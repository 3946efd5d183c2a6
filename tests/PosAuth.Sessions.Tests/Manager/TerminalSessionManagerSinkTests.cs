using PosAuth.Sessions.Tests.Fakes;
using PosAuth.Testing;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerSinkTests
{
    [Fact]
    public async Task Sinks_ReceiveEveryTransition_InOrder_OnceSaved_AndNothingForARefusal()
    {
        using var h = new SessionHarness(o => o.IdleLockAfter = null);
        await h.Manager.RestoreOrStartAsync();
        await h.Manager.SignInOperatorAsync("01", "9999".AsMemory());            // refused: nothing
        await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());
        await h.Manager.SignInTerminalAsync();
        await h.Manager.LockAsync();
        await h.Manager.UnlockAsync("02", SessionHarness.OperatorPin.AsMemory()); // refused: nothing
        await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory());
        await h.Manager.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77");
        await h.Manager.SignOutAsync();

        Assert.Equal(
            [SessionTrigger.PowerOn, SessionTrigger.OperatorSignIn, SessionTrigger.HostSignIn, SessionTrigger.Lock, SessionTrigger.Unlock, SessionTrigger.RequireSignIn, SessionTrigger.SignOut],
            h.Sunk.Select(e => e.Trigger));
        Assert.Equal(h.Events, h.Sunk); // the same records, in the same order (the sink itself checked each was saved first)
    }

    [Fact]
    public async Task Sink_ThatThrows_ReachesTheCaller_AndTheTransitionStaysSaved()
    {
        var time = new PosAuth.Testing.ManualTimeProvider();
        var store = new InMemorySessionStore();
        var verifier = new FakeOperatorVerifier();
        using var manager = new TerminalSessionManager(
            "T1", store, verifier, new FakeOperatorPinChanger(verifier), new FakeHostSignOn(), Microsoft.Extensions.Options.Options.Create(new SessionOptions()), time, null, [new ThrowingSink()]);

        await Assert.ThrowsAsync<IOException>(() => manager.RestoreOrStartAsync().AsTask());

        Assert.Equal(TerminalSessionState.AwaitingOperator, (await store.GetAsync("T1", default))!.State);
    }

    private sealed class ThrowingSink : ISessionTransitionSink
    {
        public ValueTask OnTransitionedAsync(SessionTransitionedEventArgs transition, CancellationToken cancellationToken) =>
            ValueTask.FromException(new IOException("audit store unavailable"));
    }
}
