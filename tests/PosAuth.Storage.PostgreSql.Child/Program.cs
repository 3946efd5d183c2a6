// Child process for the PostgreSQL multi-process tests. It signs in through the real DI composition:
// AddPosAuth(...).UsePostgreSql(connection string, site), with a hasher that counts KDF verifications.
// The connection string comes from the environment variable POSAUTH_CHILD_POSTGRES (never from the command line,
// which every process on the machine can read). Commands arrive on stdin, one per line; answers go to stdout.
//
//   signin <site> <terminal> <schema>   lines: "round <operator> <n>" -> prints "ready"; "go" -> runs n wrong-PIN
//                                       sign-ins at once and prints "result <verifications> <outcome>=<count> ...", where a
//                                       StoreUnavailableException counts as the outcome StoreUnavailable; "exit" ends.
//                                       Limit 5, terminal throttle off.
//   lanes <site> <lanes> <schema> <prefix>
//                                       "go" starts <lanes> lanes, each charging wrong PINs in a loop on its own terminal
//                                       <prefix>L<lane>, operator <prefix>L<lane>G<generation> (the next generation every 90
//                                       charges; the test provisions them), limit 100. After each
//                                       sign-in a lane prints "ack <terminal> <operator> <failures> <start> <end>" (answered
//                                       wrong_pin: the charge is committed) or "unavail <terminal> <operator> <start> <end>"
//                                       (StoreUnavailableException), where <start>/<end> count the "mark" commands seen when
//                                       the sign-in started / ended; any other exception prints "error <terminal> <type>".
//                                       "mark" prints "marked <n>"; "stop" ends the lanes and prints "stopped".
//   Either mode takes a last argument "persite": LockoutScope.PerSite (one budget per operator for every terminal of the
//   site) instead of the default PerTerminal.
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.Hashing;

// The outcome the authenticator gives (or the exception older versions threw) when the store cannot answer.
const string Unavailable = "StoreUnavailable";

string mode = args[0];
bool perSite = args[^1] == "persite";
string site = args[1];
string connectionString = Environment.GetEnvironmentVariable("POSAUTH_CHILD_POSTGRES")
    ?? throw new InvalidOperationException("POSAUTH_CHILD_POSTGRES is not set.");
var output = new BlockingCollection<string>();
var writer = new Thread(() =>
{
    foreach (string line in output.GetConsumingEnumerable())
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}) { IsBackground = true };
writer.Start();

// Console.Out is synchronized: a line written here never interleaves with the writer thread's.
static void WriteNow(string line)
{
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}

int result = mode switch
{
    "signin" => await SignInAsync(args[2], args[3]),
    "lanes" => await LanesAsync(int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]),
    _ => 2,
};
output.CompleteAdding();
writer.Join();
return result;

ServiceProvider Compose(int maxFailures, string schema, out CountingHasher counter)
{
    var services = new ServiceCollection();
    services.AddPosAuth(o =>
    {
        o.Hashing.Iterations = 10_000;
        o.Lockout.MaxFailures = maxFailures;
        o.Lockout.TerminalThrottle.Enabled = false;
        o.Lockout.Scope = perSite ? PosAuth.Lockout.LockoutScope.PerSite : PosAuth.Lockout.LockoutScope.PerTerminal;
    }).UsePostgreSql(connectionString, site, o =>
    {
        o.Schema = schema;

        // Generous: these processes count verifications and charges, not latency (the fault tests measure timeouts),
        // and a cold pool of 50 connections per process opens slowly on a small machine (SCRAM, backend start-up).
        o.CommandTimeout = TimeSpan.FromSeconds(60);
    }).WithoutHostSignOn();
    var counting = new CountingHasher();
    services.Replace(ServiceDescriptor.Singleton<IPinHasher>(sp =>
    {
        counting.Inner = new Pbkdf2PinHasher(sp.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value);
        return counting;
    }));
    counter = counting;
    return services.BuildServiceProvider();
}

async Task<int> SignInAsync(string terminal, string schema)
{
    await using ServiceProvider provider = Compose(5, schema, out CountingHasher counter);
    IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
    while (Console.In.ReadLine() is { } line)
    {
        string[] parts = line.Split(' ');
        if (parts[0] == "exit")
        {
            return 0;
        }

        string operatorId = parts[1];
        int n = int.Parse(parts[2], CultureInfo.InvariantCulture);
        output.Add("ready");
        if (Console.In.ReadLine() != "go")
        {
            return 3;
        }

        long before = counter.Verifications;
        int reported = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task<string>[n];
        for (int i = 0; i < n; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    AuthenticationResult r = await authenticator.AuthenticateAsync(terminal, operatorId, "9999".AsMemory());
                    return r.Outcome.ToString();
                }
                catch (StoreUnavailableException ex)
                {
                    if (Interlocked.Increment(ref reported) <= 3)
                    {
                        Console.Error.WriteLine("unavailable: " + ex.Message + " <- " + ex.InnerException?.GetType().Name + ": " + ex.InnerException?.Message + " <- " + ex.InnerException?.InnerException?.GetType().Name + " at " + ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("PostgreSql", StringComparison.Ordinal) && l.Contains("Store.", StringComparison.Ordinal)));
                    }

                    return Unavailable;
                }
            });
        }

        start.SetResult();
        string[] outcomes = await Task.WhenAll(tasks);
        string counts = string.Join(' ', outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => FormattableString.Invariant($"{g.Key}={g.Count()}")));
        output.Add(FormattableString.Invariant($"result {counter.Verifications - before} {counts}"));
    }

    return 0;
}

async Task<int> LanesAsync(int laneCount, string schema, string prefix)
{
    await using ServiceProvider provider = Compose(100, schema, out _);
    IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
    if (Console.In.ReadLine() != "go")
    {
        return 3;
    }

    int mark = 0;
    using var stop = new CancellationTokenSource();
    var lanes = new Task[laneCount];
    for (int l = 0; l < laneCount; l++)
    {
        int lane = l;
        lanes[l] = Task.Run(async () =>
        {
            string terminal = FormattableString.Invariant($"{prefix}L{lane}");
            int generation = 0;
            int acked = 0;
            while (!stop.IsCancellationRequested)
            {
                string operatorId = FormattableString.Invariant($"{terminal}G{generation}");
                int markAtStart = Volatile.Read(ref mark);
                try
                {
                    AuthenticationResult r = await authenticator.AuthenticateAsync(terminal, operatorId, "9999".AsMemory());
                    if (r.Outcome.ToString() == Unavailable)
                    {
                        WriteNow(FormattableString.Invariant($"unavail {terminal} {operatorId} {markAtStart} {Volatile.Read(ref mark)}"));
                        continue;
                    }

                    if (r.Outcome != AuthenticationOutcome.WrongPin)
                    {
                        WriteNow(FormattableString.Invariant($"error {terminal} outcome-{r.Outcome}"));
                        continue;
                    }

                    // Every line of this mode is written before the lane goes on, not queued: the kill test counts an ack it
                    // never saw as in flight, so an ack still in the writer's queue when the process dies would look like a second one.
                    WriteNow(FormattableString.Invariant($"ack {terminal} {operatorId} {100 - r.RemainingAttempts} {markAtStart} {Volatile.Read(ref mark)}"));
                    if (++acked % 90 == 0)
                    {
                        generation++;
                    }
                }
                catch (StoreUnavailableException)
                {
                    WriteNow(FormattableString.Invariant($"unavail {terminal} {operatorId} {markAtStart} {Volatile.Read(ref mark)}"));
                }
                catch (Exception ex)
                {
                    WriteNow(FormattableString.Invariant($"error {terminal} {ex.GetType().Name}"));
                }
            }
        });
    }

    while (Console.In.ReadLine() is { } line)
    {
        if (line == "mark")
        {
            int now = Interlocked.Increment(ref mark);
            WriteNow(FormattableString.Invariant($"marked {now}"));
        }
        else if (line == "stop")
        {
            break;
        }
    }

    stop.Cancel();
    await Task.WhenAll(lanes);
    WriteNow("stopped");
    return 0;
}

/// <summary>Counts KDF verifications (every <see cref="IPinHasher.Verify"/> call runs the KDF).</summary>
internal sealed class CountingHasher : IPinHasher
{
    private long _verifications;

    public IPinHasher Inner { get; set; } = null!;

    public long Verifications => Interlocked.Read(ref _verifications);

    public string Hash(ReadOnlySpan<char> pin) => Inner.Hash(pin);

    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
    {
        Interlocked.Increment(ref _verifications);
        return Inner.Verify(storedHash, pin);
    }

    public PinHashInspection Inspect(string storedHash) => Inner.Inspect(storedHash);
}
