using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Diagnostics;

/// <summary>
/// The PostgreSQL stores' spans (issue 16): every store call of a sign-in is a <c>posauth.store</c> client span beneath
/// the sign-in (store, operation, <c>db.system.name = postgresql</c>), a store that cannot be reached marks its span as
/// failed by the exception's type only, and no span carries a PIN, an operator number or the connection string.
/// </summary>
public sealed class PostgreSqlTracingTests
{
    private const string Pin = "730194";
    private const string OperatorId = "4711";
    private const string RootSourceName = "PosAuth.Storage.PostgreSql.Tests.Tracing";
    private static readonly ActivitySource RootSource = new(RootSourceName);

    [Fact]
    public async Task WrongPin_EveryStoreCallIsASpanBeneathTheSignIn_NamingTheStoreAndOperation()
    {
        string connectionString = await PostgresTestServer.RequireAsync();
        await using ServiceProvider provider = await BuildAsync(connectionString);
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();

        (AuthenticationResult result, IReadOnlyList<Activity> spans) = await TraceAsync(() => authenticator.AuthenticateAsync("T1", OperatorId, "111111".AsMemory()).AsTask());

        Assert.Equal(AuthenticationOutcome.WrongPin, result.Outcome);
        Activity signIn = Assert.Single(spans, s => s.OperationName == "posauth.sign_in");
        Activity charge = Assert.Single(spans, s => s.OperationName == "posauth.lockout.charge");
        Activity[] storeCalls = [.. spans.Where(s => s.OperationName == "posauth.store")];
        Assert.Contains(storeCalls, s => Tag(s, PosAuthDiagnostics.StoreTag) == "operators" && Tag(s, PosAuthDiagnostics.StoreOperationTag) == "FindAsync");
        Assert.Contains(storeCalls, s => Tag(s, PosAuthDiagnostics.StoreTag) == "attempts" && s.ParentSpanId == charge.SpanId);
        Assert.Contains(storeCalls, s => Tag(s, PosAuthDiagnostics.StoreTag) == "sign_in");
        Assert.All(storeCalls, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("postgresql", s.GetTagItem("db.system.name"));
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
            Assert.True(IsBeneath(s, signIn, spans), $"{Tag(s, PosAuthDiagnostics.StoreOperationTag)} is not beneath the sign-in");
        });
        AssertNothingSecret(spans, connectionString);
    }

    [Fact]
    public async Task UnreachableServer_StoreSpanFails_WithTheExceptionTypeOnly_AndTheSignInIsStoreUnavailable()
    {
        // A port nothing listens on: the first store call cannot connect.
        string unreachable = "Host=127.0.0.1;Port=1;Username=posauth;Password=Sekret-4711;Timeout=2;Command Timeout=2";
        var services = new ServiceCollection();
        services.AddPosAuth().UsePostgreSql(unreachable, PostgresTestServer.NewSite()).WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();

        (AuthenticationResult result, IReadOnlyList<Activity> spans) = await TraceAsync(() => authenticator.AuthenticateAsync("T1", OperatorId, Pin.AsMemory()).AsTask());

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, result.Outcome);
        Activity[] storeCalls = [.. spans.Where(s => s.OperationName == "posauth.store")];
        Assert.Contains(storeCalls, s => Tag(s, PosAuthDiagnostics.StoreTag) == "operators" && Tag(s, PosAuthDiagnostics.StoreOperationTag) == "FindAsync");
        Assert.All(storeCalls, s =>
        {
            Assert.Equal(ActivityStatusCode.Error, s.Status);
            Assert.Equal(nameof(StoreUnavailableException), s.StatusDescription);
        });
        AssertNothingSecret(spans, unreachable);
        Assert.DoesNotContain(Everything(spans), s => s.Contains("Sekret-4711", StringComparison.Ordinal));
    }

    private static async Task<ServiceProvider> BuildAsync(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
        }).UsePostgreSql(connectionString, PostgresTestServer.NewSite()).WithoutHostSignOn();
        ServiceProvider provider = services.BuildServiceProvider();
        Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount
        {
            OperatorId = OperatorId,
            Role = OperatorRole.Operator,
            PinHash = provider.GetRequiredService<IPinHasher>().Hash(Pin),
        }));
        return provider;
    }

    // Records the PosAuth spans of this test's own trace (other tests of the process trace in parallel).
    private static async Task<(T Result, IReadOnlyList<Activity> Spans)> TraceAsync<T>(Func<Task<T>> action)
    {
        var stopped = new ConcurrentQueue<Activity>();
        ActivityTraceId trace = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PosAuthDiagnostics.ActivitySourceName || s.Name == RootSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == PosAuthDiagnostics.ActivitySourceName && a.TraceId == trace)
                {
                    stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        T result;
        using (Activity root = RootSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            result = await action();
        }

        return (result, [.. stopped]);
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    private static bool IsBeneath(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        for (Activity? s = span; s is not null; s = all.FirstOrDefault(p => p.SpanId == s.ParentSpanId))
        {
            if (s.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Everything(IReadOnlyList<Activity> spans) => spans.SelectMany(a =>
        new[] { a.OperationName, a.DisplayName, a.StatusDescription ?? string.Empty }
            .Concat(a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name))));

    private static void AssertNothingSecret(IReadOnlyList<Activity> spans, string connectionString)
    {
        Assert.NotEmpty(spans);
        foreach (string s in Everything(spans))
        {
            Assert.DoesNotContain(OperatorId, s, StringComparison.Ordinal);
            Assert.DoesNotContain(Pin, s, StringComparison.Ordinal);
            Assert.DoesNotContain("111111", s, StringComparison.Ordinal);
            Assert.DoesNotContain(connectionString, s, StringComparison.Ordinal);
        }
    }
}
