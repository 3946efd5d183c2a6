using System.Globalization;
using Npgsql;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using Xunit.Abstractions;

namespace PosAuth.Storage.PostgreSql.Tests.MultiProcess;

/// <summary>
/// A lane process killed (SIGKILL, no clean-up) while its four lanes are charging wrong PINs on a PerSite budget: every
/// charge it saw acknowledged is in the site's record, and at most the one sign-in each lane had in flight counts on top
/// (its charge either committed or never happened); the server rolls back whatever the dead process left open, so the
/// other process's lanes go on charging and appending to the site's audit chain, and the chain stays valid.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private const int LanesPerProcess = 4;

    [Fact]
    public async Task LaneProcessKilledMidCharge_AcknowledgedChargesAllCount_InFlightOnesAtMostOnce_OthersGoOn_ChainStaysValid()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        string site = options.Site!;
        await using (var operators = new PostgreSqlOperatorStore(options))
        {
            string hash = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739");
            foreach (string prefix in new[] { "K", "S" })
            {
                for (int lane = 0; lane < LanesPerProcess; lane++)
                {
                    for (int generation = 0; generation < 20; generation++)
                    {
                        Assert.True(await operators.TryCreateAsync(new OperatorAccount
                        {
                            OperatorId = FormattableString.Invariant($"{prefix}L{lane}G{generation}"),
                            Role = OperatorRole.Operator,
                            PinHash = hash,
                        }));
                    }
                }
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        CancellationToken ct = timeout.Token;
        string childConnection = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = 8 }.ConnectionString;
        using ChildProcess killed = ChildProcess.Start(childConnection, "lanes", site, LanesPerProcess.ToString(CultureInfo.InvariantCulture), PostgreSqlStoreOptions.DefaultSchema, "K", "persite");
        using ChildProcess survivor = ChildProcess.Start(childConnection, "lanes", site, LanesPerProcess.ToString(CultureInfo.InvariantCulture), PostgreSqlStoreOptions.DefaultSchema, "S", "persite");
        await killed.SendAsync("go");
        await survivor.SendAsync("go");
        await killed.WaitUntilAsync(l => Acks(l).Count() >= 60, ct);

        // Mid-charge: the lanes run back to back, so some are inside a transaction whenever this lands.
        killed.Process.Kill(entireProcessTree: true);
        await killed.Process.WaitForExitAsync(ct);
        int survivorAcksAtKill = Acks(survivor.Lines()).Count();

        // The survivor keeps charging and appending (no lock of the dead process's transaction is left behind).
        await survivor.WaitUntilAsync(l => Acks(l).Count() >= survivorAcksAtKill + 40, ct);
        await survivor.SendAsync("stop");
        await survivor.WaitUntilAsync(l => l.Contains("stopped"), ct);
        await survivor.Process.WaitForExitAsync(ct);
        Assert.True(survivor.Process.ExitCode == 0, survivor.Errors());
        Assert.DoesNotContain(killed.Lines().Concat(survivor.Lines()), l => l.StartsWith("error ", StringComparison.Ordinal) || l.StartsWith("unavail ", StringComparison.Ordinal));

        await using var attempts = new PostgreSqlAttemptStore(options);
        int inFlightCounted = 0, acknowledged = 0;
        foreach ((ChildProcess child, bool wasKilled) in new[] { (killed, true), (survivor, false) })
        {
            foreach (IGrouping<string, (string Operator, int Failures)> subject in Acks(child.Lines()).GroupBy(a => a.Operator))
            {
                int[] counts = [.. subject.Select(a => a.Failures)];
                Assert.Equal(Enumerable.Range(1, counts.Length), counts); // one lane per operator: 1, 2, 3, … never twice, never skipped
                int stored = (await attempts.GetAsync(AttemptKey.ForSite(subject.Key), ct))!.FailureCount;
                acknowledged += counts.Length;
                if (wasKilled)
                {
                    Assert.InRange(stored, counts[^1], counts[^1] + 1);
                    inFlightCounted += stored - counts[^1];
                }
                else
                {
                    Assert.Equal(counts[^1], stored);
                }
            }
        }

        await using var audit = new PostgreSqlAuditStore(options);
        PosAuth.Storage.AuditChainVerification chain = await audit.VerifyAuditChainAsync(ct);
        Assert.True(chain.IsValid, chain.ToString());
        output.WriteLine(FormattableString.Invariant(
            $"killed a process of {LanesPerProcess} lanes after {Acks(killed.Lines()).Count()} acknowledged charges: all {acknowledged} acknowledged charges stored once, {inFlightCounted} in-flight charges of the killed process committed (at most {LanesPerProcess}); the survivor acknowledged {Acks(survivor.Lines()).Count() - survivorAcksAtKill} more; audit chain valid over {chain.RecordsChecked} records"));
    }

    private static IEnumerable<(string Operator, int Failures)> Acks(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            string[] p = line.Split(' ');
            if (p[0] == "ack")
            {
                yield return (p[2], int.Parse(p[3], CultureInfo.InvariantCulture));
            }
        }
    }
}
