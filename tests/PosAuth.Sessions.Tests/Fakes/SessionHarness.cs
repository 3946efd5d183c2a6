using PosAuth.Testing;

namespace PosAuth.Sessions.Tests.Fakes;

/// <summary>One terminal with a fake clock, store, verifier and host; drives the manager into any state.</summary>
public sealed class SessionHarness : IDisposable
{
    public const string Terminal = "TERM-A7";
    public const string AdminPin = "86429173";
    public const string SupervisorPin = "736251";
    public const string OperatorPin = "4821";

    public SessionHarness(Action<SessionOptions>? configure = null, ManualTimeProvider? time = null, InMemorySessionStore? store = null)
    {
        Time = time ?? new ManualTimeProvider();
        Store = store ?? new InMemorySessionStore();
        Options = new SessionOptions();
        configure?.Invoke(Options);
        Manager = NewManager(Options);
    }

    public ManualTimeProvider Time { get; }

    public InMemorySessionStore Store { get; }

    public FakeOperatorVerifier Verifier { get; } = new();

    public FakeOperatorPinChanger PinChanger => _pinChanger ??= new FakeOperatorPinChanger(Verifier);

    /// <summary>Every transition handed to the manager's transition sinks, in order.</summary>
    public List<SessionTransitionedEventArgs> Sunk { get; } = [];

    /// <summary>The permission policy given to the manager; <see langword="null"/> for the package default.</summary>
    public ISessionPermissionPolicy? Permissions { get; set; }

    public FakeHostSignOn Host { get; } = new();

    public SessionOptions Options { get; }

    public TerminalSessionManager Manager { get; private set; }

    private FakeOperatorPinChanger? _pinChanger;

    public List<SessionTransitionedEventArgs> Events { get; } = [];

    /// <summary>What the store held when each event was raised (persist-before-raise check).</summary>
    public List<TerminalSession> StoredWhenRaised { get; } = [];

    public TerminalSession Stored => Store.GetAsync(Terminal, default).AsTask().GetAwaiter().GetResult()!;

    /// <summary>Power cycle: the old manager is gone, a new one reads the same store under <paramref name="policy"/>.</summary>
    public async Task<TerminalSession> RestartAsync(SessionRestorePolicy? policy = null)
    {
        Manager.Dispose();
        Time.RestartMonotonicClock();
        if (policy is { } p)
        {
            Options.RestorePolicy = p;
        }

        Manager = NewManager(Options);
        return (await Manager.RestoreOrStartAsync()).Session;
    }

    /// <summary>Builds a new manager over the same store, verifier and host (after a change of <see cref="Permissions"/>).</summary>
    public void Rebuild()
    {
        Manager.Dispose();
        Manager = NewManager(Options);
    }

    /// <summary>
    /// Drives a fresh terminal into <paramref name="state"/>. For <see cref="TerminalSessionState.Locked"/> and
    /// <see cref="TerminalSessionState.Maintenance"/>, <paramref name="inner"/> is the state locked in / maintained from.
    /// </summary>
    public async Task DriveToAsync(TerminalSessionState state, TerminalSessionState? inner = null)
    {
        switch (state)
        {
            case TerminalSessionState.AwaitingOperator:
                await Manager.RestoreOrStartAsync();
                break;
            case TerminalSessionState.OperatorSignedIn:
                await DriveToAsync(TerminalSessionState.AwaitingOperator);
                Assert.True((await Manager.SignInOperatorAsync("01", OperatorPin.AsMemory())).Succeeded);
                break;
            case TerminalSessionState.Ready:
                await DriveToAsync(TerminalSessionState.OperatorSignedIn);
                Assert.True((await Manager.SignInTerminalAsync()).Succeeded);
                break;
            case TerminalSessionState.SignInRequired:
                await DriveToAsync(TerminalSessionState.Ready);
                await Manager.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77");
                break;
            case TerminalSessionState.Locked:
                await DriveToAsync(inner ?? TerminalSessionState.Ready);
                await Manager.LockAsync();
                break;
            case TerminalSessionState.Maintenance:
                await DriveToAsync(inner ?? TerminalSessionState.AwaitingOperator);
                Assert.True((await Manager.EnterMaintenanceAsync("99", AdminPin.AsMemory())).Succeeded);
                break;
            case TerminalSessionState.SignedOut:
                await DriveToAsync(TerminalSessionState.Ready);
                await Manager.SignOutAsync();
                break;
            case TerminalSessionState.PinChangeRequired:
                await DriveToAsync(TerminalSessionState.AwaitingOperator);
                Verifier.MustChange.Add("01");
                SessionResult signedIn = await Manager.SignInOperatorAsync("01", OperatorPin.AsMemory());
                Assert.True(signedIn.Succeeded && signedIn.MustChangePin);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }

        Assert.Equal(state, Stored.State);
        Events.Clear();
        StoredWhenRaised.Clear();
        Sunk.Clear();
    }

    public void Dispose() => Manager.Dispose();

    private TerminalSessionManager NewManager(SessionOptions options)
    {
        var manager = new TerminalSessionManager(
            Terminal, Store, Verifier, PinChanger, Host, Microsoft.Extensions.Options.Options.Create(options), Time, Permissions, [new RecordingSink(this)]);
        manager.Transitioned += (_, e) =>
        {
            lock (Events)
            {
                Events.Add(e);
                StoredWhenRaised.Add(Stored);
            }
        };
        return manager;
    }

    /// <summary>Records what the sinks receive, and what the store held at that moment (save-before-sink check).</summary>
    private sealed class RecordingSink(SessionHarness owner) : ISessionTransitionSink
    {
        public ValueTask OnTransitionedAsync(SessionTransitionedEventArgs transition, CancellationToken cancellationToken)
        {
            lock (owner.Events)
            {
                Assert.Equal(transition.Session, owner.Stored);
                owner.Sunk.Add(transition);
            }

            return ValueTask.CompletedTask;
        }
    }
}
