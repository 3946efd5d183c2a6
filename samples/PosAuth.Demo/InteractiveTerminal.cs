using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.ErrorCodes;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;

namespace PosAuth.Demo;

/// <summary>
/// <c>--interactive</c>: a menu-driven terminal. It starts from the factory accounts (99 / 00 / 01 with 12345678 /
/// 123456 / 0000, each to be changed at first sign-in) unless <c>--resume</c> keeps the last database. PINs are typed
/// masked on a console; with standard input redirected, lines are read (and the end of input exits cleanly). Every
/// refusal and every error is shown; nothing is swallowed.
/// </summary>
internal sealed class InteractiveTerminal(IServiceProvider services, SimulatedHost host, Narrator n, DemoOptions options, DemoConsole console)
{
    private const string Terminal = DemoServices.TerminalId;

    private static readonly (string Key, string Zh, string En)[] MenuItems =
    [
        ("1", "操作员登录", "Operator sign-in"),
        ("2", "签到", "Terminal sign-in"),
        ("3", "锁屏", "Lock"),
        ("4", "解锁屏幕", "Unlock screen"),
        ("5", "签退", "Sign out"),
        ("6", "修改密码", "Change PIN"),
        ("7", "主机应答码", "Host response code"),
        ("8", "主管解除锁定", "Lift a lockout"),
        ("9", "恢复出厂", "Factory reset"),
        ("0", "退出", "Exit"),
    ];

    private readonly PinReader _input = new(console);
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private TerminalSessionManager _session = null!;

    public async Task<int> RunAsync()
    {
        n.Title("PosAuth 演示终端（交互）", "PosAuth demo terminal (interactive)");
        if (options.Store == DemoStore.Sqlite)
        {
            n.Fact("数据库：" + options.DatabasePath, "database: " + options.DatabasePath);
        }
        else
        {
            n.Fact("存储：内存（`--store memory`）", "storage: in memory (`--store memory`)");
        }

        if (!console.IsInteractive)
        {
            n.Say("标准输入已重定向：按行读取，密码显示为星号。", "Standard input is redirected: reading lines, PINs shown as stars.");
        }

        bool resume = options.Resume && (await services.GetRequiredService<IOperatorStore>().ListAsync()).Count > 0;
        if (!resume)
        {
            await FactoryResetAsync(announce: false);
            n.Say("从出厂状态开始：账户 99 / 00 / 01，出厂密码 12345678 / 123456 / 0000，首次登录必须修改。",
                "Starting from the factory state: accounts 99 / 00 / 01 with PINs 12345678 / 123456 / 0000, each to be changed at first sign-in.");
        }
        else
        {
            n.Say("继续上次的数据（`--resume`）：密码是上次设置的；忘记了可以用菜单 9 恢复出厂。",
                "Resuming the last run's data (`--resume`): the PINs are those you set; menu 9 restores the factory accounts.");
        }

        using TerminalSessionManager session = services.GetRequiredService<ITerminalSessionManagerFactory>().Create(Terminal);
        _session = session;
        await session.RestoreOrStartAsync();
        while (true)
        {
            ShowStatus(session.Current!);
            string? choice = _input.ReadLine("> ");
            if (choice is null || choice is "0" or "q" or "quit" or "exit")
            {
                n.Say("再见。", "Bye.");
                return 0;
            }

            try
            {
                bool known = choice switch
                {
                    "1" => await SignInOperatorAsync(),
                    "2" => await SignInTerminalAsync(),
                    "3" => await LockAsync(),
                    "4" => await UnlockAsync(),
                    "5" => await SignOutAsync(),
                    "6" => await ChangePinAsync(),
                    "7" => await HostResponseAsync(),
                    "8" => await SupervisorLiftsLockAsync(),
                    "9" => await FactoryResetAsync(announce: true),
                    _ => false,
                };
                if (!known)
                {
                    n.Bad("没有这个选项", "No such option");
                }
            }
            catch (InvalidSessionTransitionException ex)
            {
                NotNow(ex.From, ex.Trigger);
            }
            catch (SessionNotStartedException)
            {
                n.Bad("会话已被清除（例如恢复出厂）：终端重新开机", "The session was cleared (by a factory reset, say): the terminal powers on again");
                await session.RestoreOrStartAsync();
            }
            catch (SessionConcurrencyException)
            {
                n.Bad("会话刚被另一个程序修改，请重试", "Another program changed the session meanwhile: try again");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                n.Bad($"意外错误（{ex.GetType().Name}）", $"Unexpected error ({ex.GetType().Name}): {ex.Message}");
            }
        }
    }

    private void ShowStatus(TerminalSession s)
    {
        n.Blank();
        n.Screen(s.State);
        string op = s.OperatorId ?? "-";
        n.Fact(
            string.Create(CultureInfo.InvariantCulture, $"终端 {Terminal}，操作员 {op}，批次 {s.BatchNumber:D6}，班次 {s.ShiftNumber}"),
            string.Create(CultureInfo.InvariantCulture, $"terminal {Terminal}, operator {op}, batch {s.BatchNumber:D6}, shift {s.ShiftNumber}"));
        n.Menu(MenuItems);
    }

    private async Task<bool> SignInOperatorAsync()
    {
        if (!Offered(SessionTrigger.OperatorSignIn))
        {
            return true;
        }

        if (ReadOperatorAndPin(Prompt("操作员号", "Operator number")) is not (string id, char[] pin))
        {
            return true;
        }

        try
        {
            SessionResult result = await _session.SignInOperatorAsync(id, pin);
            if (!Report(result, "登录成功", "Signed in"))
            {
                return true;
            }

            if (result.Session.State == TerminalSessionState.PinChangeRequired)
            {
                // The SDK's own rule: a factory, reset or temporary PIN leads to the PIN change, not to 签到.
                n.Say("这是出厂或临时密码：必须先修改密码，然后才能签到。", "This is a factory or temporary PIN: it must be changed before 签到.");
                await ChangeSessionPinAsync(pin);
            }
        }
        finally
        {
            Array.Clear(pin);
        }

        return true;
    }

    private async Task<bool> SignInTerminalAsync()
    {
        SessionResult result = await _session.SignInTerminalAsync();
        if (result.HostSignOn is not null)
        {
            n.Fact(host.LastExchange.Zh, host.LastExchange.En);
        }

        if (result.Succeeded)
        {
            n.Good(
                string.Create(CultureInfo.InvariantCulture, $"签到成功，批次 {result.Session.BatchNumber:D6}"),
                string.Create(CultureInfo.InvariantCulture, $"Signed in, batch {result.Session.BatchNumber:D6}"));
            return true;
        }

        Refused(result);
        return true;
    }

    private async Task<bool> LockAsync()
    {
        SessionResult result = await _session.LockAsync();
        if (Report(result, "已锁屏", "Locked"))
        {
            n.Say("解锁：本操作员或主管输入工号和密码（菜单 4）。", "To unlock: the operator or a supervisor enters number and PIN (menu 4).");
        }

        return true;
    }

    private async Task<bool> UnlockAsync()
    {
        if (!Offered(SessionTrigger.Unlock))
        {
            return true;
        }

        if (ReadOperatorAndPin(Prompt("操作员号", "Operator number")) is not (string id, char[] pin))
        {
            return true;
        }

        try
        {
            SessionResult result = await _session.UnlockAsync(id, pin);
            if (!Report(result, "已解锁", "Unlocked") && result.Verification is { } v && Texts.IsLocked(v))
            {
                n.Say("账户已锁定：请主管解除锁定（菜单 8）。", "The account is locked: the supervisor lifts the lock (menu 8).");
            }
        }
        finally
        {
            Array.Clear(pin);
        }

        return true;
    }

    private async Task<bool> SignOutAsync()
    {
        SessionResult result = await _session.SignOutAsync();
        if (result.HostSignOff is not null)
        {
            n.Fact(host.LastExchange.Zh, host.LastExchange.En);
        }

        Report(result, "已签退", "Signed out");
        return true;
    }

    /// <summary>
    /// Menu 6: the signed-in operator changes the PIN through the session (so a required change ends
    /// <see cref="TerminalSessionState.PinChangeRequired"/>); anybody else through the PIN recovery service.
    /// </summary>
    private async Task<bool> ChangePinAsync()
    {
        TerminalSession s = _session.Current!;
        bool sessionOperator = s.OperatorId is not null && TerminalSessionTransitions.IsAllowed(s.State, SessionTrigger.ChangePin);
        string? id = _input.ReadLine(sessionOperator
            ? Prompt($"操作员号（回车 = {s.OperatorId}）", $"Operator number (Enter = {s.OperatorId})")
            : Prompt("操作员号", "Operator number"));
        if (id is null)
        {
            return true;
        }

        id = id.Length == 0 && sessionOperator ? s.OperatorId! : id;
        char[]? current = _input.ReadPin(Prompt("当前密码", "Current PIN"));
        if (current is null)
        {
            return true;
        }

        try
        {
            if (sessionOperator && id == s.OperatorId)
            {
                await ChangeSessionPinAsync(current);
            }
            else
            {
                await ChangeAnyPinAsync(id, current);
            }
        }
        finally
        {
            Array.Clear(current);
        }

        return true;
    }

    /// <summary>Menu 8: the supervisor (number and PIN) lifts an operator's lockout through <see cref="IOperatorManager.UnlockAsync"/>.</summary>
    private async Task<bool> SupervisorLiftsLockAsync()
    {
        string? supervisorId = _input.ReadLine(Prompt("主管号（回车 = 00）", "Supervisor number (Enter = 00)"));
        if (supervisorId is null)
        {
            return true;
        }

        supervisorId = supervisorId.Length == 0 ? OperatorIds.Supervisor : supervisorId;
        char[]? pin = _input.ReadPin(Prompt("主管密码", "Supervisor PIN"));
        if (pin is null)
        {
            return true;
        }

        string fallback = _session.Current?.OperatorId ?? OperatorIds.FirstOperator;
        string? target = _input.ReadLine(Prompt($"要解锁的操作员号（回车 = {fallback}）", $"Operator to unlock (Enter = {fallback})"));
        if (target is null)
        {
            Array.Clear(pin);
            return true;
        }

        target = target.Length == 0 ? fallback : target;
        IOperatorAuthenticator authenticator = services.GetRequiredService<IOperatorAuthenticator>();
        try
        {
            AuthenticationResult supervisor = await authenticator.AuthenticateAsync(Terminal, supervisorId, pin);
            if (supervisor.Outcome == AuthenticationOutcome.SucceededMustChangePin)
            {
                // The supervisor's own PIN must change first: that sign-in goes to the PIN change, then on.
                n.Say($"{supervisorId} 的密码是出厂或临时密码：先修改密码。", $"{supervisorId} has a factory or temporary PIN: change it first.");
                char[]? next = ReadNewPinTwice();
                if (next is null)
                {
                    return true;
                }

                try
                {
                    RecoveryResult changed = await services.GetRequiredService<IPinRecoveryService>().ChangePinAsync(Terminal, supervisorId, pin, next);
                    if (!ReportRecovery(changed, "密码已修改", "PIN changed"))
                    {
                        return true;
                    }

                    supervisor = await authenticator.AuthenticateAsync(Terminal, supervisorId, next);
                }
                finally
                {
                    Array.Clear(next);
                }
            }

            if (supervisor.Outcome != AuthenticationOutcome.Succeeded)
            {
                (string zh, string en) = Texts.Authentication(supervisor, _time);
                n.Bad(zh, en);
                return true;
            }

            OperatorManagementResult<LockoutStatus> lifted = await services.GetRequiredService<IOperatorManager>().UnlockAsync(OperatorActor.From(supervisor), Terminal, target);
            if (!lifted.Succeeded)
            {
                n.Bad($"操作被拒绝：{lifted.Error.GetDescription(DisplayLanguage.SimplifiedChinese)}", $"Refused: {lifted.Error.Description}");
                return true;
            }

            (string szh, string sen) = Texts.Status(lifted.Value, _time);
            n.Good($"{supervisorId} 解除了 {target} 的锁定（{szh}）", $"{supervisorId} lifted {target}'s lock ({sen})");
            if (_session.Current?.State == TerminalSessionState.Locked)
            {
                n.Say($"{target} 现在可以用自己的密码解锁屏幕（菜单 4）。", $"{target} can now unlock the screen with their own PIN (menu 4).");
            }
        }
        finally
        {
            Array.Clear(pin);
        }

        return true;
    }

    private async Task<bool> HostResponseAsync()
    {
        string? code = _input.ReadLine(Prompt("主机应答码（如 00、55、77、A0）", "Host response code (e.g. 00, 55, 77, A0)"));
        if (code is null)
        {
            return true;
        }

        ErrorClassification c = services.GetRequiredService<IErrorCodeClassifier>().Classify(ErrorSource.UnionPay, code);
        n.Say(c.MessageZh, c.MessageEn);
        ScriptedScenario.Classification(n, c);
        SessionResult applied = await _session.ApplyResponseAsync(c);
        if (applied.Trigger == SessionTrigger.RequireSignIn)
        {
            n.Bad("主机要求重新签到（菜单 2）", "The host requires a new sign-in (menu 2)");
        }

        return true;
    }

    private async Task<bool> FactoryResetAsync(bool announce)
    {
        RecoveryResult result = await services.GetRequiredService<IFactoryResetService>().FactoryResetAsync(Terminal, FactoryResetActor.System);
        if (!result.Succeeded)
        {
            (string zh, string en) = Texts.Recovery(result.Error);
            n.Bad($"恢复出厂失败：{zh}", $"Factory reset failed: {en}");
            return true;
        }

        if (announce)
        {
            n.Good("已恢复出厂账户：99 / 00 / 01，出厂密码 12345678 / 123456 / 0000（首次登录必须修改）",
                "Factory accounts restored: 99 / 00 / 01 with PINs 12345678 / 123456 / 0000 (to be changed at first sign-in)");

            // The reset cleared the stored session: power on again so that the screen and the next operation are current.
            await _session.RestoreOrStartAsync();
        }

        return true;
    }

    /// <summary>The signed-in operator's PIN change through the session, with <paramref name="current"/> already typed.</summary>
    private async Task ChangeSessionPinAsync(char[] current)
    {
        char[]? next = ReadNewPinTwice();
        if (next is null)
        {
            return;
        }

        try
        {
            SessionResult result = await _session.ChangePinAsync(current, next);
            if (Report(result, "密码已修改", "PIN changed") && result.Session.State == TerminalSessionState.OperatorSignedIn)
            {
                n.Say("现在可以签到（菜单 2）。", "Now the terminal can sign in (menu 2).");
            }
        }
        finally
        {
            Array.Clear(next);
        }
    }

    private async Task ChangeAnyPinAsync(string id, char[] current)
    {
        char[]? next = ReadNewPinTwice();
        if (next is null)
        {
            return;
        }

        try
        {
            ReportRecovery(await services.GetRequiredService<IPinRecoveryService>().ChangePinAsync(Terminal, id, current, next), "密码已修改", "PIN changed");
        }
        finally
        {
            Array.Clear(next);
        }
    }

    /// <summary>Reads the new PIN twice; <see langword="null"/> (and a message) when the two differ, the first is empty (cancel) or input ends.</summary>
    private char[]? ReadNewPinTwice()
    {
        char[]? next = _input.ReadPin(Prompt("新密码（回车 = 取消）", "New PIN (Enter = cancel)"));
        if (next is null)
        {
            return null;
        }

        if (next.Length == 0)
        {
            n.Say("已取消：密码没有修改。", "Cancelled: the PIN was not changed.");
            return null;
        }

        char[]? again = _input.ReadPin(Prompt("再次输入新密码", "New PIN again"));
        try
        {
            if (again is not null && next.AsSpan().SequenceEqual(again))
            {
                return next;
            }

            if (again is not null)
            {
                n.Bad("两次输入的新密码不一致", "The two new PINs differ");
            }

            Array.Clear(next);
            return null;
        }
        finally
        {
            if (again is not null)
            {
                Array.Clear(again);
            }
        }
    }

    private (string Id, char[] Pin)? ReadOperatorAndPin(string prompt)
    {
        string? id = _input.ReadLine(prompt);
        if (id is null)
        {
            return null;
        }

        char[]? pin = _input.ReadPin(Prompt("密码", "PIN"));
        return pin is null ? null : (id, pin);
    }

    /// <summary>
    /// Whether the state allows <paramref name="trigger"/>, checked before asking for a number and PIN (as a terminal
    /// offers only <see cref="TerminalSessionTransitions.TriggersFrom"/>); says why not. While the PIN must change the
    /// session itself answers, with its refusal.
    /// </summary>
    private bool Offered(SessionTrigger trigger)
    {
        TerminalSessionState state = _session.Current!.State;
        if (state == TerminalSessionState.PinChangeRequired || TerminalSessionTransitions.IsAllowed(state, trigger))
        {
            return true;
        }

        NotNow(state, trigger);
        return false;
    }

    private void NotNow(TerminalSessionState state, SessionTrigger trigger) =>
        n.Bad($"当前状态下不能这样操作：{state} 状态不允许 {trigger}", $"Not possible now: {trigger} is not allowed in state {state}");

    private string Prompt(string zh, string en) => n.Language == DemoLanguage.Chinese ? zh + "：" : n.Pick(zh, en, " / ") + ": ";

    /// <summary>Shows success, or why the session refused; returns whether it succeeded.</summary>
    private bool Report(SessionResult result, string zh, string en)
    {
        if (result.Succeeded)
        {
            n.Good(zh, en);
            return true;
        }

        Refused(result);
        return false;
    }

    private void Refused(SessionResult result)
    {
        (string zh, string en) = Texts.Session(result, _time);
        n.Bad(zh, en);
        if (result.PinChange is { PolicyReasons.Count: > 0 } change)
        {
            (string rzh, string ren) = Texts.Reasons(change.PolicyReasons);
            n.Fact(rzh, ren);
        }

        if (result.Error!.Kind == SessionErrorKind.PinChangeRequired)
        {
            n.Say("修改密码：菜单 6。", "To change the PIN: menu 6.");
        }
    }

    private bool ReportRecovery(RecoveryResult result, string zh, string en)
    {
        if (result.Succeeded)
        {
            n.Good(zh, en);
            return true;
        }

        (string ezh, string een) = Texts.Recovery(result.Error);
        n.Bad(ezh, een);
        if (result.Error.PolicyReasons.Count > 0)
        {
            (string rzh, string ren) = Texts.Reasons(result.Error.PolicyReasons);
            n.Fact(rzh, ren);
        }

        return false;
    }
}
