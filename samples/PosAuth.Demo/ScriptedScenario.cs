using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.ErrorCodes;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;
using PosAuth.Sessions;
using PosAuth.Storage;

namespace PosAuth.Demo;

/// <summary>
/// The narrated end-to-end scenario (no input needed): provisioning, forced PIN change, sign-in, 签到, wrong PINs and
/// lockout, supervisor unlock, host response 77, re-sign-in, supervisor authorisation of a refund, offline recovery of a
/// forgotten supervisor PIN, 签退. Every step checks that the SDK answered as documented and stops the demo otherwise.
/// </summary>
internal sealed class ScriptedScenario(IServiceProvider services, SimulatedHost host, Narrator n, DemoOptions options)
{
    private const string Terminal = DemoServices.TerminalId;
    private const string OperatorFactoryPin = "0000";
    private const string SupervisorFactoryPin = "123456";
    private const string OperatorPin = "4739";
    private const string SupervisorPin = "582047";
    private const string SupervisorRecoveredPin = "849307";

    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private readonly IOperatorAuthenticator _authenticator = services.GetRequiredService<IOperatorAuthenticator>();
    private readonly IPinRecoveryService _recovery = services.GetRequiredService<IPinRecoveryService>();

    public async Task RunAsync()
    {
        long started = _time.GetTimestamp();
        Introduce();

        await ProvisionAsync();
        using TerminalSessionManager session = services.GetRequiredService<ITerminalSessionManagerFactory>().Create(Terminal);
        await ForcedPinChangeAsync(session);
        await TerminalSignInAsync(session, again: false);
        await WrongPinsAndLockoutAsync(session);
        await SupervisorUnlockAsync(session);
        ErrorClassification classification = await HostAnswers77Async(session);
        await SignInRequiredAsync(session, classification);
        await TerminalSignInAsync(session, again: true);
        await RefundAuthorisationAsync();
        await ForgottenSupervisorPinAsync();
        await SignOutAsync(session);
        await AuditTrailAsync();

        double seconds = _time.GetElapsedTime(started).TotalSeconds;
        n.Blank();
        n.Good(
            string.Create(CultureInfo.InvariantCulture, $"演示完成，用时 {seconds:0.0} 秒"),
            string.Create(CultureInfo.InvariantCulture, $"Demo finished in {seconds:0.0} s"));
        n.Say(
            "自己动手试试：`dotnet run --project samples/PosAuth.Demo -- --interactive`（从出厂账户开始）",
            "Try it yourself: `dotnet run --project samples/PosAuth.Demo -- --interactive` (starts from the factory accounts)");
    }

    private void Introduce()
    {
        n.Title("PosAuth 演示终端", "PosAuth demo terminal");
        n.Say($"终端号 {Terminal}，模拟收单主机；每一步都用 PosAuth SDK 完成。", $"Terminal {Terminal} with a simulated acquirer host; every step is done by the PosAuth SDK.");
        if (options.Store == DemoStore.Sqlite)
        {
            n.Fact(
                $"存储：嵌入式 SQLite 文件 {options.DatabasePath}（UseSqlite；WAL，synchronous=FULL）",
                $"storage: embedded SQLite file {options.DatabasePath} (UseSqlite; WAL, synchronous=FULL)");
        }
        else
        {
            n.Fact("存储：内存（`--store memory`），进程结束后不保留", "storage: in-memory stores (`--store memory`); nothing survives the process");
        }

        n.Fact(
            string.Create(CultureInfo.InvariantCulture, $"PBKDF2-HMAC-SHA512，迭代 {DemoServices.DemoIterations:N0} 次，仅为演示（瞬间完成）；生产默认 220,000 次"),
            string.Create(CultureInfo.InvariantCulture, $"PBKDF2-HMAC-SHA512 with {DemoServices.DemoIterations:N0} iterations for the demo only (instant); production default: 220,000"));
        n.Fact(
            string.Create(CultureInfo.InvariantCulture, $"演示中输错 {DemoServices.DemoMaxFailures} 次密码即锁定（默认 5 次），之后等待 5 分钟"),
            string.Create(CultureInfo.InvariantCulture, $"lockout after {DemoServices.DemoMaxFailures} wrong PINs in the demo (default 5), then a 5-minute wait"));
    }

    private async Task ProvisionAsync()
    {
        n.Step("出厂预置账户", "Provisioning with factory PINs");
        RecoveryResult reset = await services.GetRequiredService<IFactoryResetService>()
            .FactoryResetAsync(Terminal, FactoryResetActor.System, new FactoryResetOptions { ClearAuditTrail = true });
        Expect(reset.Succeeded, "factory reset: " + reset);
        n.Say("恢复出厂设置（设备内置复位）：只保留 99 / 00 / 01 三个默认账户，清除锁定和会话。",
            "Factory reset (the device's built-in reset): only the default accounts 99 / 00 / 01 remain; lockouts and sessions cleared.");
        foreach (OperatorAccount account in (await services.GetRequiredService<IOperatorStore>().ListAsync()).OrderByDescending(a => a.Role))
        {
            (string zhRole, string enRole) = Texts.Role(account.Role);
            (string zhYes, string enYes) = Narrator.YesNo(account.MustChangePin);
            n.Fact(
                $"{account.OperatorId}  {zhRole}（{account.Role}），须改密码：{zhYes}（{account.MustChangePinReason}）",
                $"{account.OperatorId}  {enRole} ({account.Role}), must change PIN: {enYes} ({account.MustChangePinReason})");
        }

        n.Say("出厂密码 12345678 / 123456 / 0000 人人皆知，所以首次登录必须修改。",
            "The factory PINs 12345678 / 123456 / 0000 are public knowledge, so the first sign-in must change them.");
    }

    private async Task ForcedPinChangeAsync(TerminalSessionManager session)
    {
        n.Step("首次登录：强制修改密码", "First sign-in: forced PIN change");
        SessionResult started = await session.RestoreOrStartAsync();
        n.Say("开机：终端恢复会话（断电后必须重新签到）。", "Power on: the terminal restores its session (after a power cut it must sign in again).");
        n.Screen(started.Session.State);

        SessionResult first = await session.SignInOperatorAsync(OperatorIds.FirstOperator, OperatorFactoryPin.AsMemory());
        Expect(first.Succeeded && first.Session.State == TerminalSessionState.PinChangeRequired, "factory PIN sign-in: " + first.Session.State);
        n.Say("01 号操作员用出厂密码 0000 登录：密码正确，但会话只允许修改密码或签退。",
            "Operator 01 signs in with the factory PIN 0000: right, but the session allows only a PIN change or sign-out.");
        n.Screen(first.Session.State);

        SessionResult refused = await session.SignInTerminalAsync();
        Expect(refused.Error?.Kind == SessionErrorKind.PinChangeRequired, "签到 with a factory PIN: " + refused.Error);
        n.Bad($"此时签到被拒绝（{refused.Error!.Kind}），主机没有被联系", $"签到 is refused now ({refused.Error.Kind}); the host is not contacted");
        SessionResult maintenance = await session.EnterMaintenanceAsync(OperatorIds.Administrator, "12345678".AsMemory());
        Expect(maintenance.Error?.Kind == SessionErrorKind.PinChangeRequired, "maintenance with 12345678: " + maintenance.Error);
        n.Bad($"管理员 99 用出厂密码 12345678 进入系统维护：同样被拒绝（{maintenance.Error!.Kind}）",
            $"Administrator 99 with the factory PIN 12345678 tries maintenance: refused too ({maintenance.Error.Kind})");

        foreach (string weak in new[] { "1234", "2580" })
        {
            SessionResult rejected = await session.ChangePinAsync(OperatorFactoryPin.AsMemory(), weak.AsMemory());
            Expect(rejected.Error?.Kind == SessionErrorKind.PinChangeRejected && rejected.PinChange?.FailureCode == "policy_rejected", $"weak PIN {weak}: {rejected.Error}");
            n.Bad($"新密码 {weak} 被拒绝", $"new PIN {weak} rejected");
            (string zh, string en) = Texts.Reasons(rejected.PinChange!.PolicyReasons);
            n.Fact(zh, en);
        }

        SessionResult changed = await session.ChangePinAsync(OperatorFactoryPin.AsMemory(), OperatorPin.AsMemory());
        Expect(changed.Succeeded && changed.Session.State == TerminalSessionState.OperatorSignedIn, "operator PIN change: " + changed.Error);
        n.Good($"新密码 {Mask(OperatorPin)} 通过密码规则，已保存（只保存哈希）", $"new PIN {Mask(OperatorPin)} passes the policy and is saved (as a hash only)");
        n.Screen(changed.Session.State);

        RecoveryResult supervisor = await _recovery.ChangePinAsync(Terminal, OperatorIds.Supervisor, SupervisorFactoryPin.AsMemory(), SupervisorPin.AsMemory());
        Expect(supervisor.Succeeded, "supervisor PIN change: " + supervisor);
        n.Good("主管 00 也把出厂密码 123456 换成了自己的 6 位密码", "Supervisor 00 also replaced the factory PIN 123456 with a 6-digit PIN of their own");
        n.Say("（管理员 99 仍是出厂密码，下次登录时同样会被要求修改。）", "(Administrator 99 still has the factory PIN and will be made to change it at the next sign-in.)");
    }

    private async Task TerminalSignInAsync(TerminalSessionManager session, bool again)
    {
        if (again)
        {
            n.Step("重新签到", "Terminal sign-in again (签到)");
        }
        else
        {
            n.Step("终端签到（主机）", "Terminal sign-in to the host (签到)");
        }

        SessionResult signOn = await session.SignInTerminalAsync();
        Expect(signOn.Succeeded && signOn.Session.State == TerminalSessionState.Ready, "host sign-in: " + signOn.Session.State);
        Exchange();
        n.Good(
            string.Create(CultureInfo.InvariantCulture, $"签到成功：批次号 {signOn.Session.BatchNumber:D6}，班次 {signOn.Session.ShiftNumber}"),
            string.Create(CultureInfo.InvariantCulture, $"signed in: batch {signOn.Session.BatchNumber:D6}, shift {signOn.Session.ShiftNumber}"));
        n.Screen(signOn.Session.State);
        if (again)
        {
            string code = host.Sale(signOn.Session.BatchNumber, 88.00m);
            Expect(code == "00", "sale after re-sign-in: " + code);
            Exchange();
            n.Good("重新签到后交易成功", "After signing in again the sale goes through");
        }
    }

    private async Task WrongPinsAndLockoutAsync(TerminalSessionManager session)
    {
        n.Step("锁屏，输错密码，账户锁定", "Screen lock, wrong PINs, lockout");
        TerminalSession locked = (await session.LockAsync()).Session;
        n.Say("操作员离开，按下锁屏。", "The operator steps away and locks the screen.");
        n.Screen(locked.State);

        string[] wrong = ["1111", "2468", "9999"];
        foreach (string pin in wrong)
        {
            SessionResult attempt = await session.UnlockAsync(OperatorIds.FirstOperator, pin.AsMemory());
            Expect(!attempt.Succeeded && attempt.Verification is not null, "wrong PIN accepted");
            (string zh, string en) = Texts.WrongPin(attempt.Verification!, _time);
            n.Bad($"01 输入 {Mask(pin)}：{zh}", $"01 types {Mask(pin)}: {en}");
        }

        SessionResult right = await session.UnlockAsync(OperatorIds.FirstOperator, OperatorPin.AsMemory());
        Expect(right.Error?.Kind == SessionErrorKind.VerificationFailed && right.Verification?.FailureCode == "locked_out", "locked operator got in: " + right.Verification?.FailureCode);
        (string lzh, string len) = Texts.WrongPin(right.Verification!, _time);
        n.Bad($"现在连正确密码也被拒绝：{lzh}", $"Now even the right PIN is refused: {len}");
        n.Say("锁定检查在密码校验之前：被锁的账户不会再跑密钥派生，攻击者无法继续猜。",
            "The lock is checked before the PIN: a locked account never reaches the KDF, so guessing stops here.");
    }

    private async Task SupervisorUnlockAsync(TerminalSessionManager session)
    {
        n.Step("主管解锁", "Supervisor unlock");
        AuthenticationResult supervisor = await _authenticator.AuthenticateAsync(Terminal, OperatorIds.Supervisor, SupervisorPin.AsMemory());
        Expect(supervisor.Outcome == AuthenticationOutcome.Succeeded, "supervisor sign-in: " + supervisor.Outcome);
        OperatorManagementResult<LockoutStatus> lifted = await services.GetRequiredService<IOperatorManager>()
            .UnlockAsync(OperatorActor.From(supervisor), Terminal, OperatorIds.FirstOperator);
        Expect(lifted.Succeeded && !lifted.Value.IsLocked, "operator still locked after the supervisor unlock: " + lifted);
        LockoutStatus status = lifted.Value;
        (string zh, string en) = Texts.Status(status, _time);
        n.Good($"主管 00 输入密码，解除了 01 的锁定（{zh}）", $"Supervisor 00 enters their PIN and lifts 01's lock ({en})");

        SessionResult unlocked = await session.UnlockAsync(OperatorIds.FirstOperator, OperatorPin.AsMemory());
        Expect(unlocked.Succeeded && unlocked.Session.State == TerminalSessionState.Ready, "terminal unlock: " + unlocked.Session.State);
        n.Good("01 用正确密码解开屏幕，回到可交易状态", "Operator 01 unlocks the screen with the right PIN: ready to transact again");
        n.Screen(unlocked.Session.State);
    }

    private async Task<ErrorClassification> HostAnswers77Async(TerminalSessionManager session)
    {
        n.Step("主机应答 77：响应码分类", "The host answers 77: classifying the response code");
        host.DemandSignInOnNextSale = true;
        string code = host.Sale(session.Current!.BatchNumber, 128.50m);
        Exchange();
        ErrorClassification c = services.GetRequiredService<IErrorCodeClassifier>().Classify(ErrorSource.UnionPay, code);
        Expect(c.RequiresSignIn, "77 does not require sign-in");
        n.Say($"交易失败，屏幕显示：{c.MessageZh}", $"The sale fails; the screen says: {c.MessageEn}");
        Classification(n, c);
        return c;
    }

    private async Task SignInRequiredAsync(TerminalSessionManager session, ErrorClassification classification)
    {
        n.Step("会话进入“需要重新签到”", "The session moves to SignInRequired");
        SessionResult applied = await session.ApplyResponseAsync(classification);
        TerminalSession now = applied.Session;
        Expect(applied.Trigger == SessionTrigger.RequireSignIn && now.State == TerminalSessionState.SignInRequired, "ApplyResponseAsync: " + now.State);
        n.Say("按分类的建议动作（重新签到），会话状态自动切换；交易在重新签到前被禁止。",
            "Following the classification's action (sign in again) the session switches by itself; no sale until the terminal signs in again.");
        n.Fact($"原因 {now.SignInRequiredReason}，应答码 {now.SignInRequiredResponseCode}", $"reason {now.SignInRequiredReason}, response code {now.SignInRequiredResponseCode}");
        n.Screen(now.State);
    }

    private async Task RefundAuthorisationAsync()
    {
        n.Step("退货：主管授权（一次有效）", "Refund: supervisor authorisation (one-shot)");
        bool alone = services.GetRequiredService<IPermissionPolicy>().IsGranted(OperatorRole.Operator, Permission.Refund);
        Expect(!alone, "an operator may refund alone");
        n.Say("顾客要求退货。普通操作员无权单独退货，需要主管在本机输入工号和密码授权。",
            "A customer wants a refund. An operator may not refund alone: the supervisor authorises it on this terminal with number and PIN.");
        ISupervisorAuthorizer authorizer = services.GetRequiredService<ISupervisorAuthorizer>();
        AuthorizationResult result = await authorizer.AuthorizeAsync(Terminal, OperatorIds.FirstOperator, Permission.Refund, OperatorIds.Supervisor, SupervisorPin.AsMemory());
        Expect(result.Outcome == AuthorizationOutcome.Granted && result.Grant is not null, "refund authorisation: " + result.Outcome);
        AuthorizationGrant grant = result.Grant!;
        n.Good("主管 00 授权退货", "Supervisor 00 authorises the refund");
        n.Fact($"授权 {grant.Id}，用于 {grant.Operation}，{Texts.Time(grant.ExpiresAt)} 前有效", $"grant {grant.Id} for {grant.Operation}, valid until {Texts.Time(grant.ExpiresAt)}");

        bool used = await authorizer.TryConsumeAsync(grant, Terminal, OperatorIds.FirstOperator, Permission.Refund);
        Expect(used, "grant not consumable");
        n.Good("退货完成（授权已使用）", "Refund done (the grant is used up)");
        bool reused = await authorizer.TryConsumeAsync(grant, Terminal, OperatorIds.FirstOperator, Permission.Refund);
        Expect(!reused, "a grant was used twice");
        n.Bad("再用同一授权退第二笔：被拒绝，授权只能用一次", "Reusing the grant for a second refund is refused: one grant, one operation");
    }

    private async Task ForgottenSupervisorPinAsync()
    {
        n.Step("主管忘记密码：挑战-应答离线解锁", "Forgotten supervisor PIN: offline challenge-response unlock");
        AuthenticationResult guess = await _authenticator.AuthenticateAsync(Terminal, OperatorIds.Supervisor, "135790".AsMemory());
        Expect(guess.Outcome == AuthenticationOutcome.WrongPin, "guess: " + guess.Outcome);
        n.Bad(
            $"主管记不清密码，试了一次：密码错误，还可尝试 {guess.RemainingAttempts} 次",
            $"The supervisor cannot remember the PIN and tries once: wrong PIN, {guess.RemainingAttempts} attempts left");
        n.Say("终端没有网络也能恢复：终端显示挑战码，主管打电话给后台。", "No network needed: the terminal shows a challenge, the supervisor phones the back office.");

        IOfflineUnlockService unlock = services.GetRequiredService<IOfflineUnlockService>();
        RecoveryResult<OfflineUnlockChallenge> issued = await unlock.IssueChallengeAsync(Terminal, OperatorIds.Supervisor);
        Expect(issued.Succeeded, "challenge: " + issued);
        OfflineUnlockChallenge challenge = issued.Value!;
        n.Screen($"解锁挑战码 {Group(challenge.Challenge)}（{Texts.Time(challenge.ExpiresAt)} 前有效）", $"Unlock challenge {Group(challenge.Challenge)} (valid until {Texts.Time(challenge.ExpiresAt)})");
        n.Fact("二维码内容：" + challenge.ToQrPayload(), "QR payload: " + challenge.ToQrPayload());

        // The back office: vendor master key + terminal serial -> terminal key (HKDF) -> OCRA response (RFC 6287).
        string response = OfflineUnlockCalculator.ComputeResponseFromMaster(
            DemoServices.DemoVendorMasterKey(), DemoServices.TerminalSerial, Terminal, OperatorIds.Supervisor, challenge.Challenge);
        n.Say($"后台用厂商主密钥和终端序列号 {DemoServices.TerminalSerial} 算出应答码 {Group(response)}，在电话里读给主管。",
            $"The back office computes the response {Group(response)} from the vendor master key and serial {DemoServices.TerminalSerial}, and reads it out.");
        string suite = OfflineUnlockCalculator.GetSuite(challenge.Challenge.Length).ToString();
        n.Fact(
            $"算法套件 {suite}；与 `posauth unlock-response` 用终端密钥和 `--session`（终端与操作员的绑定值）算出的结果相同",
            $"suite {suite}; the same as `posauth unlock-response` with the terminal key and `--session` (the terminal + operator binding)");

        RecoveryResult<TemporaryPin> completed = await unlock.CompleteAsync(Terminal, OperatorIds.Supervisor, Group(response));
        Expect(completed.Succeeded, "unlock response: " + completed);
        using (TemporaryPin oneTime = completed.Value!)
        {
            n.Good("终端离线验证应答码成功", "The terminal verifies the response offline");
            n.Screen(
                $"一次性密码 {new string(oneTime.AsSpan())}（{Texts.Time(oneTime.ExpiresAt)} 前有效，登录后必须修改）",
                $"One-time PIN {new string(oneTime.AsSpan())} (valid until {Texts.Time(oneTime.ExpiresAt)}, must be changed at sign-in)");

            RecoveryResult<TemporaryPin> replay = await unlock.CompleteAsync(Terminal, OperatorIds.Supervisor, response);
            Expect(!replay.Succeeded, "an unlock response worked twice");
            (string rzh, string ren) = Texts.Recovery(replay.Error!);
            n.Bad($"同一应答码再用一次：{rzh}", $"The same response again: {ren}");

            char[] typed = oneTime.AsSpan().ToArray(); // what the supervisor types in from the screen
            try
            {
                RecoveryResult changed = await _recovery.ChangePinAsync(Terminal, OperatorIds.Supervisor, typed, SupervisorRecoveredPin.AsMemory());
                Expect(changed.Succeeded, "supervisor PIN change after unlock: " + changed);
            }
            finally
            {
                Array.Clear(typed);
            }
        }

        n.Good("主管用一次性密码登录并设置了新密码", "The supervisor signs in with the one-time PIN and sets a new PIN");
        AuthenticationResult back = await _authenticator.AuthenticateAsync(Terminal, OperatorIds.Supervisor, SupervisorRecoveredPin.AsMemory());
        Expect(back.Outcome == AuthenticationOutcome.Succeeded, "supervisor with the new PIN: " + back.Outcome);
        n.Good("新密码登录成功", "Signed in with the new PIN");
    }

    private async Task SignOutAsync(TerminalSessionManager session)
    {
        n.Step("签退", "Sign-out (签退)");
        int batch = session.Current!.BatchNumber;
        SessionResult signedOut = await session.SignOutAsync();
        Expect(signedOut.Session.State == TerminalSessionState.SignedOut && signedOut.HostSignOff?.Succeeded == true, "sign-out: " + signedOut.Session.State);
        Exchange();
        n.Good(
            string.Create(CultureInfo.InvariantCulture, $"批次 {batch:D6} 关闭，操作员已退出，下一班次 {signedOut.Session.ShiftNumber}"),
            string.Create(CultureInfo.InvariantCulture, $"Batch {batch:D6} closed, operator signed out, next shift {signedOut.Session.ShiftNumber}"));
        n.Screen(signedOut.Session.State);
    }

    private async Task AuditTrailAsync()
    {
        n.Step("审计记录", "Audit trail");
        IReadOnlyList<AuditRecord> records = await services.GetRequiredService<IAuditStore>().ReadAsync();
        n.Say($"共 {records.Count} 条审计记录；其中从不包含密码、密码哈希或解锁码。", $"{records.Count} audit records; none holds a PIN, a PIN hash or an unlock response.");
        n.Say("会话的每次状态变化（登录、签到、锁屏、解锁、重新签到、签退）也都记录在内。",
            "Every session transition (sign-in, 签到, lock, unlock, re-sign-in, 签退) is among them.");
        foreach (IGrouping<AuditEventType, AuditRecord> group in records.GroupBy(r => r.Event.Type).OrderBy(g => g.Min(r => r.Sequence)))
        {
            n.Fact(string.Create(CultureInfo.InvariantCulture, $"{group.Count(),3}  {group.Key}"));
        }
    }

    /// <summary>"银联 77：类别 SignInRequired，…" — the classification's codes, with yes / no for its flags.</summary>
    internal static void Classification(Narrator n, ErrorClassification c)
    {
        string code = c.Code.Length == 0 ? "?" : c.Code;
        (string zhRetry, string enRetry) = Narrator.YesNo(c.IsRetryable);
        (string zhSign, string enSign) = Narrator.YesNo(c.RequiresSignIn);
        n.Fact(
            $"银联 {code}：类别 {c.Category}，建议 {c.Action}，可重试：{zhRetry}，需重新签到：{zhSign}，银联处理类 {c.CupClass}",
            $"UnionPay {code}: category {c.Category}, action {c.Action}, retryable: {enRetry}, requires sign-in: {enSign}, CUP class {c.CupClass}");
    }

    private void Exchange() => n.Fact(host.LastExchange.Zh, host.LastExchange.En);

    private static string Mask(string pin) => new('*', pin.Length);

    private static string Group(string digits) => digits.Length == 8 ? digits[..4] + " " + digits[4..] : digits;

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new DemoFailedException(what);
        }
    }
}
