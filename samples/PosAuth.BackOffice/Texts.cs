using System.Globalization;

namespace PosAuth.BackOffice.Console;

/// <summary>The page texts in English and Simplified Chinese (zh-CN). A missing key shows the key, so a test sees it.</summary>
internal sealed class Texts
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    private static readonly Dictionary<string, (string En, string Zh)> All = new(StringComparer.Ordinal)
    {
        ["app.title"] = ("PosAuth back office", "PosAuth 云端后台"),
        ["nav.sites"] = ("Sites and terminals", "门店与终端"),
        ["nav.lockouts"] = ("Lockouts now", "当前锁定"),
        ["nav.audit"] = ("Audit ledger", "审计日志"),
        ["nav.offline"] = ("Offline unlock", "离线解锁"),
        ["nav.signout"] = ("Sign out", "退出"),
        ["nav.language"] = ("中文", "English"),
        ["signin.title"] = ("Sign in", "登录"),
        ["signin.user"] = ("User name", "用户名"),
        ["signin.password"] = ("Password", "密码"),
        ["signin.code"] = ("Authenticator code (if enrolled)", "动态验证码（已绑定时填写）"),
        ["signin.submit"] = ("Sign in", "登录"),
        ["signin.locked"] = ("This account is locked after too many failed attempts. Try again in {0} min (at {1} UTC).", "失败次数过多，账户已锁定。请在 {0} 分钟后重试（UTC {1}）。"),
        ["signin.invalid"] = ("User name or password is wrong.", "用户名或密码错误。"),
        ["signin.code_invalid"] = ("The authenticator code is wrong or was already used.", "动态验证码错误或已使用。"),
        ["signin.disabled"] = ("This account is disabled. Ask a head-office administrator.", "该账户已停用，请联系总部管理员。"),
        ["password.title"] = ("Change your password", "修改密码"),
        ["password.forced"] = ("You signed in with an initial password: choose your own before you continue (at least 12 characters).", "您使用的是初始密码，请先设置自己的密码（至少 12 个字符）。"),
        ["password.current"] = ("Current password", "当前密码"),
        ["password.new"] = ("New password", "新密码"),
        ["password.repeat"] = ("New password again", "再次输入新密码"),
        ["password.submit"] = ("Change password", "修改密码"),
        ["password.mismatch"] = ("The two new passwords differ.", "两次输入的新密码不一致。"),
        ["password.rejected"] = ("This password is not accepted:", "该密码不符合要求："),
        ["totp.title"] = ("Two-factor sign-in", "双重认证"),
        ["totp.required"] = ("Your account needs an authenticator app (TOTP) before you continue.", "继续之前，您的账户需要绑定身份验证器应用（TOTP）。"),
        ["totp.begin"] = ("Show my new secret", "生成新的密钥"),
        ["totp.secret"] = ("Enter this secret in your authenticator app (shown once):", "请在身份验证器应用中输入此密钥（仅显示一次）："),
        ["totp.code"] = ("Current code from the app", "应用中显示的当前验证码"),
        ["totp.confirm"] = ("Confirm", "确认"),
        ["sites.title"] = ("Sites", "门店"),
        ["sites.id"] = ("Site", "门店编号"),
        ["sites.name"] = ("Name", "名称"),
        ["sites.create"] = ("Create site", "新建门店"),
        ["sites.open"] = ("Terminals", "终端"),
        ["sites.operators"] = ("Operators", "操作员"),
        ["terminals.title"] = ("Terminals of site {0}", "门店 {0} 的终端"),
        ["terminals.id"] = ("Terminal", "终端编号"),
        ["terminals.serial"] = ("Serial number", "序列号"),
        ["terminals.state"] = ("State", "状态"),
        ["terminals.key"] = ("Key generation", "密钥版本"),
        ["terminals.lastsync"] = ("Last sync", "最近同步"),
        ["terminals.register"] = ("Register a lane", "登记收银台"),
        ["terminals.secret"] = ("Provisioning secret of {0} (shown once; enter it on the lane, it cannot be shown again):", "{0} 的配置密钥（仅显示一次；请在收银台上输入，之后无法再次查看）："),
        ["state.active"] = ("Active", "启用"),
        ["state.disabled"] = ("Disabled", "已停用"),
        ["action.disable"] = ("Disable", "停用"),
        ["action.enable"] = ("Enable", "启用"),
        ["action.reset"] = ("Reset PIN", "重置密码"),
        ["action.unlock"] = ("Unlock everywhere", "全部解锁"),
        ["action.back"] = ("Back", "返回"),
        ["action.filter"] = ("Filter", "筛选"),
        ["action.csv"] = ("Export CSV", "导出 CSV"),
        ["operators.title"] = ("Operators of site {0}", "门店 {0} 的操作员"),
        ["operators.id"] = ("Operator", "操作员编号"),
        ["operators.name"] = ("Display name", "显示名称"),
        ["operators.role"] = ("Role", "角色"),
        ["operators.flags"] = ("Flags", "标记"),
        ["operators.lastsignin"] = ("Last sign-in", "最近签到"),
        ["operators.create"] = ("Create operator", "新建操作员"),
        ["operators.mustchange"] = ("must change PIN", "须修改密码"),
        ["operators.temporary"] = ("Temporary PIN for operator {0} (shown once; valid until {1} UTC; it only allows a PIN change):", "操作员 {0} 的临时密码（仅显示一次；有效期至 UTC {1}；只能用于修改密码）："),
        ["operators.unlocked"] = ("Operator {0} is unlocked on every lane of the site.", "操作员 {0} 已在本门店所有收银台解锁。"),
        ["role.Operator"] = ("Cashier", "收银员"),
        ["role.Supervisor"] = ("Supervisor", "主管"),
        ["role.Administrator"] = ("Lane administrator", "系统管理员"),
        ["lockouts.title"] = ("Lockouts now", "当前锁定"),
        ["lockouts.unreported"] = ("This back-office version does not report the lock state of each operator yet; \"Unlock everywhere\" lifts any lock on every lane of the site.", "此版本后台尚不报告每位操作员的锁定状态；\"全部解锁\"可解除该操作员在本门店所有收银台上的锁定。"),
        ["lockouts.none"] = ("Nobody is locked out.", "当前没有被锁定的操作员。"),
        ["lockouts.until"] = ("Locked until (UTC)", "锁定至（UTC）"),
        ["lockouts.where"] = ("Site", "门店"),
        ["audit.title"] = ("Audit ledger", "审计日志"),
        ["audit.chain"] = ("Chain", "链完整性"),
        ["audit.chain.ok"] = ("verified ({0} records)", "已验证（{0} 条记录）"),
        ["audit.chain.bad"] = ("BROKEN: {0}", "已损坏：{0}"),
        ["audit.at"] = ("Time (UTC)", "时间（UTC）"),
        ["audit.event"] = ("Event", "事件"),
        ["audit.site"] = ("Site", "门店"),
        ["audit.lane"] = ("Lane", "收银台"),
        ["audit.operator"] = ("Operator", "操作员"),
        ["audit.actor"] = ("By", "操作人"),
        ["audit.code"] = ("Outcome", "结果"),
        ["audit.detail"] = ("Detail", "详情"),
        ["audit.any"] = ("(any)", "（全部）"),
        ["audit.empty"] = ("No record matches.", "没有匹配的记录。"),
        ["offline.title"] = ("Offline unlock", "离线解锁"),
        ["offline.help"] = ("The lane is offline and shows a challenge or a QR code. Paste the QR payload (POSAUTH-UNLOCK:…) or type the challenge digits with the lane and operator, then read the response to the cashier over the phone.", "收银台离线时会显示挑战码或二维码。请粘贴二维码内容（POSAUTH-UNLOCK:…），或输入挑战码以及收银台和操作员编号，然后通过电话把应答码告诉收银员。"),
        ["offline.challenge"] = ("Challenge or QR payload", "挑战码或二维码内容"),
        ["offline.compute"] = ("Compute response", "计算应答码"),
        ["offline.response"] = ("Response to read to the cashier:", "请告知收银员的应答码："),
        ["error.title"] = ("Something is wrong", "出错了"),
        ["error.not_found"] = ("Not found (or not yours to see).", "未找到（或您无权查看）。"),
        ["error.forbidden"] = ("Your role does not allow this.", "您的角色无权执行此操作。"),
        ["error.already_exists"] = ("It exists already.", "已存在。"),
        ["error.invalid_request"] = ("The input is not valid.", "输入无效。"),
        ["error.offline_unlock_unavailable"] = ("Offline unlock is not set up for this lane.", "此收银台未配置离线解锁。"),
        ["error.back_office_store_unavailable"] = ("The back office cannot reach its database; try again shortly.", "后台无法连接数据库，请稍后重试。"),
        ["error.antiforgery"] = ("The form was not sent by this page (missing or wrong anti-forgery token). Nothing was changed.", "表单不是由本页面提交的（防伪令牌缺失或错误），未做任何更改。"),
    };

    private Texts(string language) => Language = language;

    public static Texts En { get; } = new(English);

    public static Texts Zh { get; } = new(Chinese);

    public string Language { get; }

    public bool IsChinese => Language == Chinese;

    public static Texts For(string? language) => language == Chinese ? Zh : En;

    public string this[string key] => All.TryGetValue(key, out (string En, string Zh) t) ? (IsChinese ? t.Zh : t.En) : key;

    public string Format(string key, params object[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    /// <summary>Every key has both languages (a test reads this).</summary>
    public static IEnumerable<(string Key, string En, string Zh)> Entries => All.Select(kv => (kv.Key, kv.Value.En, kv.Value.Zh));
}
