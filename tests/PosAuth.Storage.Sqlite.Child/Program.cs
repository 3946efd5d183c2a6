// Child process for the multi-process tests. Modes:
//   hammer <db> <attempts>  : prints "ready", waits for a line on stdin, then charges <attempts> wrong PINs on one
//                             subject (limit 5) through the real LockoutPolicy and prints "allowed <n>".
//   charge <db>             : charges attempts forever (a fresh operator every 90), printing "charged <operator> <count>"
//                             after each charge has committed; the test kills it with SIGKILL.
//   replace <db>            : replaces every operator account forever, alternating set A (99, 00, 01) and set B
//                             (99, 00, 01, 02, 03), printing "replaced <n>" after each commit; the test kills it.
//   measure <db> <cycles>   : prints the mean wall time of one charge + refund (a rough number, not a benchmark).
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.Lockout;
using PosAuth.Storage.Sqlite;

string mode = args[0];
string path = args[1];
using var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromSeconds(30) });

if (mode == "hammer")
{
    int attempts = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var policy = new LockoutPolicy(store, Options.Create(new LockoutOptions { MaxFailures = 5, TerminalThrottle = { Enabled = false } }), TimeProvider.System);
    var subject = new LockoutSubject("T0000001", "01", OperatorRole.Operator);
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
    _ = Console.In.ReadLine();
    int allowed = 0;
    for (int i = 0; i < attempts; i++)
    {
        AttemptCharge charge = await policy.TryChargeAsync(subject, CancellationToken.None);
        if (charge.IsAllowed)
        {
            allowed++;
            await policy.RegisterFailureAsync(charge, CancellationToken.None); // the "PIN" is always wrong
        }
    }

    Console.Out.WriteLine($"allowed {allowed}");
    return 0;
}

if (mode == "charge")
{
    var policy = new LockoutPolicy(store, Options.Create(new LockoutOptions { MaxFailures = 100, TerminalThrottle = { Enabled = false } }), TimeProvider.System);
    for (long i = 0; ; i++)
    {
        string operatorId = (i / 90).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        AttemptCharge charge = await policy.TryChargeAsync(new LockoutSubject("T0000001", operatorId, OperatorRole.Operator), CancellationToken.None);
        if (!charge.IsAllowed)
        {
            Console.Error.WriteLine("unexpected rejection");
            return 3;
        }

        Console.Out.WriteLine($"charged {operatorId} {charge.Status.FailureCount}");
        Console.Out.Flush();
    }
}

if (mode == "replace")
{
    using var operators = new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromSeconds(30) });
    string[][] sets = [["99", "00", "01"], ["99", "00", "01", "02", "03"]];
    for (long i = 0; ; i++)
    {
        string generation = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await operators.ReplaceAllAsync(
            [.. sets[i % 2].Select(id => new PosAuth.OperatorAccount
            {
                OperatorId = id,
                Role = id == "99" ? OperatorRole.Administrator : id == "00" ? OperatorRole.Supervisor : OperatorRole.Operator,
                PinHash = "$pbkdf2-sha512$i=1000$c2FsdA$aGFzaA",
                DisplayName = generation,
                CreatedAt = DateTimeOffset.UnixEpoch,
            })],
            CancellationToken.None);
        Console.Out.WriteLine($"replaced {generation}");
        Console.Out.Flush();
    }
}

if (mode == "measure")
{
    // Rough hot-path cost (not a benchmark): charge + refund per sign-in, averaged over N cycles.
    int cycles = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var policy = new LockoutPolicy(store, Options.Create(new LockoutOptions()), TimeProvider.System);
    var subject = new LockoutSubject("T0000001", "01", OperatorRole.Operator);
    long start = System.Diagnostics.Stopwatch.GetTimestamp();
    for (int i = 0; i < cycles; i++)
    {
        AttemptCharge charge = await policy.TryChargeAsync(subject, CancellationToken.None);
        await policy.RegisterSuccessAsync(charge, CancellationToken.None);
    }

    TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
    Console.Out.WriteLine($"charge+refund: {elapsed.TotalMilliseconds * 1000 / cycles:F0} us per sign-in over {cycles} cycles");
    return 0;
}

Console.Error.WriteLine("usage: hammer <db> <attempts> | charge <db>");
return 2;
