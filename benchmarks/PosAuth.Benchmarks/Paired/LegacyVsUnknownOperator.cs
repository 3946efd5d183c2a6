using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth.Benchmarks.Paired;

/// <summary>
/// <c>--paired-legacy [pairs] [--out file.md]</c> (issue 11, "no enumeration by timing"): through
/// <see cref="OperatorAuthenticator.AuthenticateAsync"/> with the default hasher (PBKDF2-HMAC-SHA512, 220,000), a wrong
/// PIN against an account whose stored hash is legacy, weaker, corrupt or under an unknown pepper key, against the
/// baseline of an unknown operator (the dummy verification), paired and interleaved as in <see cref="PairedRatios"/>.
/// Target: every ratio within 0.90..1.10. Next to the timing, the PBKDF2 work each call ran (block-iterations by PRF, from
/// the hasher's own meter): the deterministic reason the ratios are what they are. Authenticator as in
/// <see cref="Rejections.Rejections"/>: in-memory stores, no audit sink, each call on the next of 4,096 terminals so no
/// subject reaches its limit (every call charges and runs the KDF).
/// </summary>
public static class LegacyVsUnknownOperator
{
    private const string Pin = "730194";
    private const string WrongPin = "591046";
    private static readonly object User = new();

    public static int Run(string[] args)
    {
        (int pairs, string? outFile) = PairedRatios.ParseArgs(args, 40);
        var hasher = new Pbkdf2PinHasher(); // the defaults
        byte[] pin = Encoding.ASCII.GetBytes(Pin);
        byte[] salt = RandomNumberGenerator.GetBytes(8);
        (string Id, string Kind, string Hash)[] accounts =
        [
            ("11", "legacy MD5 digest (`$legacy-md5$`)", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, Convert.ToHexString(MD5.HashData(pin)))),
            ("12", "legacy salted SHA-256 digest", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, Convert.ToHexString(SHA256.HashData([.. salt, .. pin])), salt, LegacySaltPosition.Prefix)),
            ("13", "ASP.NET Core Identity v2 (SHA-1, 1,000)", new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 })).HashPassword(User, Pin)),
            ("14", "Identity v3, .NET 8 default (SHA-512, 100,000)", new PasswordHasher<object>().HashPassword(User, Pin)),
            ("15", "Identity v3, .NET Core 3-6 default (SHA-256, 10,000)", IdentityV3Sha256(pin, 10_000)),
            ("16", "PBKDF2-SHA512, 100,000 (under-parameterised)", new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 100_000 }).Hash(Pin)),
            ("17", "PBKDF2-SHA256, 220,000 (other PRF)", new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Algorithm = Pbkdf2Algorithm.Sha256 }).Hash(Pin)),
            ("18", "corrupt (truncated PHC)", Truncate(hasher.Hash(Pin))),
            ("19", "unknown pepper key (`k=old`)", PepperedUnderOldKey()),
        ];

        var operators = new InMemoryOperatorStore();
        foreach ((string id, _, string hash) in accounts)
        {
            Infrastructure.Sync.Wait(operators.TryCreateAsync(new OperatorAccount { OperatorId = id, Role = OperatorRole.Operator, PinHash = hash }));
        }

        var lockout = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(new PosAuth.Lockout.LockoutOptions { Mode = LockoutMode.Permanent, MaxFailures = 100 }), TimeProvider.System);
        var authenticator = new OperatorAuthenticator(operators, hasher, lockout, Array.Empty<IAuditSink>(), new PosAuthMetrics(), TimeProvider.System, Options.Create(new AuthenticationOptions()));
        string[] terminals = Enumerable.Range(0, 4096).Select(i => "L" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
        int next = 0;
        string Terminal() => terminals[(uint)Interlocked.Increment(ref next) % (uint)terminals.Length];
        AuthenticationResult Unknown() => Infrastructure.Sync.Wait(authenticator.AuthenticateAsync(Terminal(), "77", WrongPin.AsMemory()));

        var rows = new List<(string Kind, PairedRatios.Outcome Outcome, KdfMeter.KdfWork Work, KdfMeter.KdfWork Baseline)>();
        foreach ((string id, string kind, _) in accounts)
        {
            AuthenticationResult Wrong() => Infrastructure.Sync.Wait(authenticator.AuthenticateAsync(Terminal(), id, WrongPin.AsMemory()));
            Expect(Wrong(), "wrong PIN against " + kind);
            Expect(Unknown(), "unknown operator");
            var comparison = new PairedRatios.Comparison(kind, "ratio within 0.90..1.10", "unknown operator", () => Unknown(), "wrong PIN, " + kind, () => Wrong(), 0.90, 1.10);
            Console.Error.WriteLine($"paired-legacy: {kind} ({pairs} pairs)...");
            PairedRatios.Outcome outcome = PairedRatios.Measure(comparison, pairs);
            rows.Add((kind, outcome, WorkOf(() => Wrong()), WorkOf(() => Unknown())));
        }

        string report = Render(rows, pairs);
        Console.WriteLine(report);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report);
        }

        return 0;
    }

    private static KdfMeter.KdfWork WorkOf(Action call)
    {
        KdfMeter.KdfWork before = KdfMeter.Read();
        call();
        return KdfMeter.Read() - before;
    }

    private static void Expect(AuthenticationResult result, string what)
    {
        if (result.Outcome != AuthenticationOutcome.WrongPin)
        {
            throw new InvalidOperationException($"{what}: expected WrongPin, got {result.Outcome}.");
        }
    }

    private static string Truncate(string phc) => phc[..(phc.LastIndexOf('$') + 1 + 64)];

    private static string PepperedUnderOldKey()
    {
        var pepper = new OptionsPinPepperProvider(new PinPepperOptions { CurrentKeyId = "old", Keys = { ["old"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } });
        return new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions(), pepper).Hash(Pin);
    }

    private static string IdentityV3Sha256(byte[] pin, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] subkey = Rfc2898DeriveBytes.Pbkdf2(pin, salt, iterations, HashAlgorithmName.SHA256, 32);
        byte[] output = new byte[13 + 16 + 32];
        output[0] = 0x01;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(5), (uint)iterations);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(9), 16);
        salt.CopyTo(output, 13);
        subkey.CopyTo(output, 29);
        return Convert.ToBase64String(output);
    }

    private static string Render(List<(string Kind, PairedRatios.Outcome Outcome, KdfMeter.KdfWork Work, KdfMeter.KdfWork Baseline)> rows, int pairs)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Wrong PIN against a legacy/non-current hash vs an unknown operator, through AuthenticateAsync with the default hasher (PBKDF2-HMAC-SHA512, 220,000). Paired, interleaved ({pairs} pairs each, order randomised per pair; median of per-pair ratios, bootstrap 95% CI); time = {(PairedRatios.UseCpuTime ? "thread CPU time (CLOCK_THREAD_CPUTIME_ID)" : "wall-clock time")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Command: `dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --paired-legacy {pairs}`");
        s.AppendLine();
        s.AppendLine("PBKDF2 work per call (block-iterations, from the hasher's meter; SHA-1 / SHA-256 / SHA-512): unknown operator " + Format(rows[0].Baseline) + ".");
        s.AppendLine(CultureInfo.InvariantCulture, $"Work under another PRF counts toward the SHA-512 cost at the relative cost the hasher measures once per PRF; the same measurement repeated after the run: SHA-1 {Pbkdf2Calibration.RelativeCost(HashAlgorithmName.SHA1, HashAlgorithmName.SHA512, TimeProvider.System):0.00}, SHA-256 {Pbkdf2Calibration.RelativeCost(HashAlgorithmName.SHA256, HashAlgorithmName.SHA512, TimeProvider.System):0.00} of a SHA-512 block-iteration.");
        s.AppendLine();
        s.AppendLine("| stored hash of the account | unknown operator | wrong PIN | ratio (95% CI) | PBKDF2 work of the wrong PIN | bytes/call unknown | bytes/call wrong | verdict (target 0.90..1.10) |");
        s.AppendLine("|---|---:|---:|---|---|---:|---:|---|");
        foreach ((string kind, PairedRatios.Outcome o, KdfMeter.KdfWork work, _) in rows)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind} | {o.BaselineMs:0.0} ms | {o.CandidateMs:0.0} ms | {o.Ratio:0.000} ({o.Low:0.000}–{o.High:0.000}) | {Format(work)} | {o.BaselineBytes} | {o.CandidateBytes} | {o.Verdict} |");
        }

        return s.ToString();
    }

    private static string Format(KdfMeter.KdfWork w) => string.Create(CultureInfo.InvariantCulture, $"{w.Sha1:N0} / {w.Sha256:N0} / {w.Sha512:N0}");
}
