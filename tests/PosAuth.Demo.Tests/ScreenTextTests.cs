namespace PosAuth.Demo.Tests;

/// <summary>
/// Every line the demo prints: in <c>--lang zh-CN</c> Chinese words around codes and numbers only, and in every mode no
/// line wider than 80 columns (Chinese characters count two) — the scripted run on both stores, the interactive
/// terminal (menu, prompts, refusals, errors), the help and a bad argument.
/// </summary>
public sealed class ScreenTextTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "posauth-demo-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Interactive input touching every menu item, refusals and errors.</summary>
    private static readonly string[] EveryMenuItem =
    [
        .. InteractiveTerminalTests.Walk.SkipLast(1),
        "1", "01", "4739",                          // sign in again after 签退
        "3", "4", "02", "0000",                     // unlock by an unknown / other number: refused
        "4", "00", "582047",                        // the supervisor unlocks the screen
        "6", "", "4739", "4739", "4739",            // change to the same PIN: refused by the policy
        "6", "99", "12345678", "86429173", "86429173", // the administrator changes the factory PIN
        "6", "", "4739", "7305", "7306",            // two new PINs that differ
        "7", "77", "7", "Q9", "2",                  // host responses (Q9: unknown), then 签到 again
        "8", "00", "000000", "",                    // wrong supervisor PIN
        "42", "1",                                  // no such option; a sign-in the state does not allow
        "5", "1", "1@", "1234",                     // signed out: a malformed number
        // (typed input is echoed as typed: it holds no letters here, so every letter on screen is the demo's own)
        "1", "01", "", "9", "1", "01", "0000", "", "5", "0",
    ];

    public static TheoryData<string, string[], string[]> Runs() => new()
    {
        { "scripted, memory", ["--store", "memory"], [] },
        { "scripted, SQLite", ["--db", "{db}"], [] },
        { "interactive, every menu item", ["--interactive", "--store", "memory"], EveryMenuItem },
        { "interactive, SQLite, resumed", ["--interactive", "--resume", "--db", "{db}"], ["1", "01", "0000", "", "0"] },
        { "help", ["--help"], [] },
        { "bad argument", ["--store", "floppy"], [] },
        { "resume without interactive", ["--resume"], [] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task InChinese_EveryLine_HasNoEnglishWordOutsideCodesAndNumbers(string name, string[] args, string[] input)
    {
        DemoRun run = await DemoRun.StartAsync([.. args.Select(Db), "--lang", "zh-CN"], input);

        Assert.True(run.Lines.Count() > 3, name);
        var english = run.Lines.Select(l => (Line: l, Words: CodeWords.EnglishWords(l))).Where(x => x.Words.Count > 0).ToList();
        Assert.True(english.Count == 0, $"{name}: English in --lang zh-CN:\n" + string.Join("\n", english.Select(x => $"[{string.Join(", ", x.Words)}] {x.Line}")));
        Assert.DoesNotContain(run.Lines, l => l.Contains("True", StringComparison.Ordinal) || l.Contains("False", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task InEveryLanguage_NoLineIsWiderThan80Columns(string name, string[] args, string[] input)
    {
        foreach (string language in new[] { "both", "zh-CN", "en" })
        {
            DemoRun run = await DemoRun.StartAsync([.. args.Select(Db), "--lang", language], input);

            var wide = run.Lines.Where(l => TextWidth.Of(l) > 80).ToList();
            Assert.True(wide.Count == 0, $"{name}, {language}: lines over 80 columns:\n" + string.Join("\n", wide.Select(l => $"{TextWidth.Of(l)}: {l}")));
        }
    }

    [Fact]
    public async Task TheChecks_CatchWhatTheyClaimTo()
    {
        // The checker is not blind: an English sentence, C#'s True and a snake_case code are found; codes are not.
        Assert.Equal(["storage", "in", "memory"], CodeWords.EnglishWords("      · storage: in memory"));
        Assert.Equal(["succeeded_must_change_pin"], CodeWords.EnglishWords("结果 succeeded_must_change_pin"));
        Assert.Equal(["True"], CodeWords.EnglishWords("须改密码：True"));
        Assert.Empty(CodeWords.EnglishWords("[屏幕] 请签到（AwaitingOperator）原因（CommonPin）A0 PBKDF2-HMAC-SHA512 SQLite UseSqlite `dotnet run` /tmp/a.db"));
        Assert.Equal(82, TextWidth.Of(new string('签', 41)));

        // And the demo really was checked in Chinese: the scripted run says 签到 and shows a state code.
        DemoRun run = await DemoRun.StartAsync(["--store", "memory", "--lang", "zh-CN"]);
        Assert.Contains(run.Lines, l => l.Contains("签到成功", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.Contains("（PinChangeRequired）", StringComparison.Ordinal));
        Assert.Equal(0, run.ExitCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Db(string arg) => arg == "{db}" ? Path.Combine(_dir, "posauth.db") : arg;
}
