namespace PosAuth.Demo.Tests;

/// <summary>Drives <c>--interactive</c> through its input and output streams, as a cashier at the keyboard would.</summary>
public sealed class InteractiveTerminalTests
{
    /// <summary>
    /// Factory PIN → forced change → 签到 → lock → wrong PINs → locked → the supervisor (on the factory PIN, so first
    /// its own change) lifts the lock → 01 signs in again at the lock screen → 签退.
    /// </summary>
    internal static readonly string[] Walk =
    [
        "1", "01", "0000", "4739", "4739",  // sign in with the factory PIN: straight to the PIN change
        "2",                                // 签到
        "3",                                // lock
        "4", "01", "1111",                  // wrong PINs at the lock screen
        "4", "01", "2222",
        "4", "01", "3333",                  // the third locks 01
        "4", "01", "4739",                  // now even the right PIN is refused
        "8", "", "123456", "", "582047", "582047", // supervisor 00 (factory PIN → change) lifts 01's lock
        "4", "01", "4739",                  // 01 signs in at the lock screen
        "5",                                // 签退
        "0",
    ];

    private static readonly string[] WalkScreens =
        ["AwaitingOperator", "OperatorSignedIn", "Ready", "Locked", "Locked", "Locked", "Locked", "Locked", "Locked", "Ready", "SignedOut"];

    private static readonly string[] WalkZh =
    [
        "从出厂状态开始：账户 99 / 00 / 01，出厂密码 12345678 / 123456 / 0000",
        "✔ 登录成功",
        "这是出厂或临时密码：必须先修改密码，然后才能签到。",
        "再次输入新密码：****",
        "✔ 密码已修改",
        "现在可以签到（菜单 2）。",
        "0800（终端 10000001，操作员 01，网络管理码 003）",
        "✔ 签到成功，批次 000002",
        "✔ 已锁屏",
        "✘ 密码错误，还可尝试 2 次",
        "✘ 密码错误，还可尝试 1 次",
        "✘ 已锁定，请 5 分钟后重试或联系主管",
        "账户已锁定：请主管解除锁定（菜单 8）。",
        "✘ 已锁定，请 5 分钟后重试或联系主管",
        "00 的密码是出厂或临时密码：先修改密码。",
        "✔ 密码已修改",
        "✔ 00 解除了 01 的锁定（未锁定，可尝试 3 次）",
        "01 现在可以用自己的密码解锁屏幕（菜单 4）。",
        "✔ 已解锁",
        "0820（终端 10000001，批次 000002，班次 1，网络管理码 002）-> 0830 应答",
        "✔ 已签退",
        "再见。",
    ];

    private static readonly string[] WalkEn =
    [
        "Starting from the factory state: accounts 99 / 00 / 01 with PINs 12345678 / 123456 / 0000",
        "✔ Signed in",
        "This is a factory or temporary PIN: it must be changed before 签到.",
        "New PIN again: ****",
        "✔ PIN changed",
        "Now the terminal can sign in (menu 2).",
        "0800 (terminal 10000001, operator 01, network code 003) -> 0810",
        "✔ Signed in, batch 000002",
        "✔ Locked",
        "✘ Wrong PIN, 2 attempts left",
        "✘ Wrong PIN, 1 attempt left",
        "✘ Locked: try again in 5 min or call the supervisor",
        "The account is locked: the supervisor lifts the lock (menu 8).",
        "✘ Locked: try again in 5 min or call the supervisor",
        "00 has a factory or temporary PIN: change it first.",
        "✔ PIN changed",
        "✔ 00 lifted 01's lock (not locked, 3 attempts available)",
        "01 can now unlock the screen with their own PIN (menu 4).",
        "✔ Unlocked",
        "0820 (terminal 10000001, batch 000002, shift 1, network code 002) -> 0830",
        "✔ Signed out",
        "Bye.",
    ];

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    [InlineData("both")]
    public async Task Walk_FactoryPin_ForcedChange_SignIn_Lock_WrongPins_Locked_SupervisorLifts_SignInAgain_SignOut(string language)
    {
        DemoRun run = await DemoRun.StartAsync(["--interactive", "--store", "memory", "--lang", language], Walk);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Errors);
        Assert.Equal(WalkScreens, run.Screens());
        string flat = Flatten(run.Output);
        if (language != "en")
        {
            AssertInOrder(flat, WalkZh.Select(l => language == "both" ? l.Replace("再次输入新密码：", "再次输入新密码 / New PIN again: ", StringComparison.Ordinal) : l));
        }

        if (language != "zh-CN")
        {
            // Bilingual: "✔ 已解锁 / Unlocked" (or two lines), so the English half has no mark of its own.
            AssertInOrder(flat, WalkEn.Select(l => language == "both"
                ? l.Replace("New PIN again: ", "再次输入新密码 / New PIN again: ", StringComparison.Ordinal).Replace("✔ ", "", StringComparison.Ordinal).Replace("✘ ", "", StringComparison.Ordinal)
                : l));
        }

        // The must-change sign-in went to the PIN change: the host saw no 0800 before the PIN was changed.
        Assert.True(flat.IndexOf("0800", StringComparison.Ordinal) > flat.IndexOf(language == "en" ? "✔ PIN changed" : "✔ 密码已修改", StringComparison.Ordinal));
        foreach (string typed in new[] { "4739", "582047", "1111", "2222", "3333" })
        {
            Assert.DoesNotContain(typed, run.Output, StringComparison.Ordinal); // PINs are echoed as stars only
        }
    }

    [Fact]
    public async Task SignInTerminal_WithTheFactoryPinStillInForce_IsRefused_AndSaysWhatToDo()
    {
        DemoRun run = await DemoRun.StartAsync(["--interactive", "--store", "memory", "--lang", "zh-CN"], "1", "01", "0000", "", "2", "0");

        Assert.Equal(["AwaitingOperator", "PinChangeRequired", "PinChangeRequired"], run.Screens());
        AssertInOrder(Flatten(run.Output), ["✔ 登录成功", "新密码（回车 = 取消）：", "已取消：密码没有修改。", "✘ 请先修改密码", "修改密码：菜单 6。", "再见。"]);
        Assert.DoesNotContain("0800", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactoryReset_ThenSignIn_ShowsAFreshScreen_AndTheNextSignInAnswers()
    {
        DemoRun run = await DemoRun.StartAsync(
            ["--interactive", "--store", "memory", "--lang", "en"],
            "1", "01", "0000", "4739", "4739", "9", "1", "01", "4739", "1", "01", "0000", "", "0");

        Assert.Equal(["AwaitingOperator", "OperatorSignedIn", "AwaitingOperator", "AwaitingOperator", "PinChangeRequired"], run.Screens());
        AssertInOrder(Flatten(run.Output),
        [
            "✔ PIN changed",
            "✔ Factory accounts restored: 99 / 00 / 01 with PINs 12345678 / 123456 / 0000",
            "✘ Wrong PIN, 2 attempts left", // 4739 is gone with the reset
            "✔ Signed in",
            "This is a factory or temporary PIN",
        ]);
    }

    [Fact]
    public async Task AnOperationTheStateDoesNotAllow_IsShown_BeforeAnyPinIsAskedFor_NotSwallowed()
    {
        DemoRun run = await DemoRun.StartAsync(["--interactive", "--store", "memory", "--lang", "zh-CN"], "3", "4", "x", "0");

        AssertInOrder(Flatten(run.Output),
        [
            "✘ 当前状态下不能这样操作：AwaitingOperator 状态不允许 Lock",
            "✘ 当前状态下不能这样操作：AwaitingOperator 状态不允许 Unlock",
            "✘ 没有这个选项",
        ]);
        Assert.DoesNotContain("密码：", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task HostResponse77_MovesTheSessionToSignInRequired()
    {
        DemoRun run = await DemoRun.StartAsync(
            ["--interactive", "--store", "memory", "--lang", "en"],
            "1", "01", "0000", "4739", "4739", "2", "7", "77", "7", "55", "0");

        Assert.Equal(["AwaitingOperator", "OperatorSignedIn", "Ready", "SignInRequired", "SignInRequired"], run.Screens());
        AssertInOrder(Flatten(run.Output),
        [
            "UnionPay 77: category SignInRequired, action SignInAgain",
            "✘ The host requires a new sign-in (menu 2)",
            "UnionPay 55: category WrongPin",
        ]);
    }

    [Fact]
    public async Task Resume_KeepsTheLastRunsDatabase_AndItsPins()
    {
        string dir = Path.Combine(Path.GetTempPath(), "posauth-demo-tests", Guid.NewGuid().ToString("N"));
        string db = Path.Combine(dir, "posauth.db");
        try
        {
            await DemoRun.StartAsync(["--interactive", "--db", db, "--lang", "en"], "1", "01", "0000", "4739", "4739", "0");

            DemoRun resumed = await DemoRun.StartAsync(["--interactive", "--resume", "--db", db, "--lang", "en"], "1", "01", "4739", "0");
            DemoRun fresh = await DemoRun.StartAsync(["--interactive", "--db", db, "--lang", "en"], "1", "01", "4739", "0");

            Assert.Equal(["AwaitingOperator", "OperatorSignedIn"], resumed.Screens()); // a restart requires sign-in again
            Assert.Contains("Resuming the last run's data", Flatten(resumed.Output), StringComparison.Ordinal);
            Assert.Contains("✘ Wrong PIN, 2 attempts left", fresh.Output, StringComparison.Ordinal); // back to the factory PINs
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The output with wrapped lines joined again (a wrapped line continues after its indentation).</summary>
    internal static string Flatten(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, "\n {4,}(?![✔✘·\\[])", m => IsBreakInChinese(output, m.Index) ? "" : " ");

    private static bool IsBreakInChinese(string text, int index) => index > 0 && text[index - 1] > 0x2E80;

    private static void AssertInOrder(string text, IEnumerable<string> expected)
    {
        int at = 0;
        foreach (string e in expected)
        {
            int found = text.IndexOf(e, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"expected, after position {at}: \"{e}\"\n---\n{text}");
            at = found + e.Length;
        }
    }
}
