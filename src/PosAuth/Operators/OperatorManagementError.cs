using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth;

/// <summary>
/// Why an operator-management operation was refused: a stable machine <see cref="Code"/>, what happened
/// (<see cref="Kind"/>), a description in English or Chinese and, for a refused initial PIN, the policy's reasons.
/// Never contains a PIN or a PIN hash.
/// </summary>
public sealed class OperatorManagementError
{
    private OperatorManagementError(OperatorManagementErrorKind kind, IReadOnlyList<PinRejectionReason> pinRejections)
    {
        Kind = kind;
        PinRejections = pinRejections;
    }

    /// <summary>What went wrong.</summary>
    public OperatorManagementErrorKind Kind { get; }

    /// <summary>The stable snake_case code, such as <c>insufficient_role</c> (see <see cref="OperatorManagementErrorKind"/>).</summary>
    public string Code => CodeOf(Kind);

    /// <summary>A short English description without secrets.</summary>
    public string Description => DescriptionOf(Kind, DisplayLanguage.English);

    /// <summary>The PIN policy's reasons, for <see cref="OperatorManagementErrorKind.PinRejected"/>. Empty otherwise.</summary>
    public IReadOnlyList<PinRejectionReason> PinRejections { get; }

    /// <summary>The error of <paramref name="kind"/> (for example in a test double of <see cref="IOperatorManager"/>).</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="pinRejections">The PIN policy's reasons, for <see cref="OperatorManagementErrorKind.PinRejected"/>.</param>
    /// <returns>The error.</returns>
    public static OperatorManagementError Create(OperatorManagementErrorKind kind, IReadOnlyList<PinRejectionReason>? pinRejections = null) =>
        new(kind, pinRejections is null ? [] : [.. pinRejections]);

    /// <summary>The description in the language of <paramref name="culture"/> (<see cref="DisplayLanguages.FromCulture"/>).</summary>
    /// <param name="culture">The UI culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => DescriptionOf(Kind, DisplayLanguages.FromCulture(culture));

    /// <summary>The description in <paramref name="language"/>; needs no culture data (works under <c>InvariantGlobalization</c>).</summary>
    /// <param name="language">The language.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(DisplayLanguage language) => DescriptionOf(Kind, language);

    /// <summary>Returns <c>code: description</c>, with the policy's reasons when there are any (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => PinRejections.Count == 0
        ? $"{Code}: {Description}"
        : $"{Code}: {Description} ({string.Join(", ", PinRejections)})";

    internal static string CodeOf(OperatorManagementErrorKind kind) => kind switch
    {
        OperatorManagementErrorKind.InsufficientRole => "insufficient_role",
        OperatorManagementErrorKind.ProtectedOperator => "protected_operator",
        OperatorManagementErrorKind.OperatorSignedIn => "operator_signed_in",
        OperatorManagementErrorKind.UnknownOperator => "unknown_operator",
        OperatorManagementErrorKind.AlreadyExists => "already_exists",
        OperatorManagementErrorKind.InvalidOperatorId => "invalid_operator_id",
        OperatorManagementErrorKind.PinRejected => "pin_rejected",
        OperatorManagementErrorKind.RoleMismatch => "role_mismatch",
        OperatorManagementErrorKind.ConcurrentUpdate => "concurrent_update",
        OperatorManagementErrorKind.ActorNotAllowed => "actor_not_allowed",
        OperatorManagementErrorKind.PinChangeRequired => "pin_change_required",
        _ => "unknown",
    };

    private static string DescriptionOf(OperatorManagementErrorKind kind, DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        return kind switch
        {
            OperatorManagementErrorKind.InsufficientRole => zh ? "权限不足" : "The acting operator's role may not do this to the target.",
            OperatorManagementErrorKind.ProtectedOperator => zh ? "系统管理员和主管不能删除" : "The administrator (99) and the supervisor (00) cannot be deleted.",
            OperatorManagementErrorKind.OperatorSignedIn => zh ? "已签到的操作员不能删除" : "The signed-in operator cannot be deleted.",
            OperatorManagementErrorKind.UnknownOperator => zh ? "操作员不存在" : "There is no such operator.",
            OperatorManagementErrorKind.AlreadyExists => zh ? "操作员已存在" : "An operator with that number already exists.",
            OperatorManagementErrorKind.InvalidOperatorId => zh ? "操作员号格式不正确" : "The operator number must be 1 to 16 ASCII letters or digits.",
            OperatorManagementErrorKind.PinRejected => zh ? "密码不符合密码规则" : "The initial PIN is refused by the PIN policy.",
            OperatorManagementErrorKind.RoleMismatch => zh ? "角色与操作员号不符" : "The role does not match the operator number (99 administrator, 00 supervisor, others operators).",
            OperatorManagementErrorKind.ConcurrentUpdate => zh ? "账户已被同时修改，请重试" : "The account was changed at the same time; nothing was changed.",
            OperatorManagementErrorKind.ActorNotAllowed => zh ? "当前操作员无效或已停用" : "The acting operator does not exist, is disabled, or has another role than claimed.",
            OperatorManagementErrorKind.PinChangeRequired => zh ? "请先修改您自己的密码" : "The acting operator must change their own PIN first.",
            _ => zh ? "操作失败" : "Operator management failed.",
        };
    }
}
