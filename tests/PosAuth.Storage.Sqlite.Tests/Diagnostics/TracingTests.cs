using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Diagnostics;

/// <summary>
/// The <c>PosAuth</c> activity source on the embedded default (issue 16): a sign-in is one span with the charge, the
/// verification and every store call beneath it, session transitions are spans, and no span ever carries a PIN or an
/// operator number (an unknown number may be a PIN typed into the wrong field).
/// </summary>
public sealed class TracingTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private const string Pin = "7391";

    private sealed class NoHost : IHostSignOn
    {
        public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken) => new(HostSignOnResult.Success(1));

        public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken) => new(new HostSignOffResult(true, null, null));
    }

    private async Task<ServiceProvider> BuildAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, NoHost>();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
        }).UseSqlite(dir.NewDatabasePath());
        ServiceProvider provider = services.BuildServiceProvider();
        Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount
        {
            OperatorId = "01",
            Role = OperatorRole.Operator,
            PinHash = provider.GetRequiredService<IPinHasher>().Hash(Pin),
        }));
        return provider;
    }

    [Fact]
    public async Task WrongPin_IsOneSignInSpan_WithTheCharge_TheVerification_AndEveryStoreCallBeneathIt()
    {
        await using ServiceProvider provider = await BuildAsync();
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
        using var recorder = new ActivityRecorder();

        AuthenticationResult result = await authenticator.AuthenticateAsync("T1", "01", "1111".AsMemory());

        Assert.Equal(AuthenticationOutcome.WrongPin, result.Outcome);
        Activity signIn = Assert.Single(recorder.Named("posauth.sign_in"));
        Assert.Equal(recorder.Root.SpanId, signIn.ParentSpanId);
        Assert.Equal("wrong_pin", signIn.GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Equal("T1", signIn.GetTagItem(PosAuthDiagnostics.TerminalTag));
        Assert.Null(signIn.GetTagItem(PosAuthDiagnostics.RoleTag)); // a wrong PIN reports no role, exactly like an unknown number

        Activity charge = Assert.Single(recorder.Named("posauth.lockout.charge"));
        Assert.Equal(signIn.SpanId, charge.ParentSpanId);
        Assert.Equal("charged", charge.GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Equal("operator", charge.GetTagItem(PosAuthDiagnostics.RoleTag));

        Activity verify = Assert.Single(recorder.Named("posauth.pin.verify"));
        Assert.Equal(signIn.SpanId, verify.ParentSpanId);
        Assert.Equal("failed", verify.GetTagItem(PosAuthDiagnostics.OutcomeTag));

        IReadOnlyList<Activity> storeCalls = recorder.Named("posauth.store");
        Assert.Contains(storeCalls, s => (string?)s.GetTagItem(PosAuthDiagnostics.StoreTag) == "operators");
        Assert.Contains(storeCalls, s => (string?)s.GetTagItem(PosAuthDiagnostics.StoreTag) == "attempts" && s.ParentSpanId == charge.SpanId);
        Assert.All(storeCalls, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("sqlite", s.GetTagItem("db.system.name"));
            Assert.False(string.IsNullOrEmpty((string?)s.GetTagItem(PosAuthDiagnostics.StoreOperationTag)));
            Assert.True(IsBeneath(s, signIn, recorder.Spans), $"store call {s.GetTagItem(PosAuthDiagnostics.StoreOperationTag)} is not beneath the sign-in");
        });
    }

    [Fact]
    public async Task RightPin_SignInSpanSaysSucceeded_AndTheVerificationSucceeded()
    {
        await using ServiceProvider provider = await BuildAsync();
        using var recorder = new ActivityRecorder();

        AuthenticationResult result = await provider.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync("T1", "01", Pin.AsMemory());

        Assert.True(result.Succeeded);
        Activity signIn = Assert.Single(recorder.Named("posauth.sign_in"));
        Assert.Equal(result.Code, signIn.GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Equal("operator", signIn.GetTagItem(PosAuthDiagnostics.RoleTag));
        Assert.Equal("succeeded", Assert.Single(recorder.Named("posauth.pin.verify")).GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.DoesNotContain(recorder.EverythingExported(), s => s.Contains(Pin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APinTypedIntoTheOperatorNumberField_AppearsInNoSpan()
    {
        await using ServiceProvider provider = await BuildAsync();
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
        const string typedPin = "739146";
        using var recorder = new ActivityRecorder();

        AuthenticationResult unknown = await authenticator.AuthenticateAsync("T1", typedPin, typedPin.AsMemory());
        AuthenticationResult wrong = await authenticator.AuthenticateAsync("T1", "01", typedPin.AsMemory());

        Assert.Equal(AuthenticationOutcome.WrongPin, unknown.Outcome);
        IReadOnlyList<Activity> signIns = recorder.Named("posauth.sign_in");
        Assert.Equal(2, signIns.Count);
        Assert.All(signIns, s => Assert.Equal("wrong_pin", s.GetTagItem(PosAuthDiagnostics.OutcomeTag)));
        // The unknown number and the wrong PIN of a known one leave the same tags (no enumeration through traces).
        Assert.Equal(Tags(signIns[0]), Tags(signIns[1]));
        IReadOnlyList<Activity> charges = recorder.Named("posauth.lockout.charge");
        Assert.Equal(Tags(charges[0]), Tags(charges[1]));
        Assert.Equal(2, recorder.Named("posauth.pin.verify").Count); // the dummy verification is traced like the real one
        Assert.Equal(AuthenticationOutcome.WrongPin, wrong.Outcome);
        Assert.NotEmpty(recorder.EverythingExported());
        Assert.DoesNotContain(recorder.EverythingExported(), s => s.Contains(typedPin, StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.EverythingExported(), s => s.Contains("01", StringComparison.Ordinal) && !s.StartsWith(PosAuthDiagnostics.StoreOperationTag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LockedOperator_IsRefusedByTheCharge_AndNoVerificationSpanExists()
    {
        await using ServiceProvider provider = await BuildAsync();
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
        AuthenticationResult last = default;
        for (int i = 0; i < 10 && last.Outcome != AuthenticationOutcome.LockedOut; i++)
        {
            last = await authenticator.AuthenticateAsync("T1", "01", "1111".AsMemory());
        }

        Assert.Equal(AuthenticationOutcome.LockedOut, last.Outcome);
        using var recorder = new ActivityRecorder();

        AuthenticationResult refused = await authenticator.AuthenticateAsync("T1", "01", Pin.AsMemory());

        Assert.Equal(AuthenticationOutcome.LockedOut, refused.Outcome);
        Assert.Equal("locked_out", Assert.Single(recorder.Named("posauth.sign_in")).GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Equal("locked_out", Assert.Single(recorder.Named("posauth.lockout.charge")).GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Empty(recorder.Named("posauth.pin.verify"));
    }

    [Fact]
    public async Task SessionTransitions_AreSpans_WithFromToTriggerTerminalAndRole()
    {
        await using ServiceProvider provider = await BuildAsync();
        using TerminalSessionManager session = provider.GetRequiredService<ITerminalSessionManagerFactory>().Create("T1");
        await session.RestoreOrStartAsync();
        using var recorder = new ActivityRecorder();

        Assert.True((await session.SignInOperatorAsync("01", Pin.AsMemory())).Succeeded);
        Assert.True((await session.SignInTerminalAsync()).Succeeded);

        IReadOnlyList<Activity> transitions = recorder.Named("posauth.session.transition");
        Assert.Equal(
            [("AwaitingOperator", "OperatorSignedIn"), ("OperatorSignedIn", "Ready")],
            transitions.Select(t => ((string)t.GetTagItem(PosAuthDiagnostics.SessionFromTag)!, (string)t.GetTagItem(PosAuthDiagnostics.SessionToTag)!)));
        Assert.All(transitions, t =>
        {
            Assert.Equal("T1", t.GetTagItem(PosAuthDiagnostics.TerminalTag));
            Assert.Equal("operator", t.GetTagItem(PosAuthDiagnostics.RoleTag));
            Assert.False(string.IsNullOrEmpty((string?)t.GetTagItem(PosAuthDiagnostics.SessionTriggerTag)));
        });
        Assert.Contains(recorder.Named("posauth.store"), s => (string?)s.GetTagItem(PosAuthDiagnostics.StoreTag) == "sessions" && IsBeneath(s, transitions[0], recorder.Spans));
        Assert.DoesNotContain(recorder.EverythingExported(), s => s.Contains(Pin, StringComparison.Ordinal));
    }

    private static string Tags(Activity a) => string.Join(",", a.TagObjects.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    private static bool IsBeneath(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        for (Activity? current = span; current is not null; current = all.FirstOrDefault(a => a.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
