using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth.Operators;

/// <summary>
/// The outcome of an operator-management operation that returns no value: success, or a refusal with a stable
/// machine <see cref="Code"/> and a <see cref="Description"/> (in the style of ASP.NET Core Identity's
/// <c>IdentityResult</c>). A refusal changed nothing. Never contains a PIN or a PIN hash.
/// </summary>
public sealed class OperatorManagementResult
{
    private static readonly OperatorManagementResult SuccessInstance = new(null, []);

    private OperatorManagementResult(OperatorManagementError? error, IReadOnlyList<PinRejectionReason> pinRejections)
    {
        Error = error;
        PinRejections = pinRejections;
    }

    /// <summary>A successful result.</summary>
    public static OperatorManagementResult Success => SuccessInstance;

    /// <summary>Whether the operation succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the operation was refused; <see langword="null"/> on success.</summary>
    public OperatorManagementError? Error { get; }

    /// <summary>The stable machine code: <c>succeeded</c>, or the error's code such as <c>insufficient_role</c>.</summary>
    public string Code => CodeOf(Error);

    /// <summary>A short English description without secrets.</summary>
    public string Description => DescriptionOf(Error, CultureInfo.InvariantCulture);

    /// <summary>The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>. Empty otherwise.</summary>
    public IReadOnlyList<PinRejectionReason> PinRejections { get; }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <param name="pinRejections">The PIN policy's reasons, for <see cref="OperatorManagementError.PinRejected"/>.</param>
    /// <returns>The result.</returns>
    public static OperatorManagementResult Failed(OperatorManagementError error, IReadOnlyList<PinRejectionReason>? pinRejections = null) =>
        new(error, pinRejections ?? []);

    /// <summary>The stable machine code of <paramref name="error"/>, <c>succeeded</c> for <see langword="null"/>.</summary>
    /// <param name="error">The error, or <see langword="null"/> for success.</param>
    /// <returns>Its snake_case code.</returns>
    public static string CodeOf(OperatorManagementError? error) => error switch
    {
        null => "succeeded",
        OperatorManagementError.InsufficientRole => "insufficient_role",
        OperatorManagementError.ProtectedOperator => "protected_operator",
        OperatorManagementError.OperatorSignedIn => "operator_signed_in",
        OperatorManagementError.UnknownOperator => "unknown_operator",
        OperatorManagementError.AlreadyExists => "already_exists",
        OperatorManagementError.InvalidOperatorId => "invalid_operator_id",
        OperatorManagementError.PinRejected => "pin_rejected",
        OperatorManagementError.RoleMismatch => "role_mismatch",
        OperatorManagementError.ConcurrentUpdate => "concurrent_update",
        OperatorManagementError.ActorNotAllowed => "actor_not_allowed",
        OperatorManagementError.PinChangeRequired => "pin_change_required",
        _ => "unknown",
    };

    /// <summary>The description in the language of <paramref name="culture"/>: Simplified Chinese for any <c>zh</c> culture, English otherwise.</summary>
    /// <param name="culture">The UI culture; default: <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The localised description, without secrets.</returns>
    public string GetDescription(CultureInfo? culture = null) => DescriptionOf(Error, culture ?? CultureInfo.CurrentUICulture);

    /// <summary>Returns <c>succeeded</c> or <c>code: description</c> (no secrets).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Summary(Error, PinRejections);

    internal static string Summary(OperatorManagementError? error, IReadOnlyList<PinRejectionReason> pinRejections) =>
        error is null ? "succeeded"
        : pinRejections.Count == 0 ? $"{CodeOf(error)}: {DescriptionOf(error, CultureInfo.InvariantCulture)}"
        : $"{CodeOf(error)}: {DescriptionOf(error, CultureInfo.InvariantCulture)} ({string.Join(", ", pinRejections)})";

    internal static string DescriptionOf(OperatorManagementError? error, CultureInfo culture)
    {
        bool zh = culture.TwoLetterISOLanguageName == "zh";
        return error switch
        {
            null => zh ? "成功" : "Succeeded.",
            OperatorManagementError.InsufficientRole => zh ? "权限不足" : "The acting operator's role may not do this to the target.",
            OperatorManagementError.ProtectedOperator => zh ? "系统管理员和主管不能删除" : "The administrator (99) and the supervisor (00) cannot be deleted.",
            OperatorManagementError.OperatorSignedIn => zh ? "已签到的操作员不能删除" : "The signed-in operator cannot be deleted.",
            OperatorManagementError.UnknownOperator => zh ? "操作员不存在" : "There is no such operator.",
            OperatorManagementError.AlreadyExists => zh ? "操作员已存在" : "An operator with that number already exists.",
            OperatorManagementError.InvalidOperatorId => zh ? "操作员号格式不正确" : "The operator number must be 1 to 16 ASCII letters or digits.",
            OperatorManagementError.PinRejected => zh ? "密码不符合密码规则" : "The initial PIN is refused by the PIN policy.",
            OperatorManagementError.RoleMismatch => zh ? "角色与操作员号不符" : "The role does not match the operator number (99 administrator, 00 supervisor, others operators).",
            OperatorManagementError.ConcurrentUpdate => zh ? "账户已被同时修改，请重试" : "The account was changed at the same time; nothing was changed.",
            OperatorManagementError.ActorNotAllowed => zh ? "当前操作员无效或已停用" : "The acting operator does not exist, is disabled, or has another role than claimed.",
            OperatorManagementError.PinChangeRequired => zh ? "请先修改您自己的密码" : "The acting operator must change their own PIN first.",
            _ => zh ? "操作失败" : "Operator management failed.",
        };
    }
}
