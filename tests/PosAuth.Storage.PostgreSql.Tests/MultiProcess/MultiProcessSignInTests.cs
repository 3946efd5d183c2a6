using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using Xunit.Abstractions;

namespace PosAuth.Storage.PostgreSql.Tests.MultiProcess;

/// <summary>
/// Four OS processes, each signing in through AddPosAuth().UsePostgreSql(...) with a hasher that counts KDF
/// verifications, fire 50 concurrent wrong PINs each at one operator on one terminal of one site, limit 5: across all
/// processes exactly 5 verifications run, 20 rounds in a row. The same operator number on another site stays untouched.
/// </summary>
public sealed class MultiProcessSignInTests(ITestOutputHelper output)
{
    private const int Processes = 4;
    private const int PerProcess = 50;
    private const int Rounds = 20;
    private const int Limit = 5;
    private const string Terminal = "T0000001";
    private const string RightPin = "4739";

    [Fact]
    public Task FourProcesses_FiftyConcurrentWrongPinsEach_RunExactlyTheLimitOfVerifications_TwentyRounds() => RunAsync(perSite: false);

    /// <summary>
    /// The lanes of a store: each process is another terminal of the same site, with <see cref="LockoutScope.PerSite"/>.
    /// 200 concurrent wrong PINs from four terminals are one budget: exactly 5 verifications and 5 failures counted in
    /// the site's record, none on any terminal's own.
    /// </summary>
    [Fact]
    public Task PerSite_FourProcessesAsFourTerminals_FiftyConcurrentWrongPinsEach_RunExactlyTheLimitOfVerifications_TwentyRounds() => RunAsync(perSite: true);

    private async Task RunAsync(bool perSite)
    {
        string connectionString = await PostgresTestServer.RequireAsync();
        string siteA = PostgresTestServer.NewSite();
        string siteB = PostgresTestServer.NewSite();

        // A fresh schema of its own (concurrent migration is MigrationTests.ConcurrentStart_…).
        string schema = PostgresTestServer.NewSchema();
        await using ServiceProvider a = Compose(connectionString, siteA, schema, perSite);
        await using ServiceProvider b = Compose(connectionString, siteB, schema, perSite);
        IPinHasher hasher = a.GetRequiredService<IPinHasher>();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        CancellationToken ct = timeout.Token;
        string childConnection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = PerProcess }.ConnectionString;
        var children = new List<ChildProcess>();
        try
        {
            for (int i = 0; i < Processes; i++)
            {
                string terminal = perSite ? "T000000" + (i + 1).ToString(CultureInfo.InvariantCulture) : Terminal;
                children.Add(ChildProcess.Start(childConnection, "signin", siteA, terminal, schema, perSite ? "persite" : "perterminal"));
            }

            var totals = new List<int>();
            for (int round = 1; round <= Rounds; round++)
            {
                string operatorId = "R" + round.ToString("D2", CultureInfo.InvariantCulture);
                foreach (ServiceProvider site in new[] { a, b })
                {
                    Assert.True(await site.GetRequiredService<IOperatorStore>().TryCreateAsync(
                        new OperatorAccount { OperatorId = operatorId, Role = OperatorRole.Operator, PinHash = hasher.Hash(RightPin) }, ct));
                }

                foreach (ChildProcess child in children)
                {
                    await child.SendAsync(FormattableString.Invariant($"round {operatorId} {PerProcess}"));
                }

                foreach (ChildProcess child in children)
                {
                    await child.WaitUntilAsync(l => l.Count(x => x == "ready") == round, ct);
                }

                foreach (ChildProcess child in children)
                {
                    await child.SendAsync("go");
                }

                // Outcomes by name: WrongPin for the verified guesses, LockedOut for the rest (a later core may report the
                // locking guess as LockedOut with JustLocked); nothing may be StoreUnavailable or anything else.
                int verifications = 0;
                var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (ChildProcess child in children)
                {
                    string[] lines = await child.WaitUntilAsync(l => l.Count(x => x.StartsWith("result ", StringComparison.Ordinal)) == round, ct);
                    string[] r = lines.Last(x => x.StartsWith("result ", StringComparison.Ordinal)).Split(' ');
                    verifications += int.Parse(r[1], CultureInfo.InvariantCulture);
                    foreach (string pair in r.Skip(2))
                    {
                        string[] kv = pair.Split('=');
                        outcomes[kv[0]] = outcomes.GetValueOrDefault(kv[0]) + int.Parse(kv[1], CultureInfo.InvariantCulture);
                    }
                }

                totals.Add(verifications);
                output.WriteLine(FormattableString.Invariant($"round {round}: verifications {verifications}, outcomes {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}"));
                Assert.Equal(Limit, verifications);
                Assert.Equal(Processes * PerProcess, outcomes.Values.Sum());
                Assert.All(outcomes.Keys, k => Assert.Contains(k, new[] { nameof(AuthenticationOutcome.WrongPin), nameof(AuthenticationOutcome.LockedOut) }));
                Assert.InRange(outcomes.GetValueOrDefault(nameof(AuthenticationOutcome.WrongPin)), Limit - 1, Limit);
                IAttemptStore attempts = a.GetRequiredService<IAttemptStore>();
                AttemptRecord? stored = await attempts.GetAsync(perSite ? AttemptKey.ForSite(operatorId) : new AttemptKey(Terminal, operatorId), ct);
                Assert.Equal(Limit, stored!.FailureCount);
                if (perSite)
                {
                    for (int i = 1; i <= Processes; i++)
                    {
                        Assert.Null(await attempts.GetAsync(new AttemptKey("T000000" + i.ToString(CultureInfo.InvariantCulture), operatorId), ct));
                    }
                }
            }

            output.WriteLine($"KDF verifications per round (4 processes x 50 wrong PINs, limit 5, {(perSite ? "PerSite, 4 terminals" : "PerTerminal, 1 terminal")}): {string.Join(",", totals)}");

            // Site B: the same operator numbers, on the same terminal id, were never charged and sign in with the right PIN.
            IOperatorAuthenticator onB = b.GetRequiredService<IOperatorAuthenticator>();
            IAttemptStore attemptsB = b.GetRequiredService<IAttemptStore>();
            for (int round = 1; round <= Rounds; round++)
            {
                string operatorId = "R" + round.ToString("D2", CultureInfo.InvariantCulture);
                Assert.Null(await attemptsB.GetAsync(perSite ? AttemptKey.ForSite(operatorId) : new AttemptKey(Terminal, operatorId), ct));
                Assert.Equal(AuthenticationOutcome.Succeeded, (await onB.AuthenticateAsync(Terminal, operatorId, RightPin.AsMemory(), ct)).Outcome);
            }

            foreach (ChildProcess child in children)
            {
                await child.SendAsync("exit");
                await child.Process.WaitForExitAsync(ct);
                Assert.True(child.Process.ExitCode == 0, child.Errors());
            }
        }
        finally
        {
            foreach (ChildProcess child in children)
            {
                child.Dispose();
            }
        }
    }

    private static ServiceProvider Compose(string connectionString, string site, string schema, bool perSite)
    {
        var services = new ServiceCollection();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 10_000;
            o.Lockout.MaxFailures = Limit;
            o.Lockout.TerminalThrottle.Enabled = false;
            o.Lockout.Scope = perSite ? LockoutScope.PerSite : LockoutScope.PerTerminal;
        }).UsePostgreSql(connectionString, site, o => o.Schema = schema).WithoutHostSignOn();
        return services.BuildServiceProvider();
    }
}
