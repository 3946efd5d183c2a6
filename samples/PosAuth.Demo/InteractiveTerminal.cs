using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Authentication;
using PosAuth.ErrorCodes;
using PosAuth.Integration;
using PosAuth.Operators;
using PosAuth.Recovery;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>
/// <c>--interactive</c>: a menu-driven terminal against the same database as the scripted demo. PINs are typed masked
/// on a console; with standard input redirected, lines are read (and the end of input exits cleanly).
/// </summary>
internal sealed class InteractiveTerminal(IServiceProvider services, SimulatedHost host, Narrator n, DemoOptions options)
{
    private const string Terminal = DemoServices.TerminalId;
    private readonly PinReader _input = new(Console.Out);
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();

    public async Task<int> RunAsync()
    {
        n.Title("PosAuth 演示终端（交互）", "PosAuth demo terminal (interactive)");
        n.Fact(options.Store == DemoStore.Sqlite ? "database: " + options.DatabasePath : "storage: in memory");
        if (Console.IsInputRedirected)
        {
            n.Say("标准输入已重定向：按行读取，密码不回显。", "Standard input is redirected: reading lines, PINs are not echoed.");
        }

        if ((await services.GetRequiredService<IOperatorStore>().ListAsync()).Count == 0)
        {
            await FactoryResetAsync();
        }

        using TerminalSessionManager session = services.GetRequiredService<ITerminalSessionManagerFactory>().Create(Terminal);
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
                    "1" => await SignInOperatorAsync(session),
                    "2" => await SignInTerminalAsync(session),
                    "3" => await LockAsync(session),
                    "4" => await UnlockAsync(session),
                    "5" => await SignOutAsync(session),
                    "6" => await ChangePinAsync(),
                    "7" => Explain(),
                    "8" => await HostResponseAsync(session),
                    "9" => await FactoryResetAsync(),
                    _ => false,
                };
                if (!known)
                {
                    n.Bad("没有这个选项", "No such option");
                }
            }
            catch (InvalidSessionTransitionException ex)
            {
                n.Bad("当前状态下不能这样操作", "Not possible in the current state");
                n.Fact(ex.Message);
            }
            catch (SessionAuthorizationException ex)
            {
                n.Bad("无权执行此操作", "Not permitted");
                n.Fact(ex.Message);
            }
            catch (SessionNotStartedException)
            {
                await session.RestoreOrStartAsync();
            }
        }
    }

    private void ShowStatus(TerminalSession s)
    {
        n.Blank();
        n.Screen(s.State);
        n.Fact(string.Create(CultureInfo.InvariantCulture, $"terminal {Terminal}, operator {s.OperatorId ?? "-"}, batch {s.BatchNumber:D6}, shift {s.ShiftNumber}"));
        n.Say(
            "1 操作员登录  2 签到  3 锁屏  4 解锁  5 签退  6 修改密码  7 解释响应码  8 模拟主机应答  9 恢复出厂  0 退出",
            "1 operator sign-in  2 terminal sign-in  3 lock  4 unlock  5 sign out  6 change PIN  7 explain a code  8 host response  9 factory reset  0 exit");
    }

    private async Task<bool> SignInOperatorAsync(TerminalSessionManager session)
    {
        if (ReadOperatorAndPin() is not (string id, char[] pin))
        {
            return true;
        }

        try
        {
            SessionResult result = await session.SignInOperatorAsync(id, pin);
            Report(result, "登录成功", "Signed in");
            if (result.MustChangePin)
            {
                n.Say("首次登录或密码已重置：请先修改密码（菜单 6）。", "This PIN must be changed before anything else (menu 6).");
            }
        }
        finally
        {
            Array.Clear(pin);
        }

        return true;
    }

    private async Task<bool> SignInTerminalAsync(TerminalSessionManager session)
    {
        SessionResult result = await session.SignInTerminalAsync();
        n.Fact(host.LastExchange);
        if (result.Succeeded)
        {
            n.Good(string.Create(CultureInfo.InvariantCulture, $"签到成功，批次 {result.Session.BatchNumber:D6}"), string.Create(CultureInfo.InvariantCulture, $"Signed in, batch {result.Session.BatchNumber:D6}"));
        }
        else
        {
            n.Bad("签到失败", "Sign-in failed");
        }

        return true;
    }

    private async Task<bool> LockAsync(TerminalSessionManager session)
    {
        await session.LockAsync();
        n.Good("已锁屏", "Locked");
        return true;
    }

    private async Task<bool> UnlockAsync(TerminalSessionManager session)
    {
        if (ReadOperatorAndPin() is not (string id, char[] pin))
        {
            return true;
        }

        try
        {
            Report(await session.UnlockAsync(id, pin), "已解锁", "Unlocked");
        }
        finally
        {
            Array.Clear(pin);
        }

        return true;
    }

    private async Task<bool> SignOutAsync(TerminalSessionManager session)
    {
        SessionResult result = await session.SignOutAsync();
        if (result.HostSignOff is not null)
        {
            n.Fact(host.LastExchange);
        }

        n.Good("已签退", "Signed out");
        return true;
    }

    private async Task<bool> ChangePinAsync()
    {
        string? id = _input.ReadLine(n.Pick("操作员号", "Operator number", " / ") + ": ");
        char[]? current = id is null ? null : _input.ReadPin(n.Pick("当前密码", "Current PIN", " / ") + ": ");
        char[]? next = current is null ? null : _input.ReadPin(n.Pick("新密码", "New PIN", " / ") + ": ");
        char[]? again = next is null ? null : _input.ReadPin(n.Pick("再次输入新密码", "New PIN again", " / ") + ": ");
        try
        {
            if (id is null || current is null || next is null || again is null)
            {
                return true;
            }

            if (!next.AsSpan().SequenceEqual(again))
            {
                n.Bad("两次输入的新密码不一致", "The two new PINs differ");
                return true;
            }

            RecoveryResult result = await services.GetRequiredService<IPinRecoveryService>().ChangePinAsync(Terminal, id, current, next);
            if (result.Succeeded)
            {
                n.Good("密码已修改", "PIN changed");
            }
            else
            {
                (string zh, string en) = Texts.Recovery(result.Error);
                n.Bad(zh, en);
                if (result.Error.PolicyReasons.Count > 0)
                {
                    n.Fact("reasons: " + Texts.Reasons(n, result.Error.PolicyReasons));
                }
            }
        }
        finally
        {
            Clear(current);
            Clear(next);
            Clear(again);
        }

        return true;
    }

    private bool Explain()
    {
        string? code = _input.ReadLine(n.Pick("响应码（如 55、77、A0）", "Response code (e.g. 55, 77, A0)", " / ") + ": ");
        if (code is null)
        {
            return true;
        }

        ErrorClassification c = services.GetRequiredService<IErrorCodeClassifier>().Classify(ErrorSource.UnionPay, code);
        n.Say(c.MessageZh, c.MessageEn);
        n.Fact($"UnionPay {(c.Code.Length == 0 ? "?" : c.Code)}: category {c.Category}, action {c.Action}, retryable {c.IsRetryable}, requires sign-in {c.RequiresSignIn}, CUP class {c.CupClass}");
        return true;
    }

    private async Task<bool> HostResponseAsync(TerminalSessionManager session)
    {
        string? code = _input.ReadLine(n.Pick("主机应答码（如 00、77）", "Host response code (e.g. 00, 77)", " / ") + ": ");
        if (code is null)
        {
            return true;
        }

        ErrorClassification c = services.GetRequiredService<IErrorCodeClassifier>().Classify(ErrorSource.UnionPay, code);
        n.Say(c.MessageZh, c.MessageEn);
        if (await session.ApplyResponseAsync(c))
        {
            n.Bad("主机要求重新签到（菜单 2）", "The host requires a new sign-in (menu 2)");
        }

        return true;
    }

    private async Task<bool> FactoryResetAsync()
    {
        RecoveryResult result = await services.GetRequiredService<IFactoryResetService>().FactoryResetAsync(Terminal, FactoryResetActor.System);
        if (result.Succeeded)
        {
            n.Good("已恢复出厂账户：99 / 00 / 01，出厂密码 12345678 / 123456 / 0000（首次登录必须修改）",
                "Factory accounts restored: 99 / 00 / 01 with PINs 12345678 / 123456 / 0000 (must change at first sign-in)");
        }
        else
        {
            n.Bad("恢复出厂失败", "Factory reset failed");
            n.Fact(result.ToString());
        }

        return true;
    }

    private (string Id, char[] Pin)? ReadOperatorAndPin()
    {
        string? id = _input.ReadLine(n.Pick("操作员号", "Operator number", " / ") + ": ");
        if (id is null)
        {
            return null;
        }

        char[]? pin = _input.ReadPin(n.Pick("密码", "PIN", " / ") + ": ");
        return pin is null ? null : (id, pin);
    }

    private void Report(SessionResult result, string zh, string en)
    {
        if (result.Succeeded)
        {
            n.Good(zh, en);
            return;
        }

        (string wzh, string wen) = Texts.WrongPin(result.Verification!, _time);
        n.Bad(wzh, wen);
    }

    private static void Clear(char[]? buffer)
    {
        if (buffer is not null)
        {
            Array.Clear(buffer);
        }
    }
}
