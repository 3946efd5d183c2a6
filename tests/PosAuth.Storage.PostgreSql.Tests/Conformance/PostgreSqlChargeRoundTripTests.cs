using System.Diagnostics;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Storage.PostgreSql.Tests.Conformance;

/// <summary>
/// What a charge costs on PostgreSQL (issue 13): with the terminal throttle enabled, one statement reading the subject and
/// the throttle (<see cref="PostgreSqlAttemptStore.GetPairAsync"/>) and one statement writing both: two round trips, also
/// when the subject is locked (one). Counted as the commands Npgsql traces under this test's own parent activity, so
/// commands of tests running in parallel are not counted.
/// </summary>
public sealed class PostgreSqlChargeRoundTripTests
{
    private static readonly ActivitySource Source = new("PosAuth.Storage.PostgreSql.Tests.RoundTrips");

    [Fact]
    public async Task Charge_WithThrottle_IsOnePairReadAndOneWrite()
    {
        await using PostgreSqlAttemptStore store = new(await PostgresTestServer.OptionsAsync());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions { MaxFailures = 2 }), new ManualTimeProvider());
        var subject = new LockoutSubject("T1", "01", OperatorRole.Operator);
        await policy.TryChargeAsync(new LockoutSubject("T1", "02", OperatorRole.Operator), default); // migrates the schema

        (int allowed, AttemptCharge charge) = await CountCommandsAsync(() => policy.TryChargeAsync(subject, default).AsTask());
        Assert.True(charge.IsAllowed);
        Assert.Equal(2, allowed);

        await policy.RegisterFailureAsync(charge, default);
        AttemptCharge locking = await policy.TryChargeAsync(subject, default);
        Assert.True(locking.AppliedLock);
        (int locked, AttemptCharge rejected) = await CountCommandsAsync(() => policy.TryChargeAsync(subject, default).AsTask());
        Assert.False(rejected.IsAllowed);
        Assert.Equal(1, locked);
    }

    private static async Task<(int Commands, T Result)> CountCommandsAsync<T>(Func<Task<T>> action)
    {
        using var parent = new Activity("round-trips");
        int commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql" || s == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Npgsql" && a.TraceId == parent.TraceId)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        parent.SetIdFormat(ActivityIdFormat.W3C);
        parent.Start();
        T result = await action();
        parent.Stop();
        return (Volatile.Read(ref commands), result);
    }
}
