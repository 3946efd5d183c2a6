using System.Globalization;
using Npgsql;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using Xunit.Abstractions;

namespace PosAuth.Storage.PostgreSql.Tests.MultiProcess;

/// <summary>
/// <c>pg_ctl stop -m immediate</c> (a power cut of the server) while two processes with four lanes each are charging
/// wrong PINs: every charge a lane saw acknowledged is in the database after the restart and none is counted twice;
/// while the server is down no sign-in succeeds or is answered at all (every one is StoreUnavailable); the lanes recover
/// by themselves once it is back.
/// </summary>
[Collection(PrivateClusterCollection.Name)]
public sealed class CrashTests(PrivateCluster cluster, ITestOutputHelper output)
{
    private const int Processes = 2;
    private const int LanesPerProcess = 4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServerCrashWhileLanesCharge_AcknowledgedChargesSurviveOnce_NothingIsAnsweredWhileDown_LanesRecover(bool perSite)
    {
        string site = PostgresTestServer.NewSite();
        var options = new PostgreSqlStoreOptions { ConnectionString = cluster.ConnectionString, Site = site };
        await using var store = new PostgreSqlAttemptStore(options);
        // Known operators (an unknown number is charged under another key): <prefix>L<lane>G<generation>.
        await using (var operators = new PostgreSqlOperatorStore(options))
        {
            string hash = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739");
            for (int p = 0; p < Processes; p++)
            {
                for (int lane = 0; lane < LanesPerProcess; lane++)
                {
                    for (int generation = 0; generation < 20; generation++)
                    {
                        Assert.True(await operators.TryCreateAsync(new OperatorAccount
                        {
                            OperatorId = FormattableString.Invariant($"C{p}L{lane}G{generation}"),
                            Role = OperatorRole.Operator,
                            PinHash = hash,
                        }));
                    }
                }
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        CancellationToken ct = timeout.Token;
        string childConnection = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { MaxPoolSize = 8 }.ConnectionString;
        var children = new List<ChildProcess>();
        bool serverUp = true;
        try
        {
            for (int i = 0; i < Processes; i++)
            {
                children.Add(ChildProcess.Start(childConnection, "lanes", site, LanesPerProcess.ToString(CultureInfo.InvariantCulture), PostgreSqlStoreOptions.DefaultSchema, "C" + i, perSite ? "persite" : "perterminal"));
            }

            await SendAllAsync(children, "go");
            foreach (ChildProcess child in children)
            {
                await child.WaitUntilAsync(l => Parse(l).Count(e => e.Acked) >= 40, ct);
            }

            // Crash in the middle of charging.
            await cluster.CrashAsync();
            serverUp = false;
            await MarkAsync(children, 1, ct);

            // Every sign-in that starts and ends while the server is down (between marks 1 and 2).
            foreach (ChildProcess child in children)
            {
                await child.WaitUntilAsync(l => Parse(l).Count(e => e.Start == 1 && e.End == 1) >= 20, ct);
            }

            await MarkAsync(children, 2, ct);
            await cluster.StartAsync();
            serverUp = true;
            await MarkAsync(children, 3, ct);
            foreach (ChildProcess child in children)
            {
                await child.WaitUntilAsync(l => Parse(l).Count(e => e.Acked && e.Start >= 3) >= 20, ct);
            }

            await SendAllAsync(children, "stop");
            foreach (ChildProcess child in children)
            {
                await child.WaitUntilAsync(l => l.Contains("stopped"), ct);
                await child.Process.WaitForExitAsync(ct);
                Assert.True(child.Process.ExitCode == 0, child.Errors());
            }
        }
        finally
        {
            if (!serverUp)
            {
                await cluster.StartAsync();
            }

            foreach (ChildProcess child in children)
            {
                child.Dispose();
            }
        }

        List<Event> events = children.SelectMany(c => Parse(c.Lines())).ToList();
        Assert.DoesNotContain(children.SelectMany(c => c.Lines()), l => l.StartsWith("error ", StringComparison.Ordinal));

        // Down: nothing answered, everything failed closed.
        Event[] down = events.Where(e => e.Start == 1 && e.End == 1).ToArray();
        Assert.All(down, e => Assert.False(e.Acked, $"{e.Terminal}/{e.Operator} was answered while the server was down"));

        // Up again: for each subject, the stored count is every acknowledged charge exactly once, plus at most one
        // for each call that failed after its charge may have committed (a lost acknowledgement).
        int acknowledged = 0, lostAcknowledgements = 0, keys = 0;
        foreach (IGrouping<(string Terminal, string Operator), Event> subject in events.GroupBy(e => (e.Terminal, e.Operator)))
        {
            keys++;
            int previous = 0, failedSince = 0;
            foreach (Event e in subject)
            {
                if (!e.Acked)
                {
                    failedSince++;
                    continue;
                }

                Assert.True(e.Failures > previous, $"{subject.Key}: acknowledged count {e.Failures} after {previous} (counted twice or lost)");
                Assert.True(e.Failures - previous - 1 <= failedSince, $"{subject.Key}: {e.Failures - previous - 1} extra charges with only {failedSince} failed calls between");
                lostAcknowledgements += e.Failures - previous - 1;
                acknowledged++;
                previous = e.Failures;
                failedSince = 0;
            }

            AttemptKey key = perSite ? AttemptKey.ForSite(subject.Key.Operator) : new AttemptKey(subject.Key.Terminal, subject.Key.Operator);
            int stored = (await store.GetAsync(key, default))?.FailureCount ?? 0;
            Assert.True(stored >= previous, $"{subject.Key}: acknowledged {previous}, stored {stored}");
            Assert.True(stored - previous <= failedSince, $"{subject.Key}: stored {stored}, acknowledged {previous}, only {failedSince} failed calls after");
            lostAcknowledgements += stored - previous;
        }

        output.WriteLine(FormattableString.Invariant(
            $"{(perSite ? "PerSite" : "PerTerminal")}: {Processes} processes x {LanesPerProcess} lanes, {keys} subjects: {acknowledged} acknowledged charges all stored once; {events.Count(e => !e.Acked)} calls failed closed ({down.Length} of them while the server was down, none answered); {lostAcknowledgements} charges committed whose acknowledgement was lost in the crash; after the restart {events.Count(e => e.Acked && e.Start >= 3)} acknowledged and {events.Count(e => !e.Acked && e.Start >= 3)} failed"));
    }

    private static async Task SendAllAsync(List<ChildProcess> children, string line)
    {
        foreach (ChildProcess child in children)
        {
            await child.SendAsync(line);
        }
    }

    private static async Task MarkAsync(List<ChildProcess> children, int n, CancellationToken ct)
    {
        await SendAllAsync(children, "mark");
        string expected = "marked " + n.ToString(CultureInfo.InvariantCulture);
        foreach (ChildProcess child in children)
        {
            await child.WaitUntilAsync(l => l.Contains(expected), ct);
        }
    }

    private static IEnumerable<Event> Parse(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            string[] p = line.Split(' ');
            if (p[0] == "ack")
            {
                yield return new Event(true, p[1], p[2], int.Parse(p[3], CultureInfo.InvariantCulture), int.Parse(p[4], CultureInfo.InvariantCulture), int.Parse(p[5], CultureInfo.InvariantCulture));
            }
            else if (p[0] == "unavail")
            {
                yield return new Event(false, p[1], p[2], 0, int.Parse(p[3], CultureInfo.InvariantCulture), int.Parse(p[4], CultureInfo.InvariantCulture));
            }
        }
    }

    private readonly record struct Event(bool Acked, string Terminal, string Operator, int Failures, int Start, int End);
}
