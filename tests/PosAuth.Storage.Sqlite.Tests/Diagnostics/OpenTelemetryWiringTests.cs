using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PosAuth.Hashing;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Diagnostics;

/// <summary>
/// The README's OpenTelemetry wiring, as written there (<c>AddSource</c> / <c>AddMeter</c> with the PosAuth names),
/// exports the sign-in span and the sign-in counter through the OpenTelemetry SDK.
/// </summary>
public sealed class OpenTelemetryWiringTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    [Fact]
    public async Task TheReadmeWiring_ExportsSpansAndMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PosAuthDiagnostics.ActivitySourceName)
            .AddInMemoryExporter(spans)
            .Build())
        using (MeterProvider meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(PosAuthDiagnostics.MeterName)
            .AddInMemoryExporter(metrics)
            .Build())
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(new ManualTimeProvider());
            services.AddPosAuth(o =>
            {
                o.Hashing.Iterations = 1_000;
                o.Hashing.MinimumIterations = 1_000;
            }).WithoutHostSignOn().UseSqlite(dir.NewDatabasePath());
            await using ServiceProvider provider = services.BuildServiceProvider();
            Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount
            {
                OperatorId = "01",
                Role = OperatorRole.Operator,
                PinHash = provider.GetRequiredService<IPinHasher>().Hash("7391"),
            }));

            AuthenticationResult result = await provider.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync("OTEL1", "01", "7391".AsMemory());

            Assert.True(result.Succeeded);
            Assert.True(tracing.ForceFlush());
            Assert.True(meters.ForceFlush());
        }

        // Other tests of the process sign in too: this test's spans are those of its terminal.
        Activity signIn = Assert.Single(spans, s => s.OperationName == "posauth.sign_in" && (string?)s.GetTagItem(PosAuthDiagnostics.TerminalTag) == "OTEL1");
        Assert.Equal("succeeded", signIn.GetTagItem(PosAuthDiagnostics.OutcomeTag));
        Assert.Contains(spans, s => s.OperationName == "posauth.store" && s.TraceId == signIn.TraceId);
        Assert.Contains(metrics, m => m.Name == "posauth.authentications");
        Assert.Contains(metrics, m => m.Name == "posauth.verification.duration");
    }
}
