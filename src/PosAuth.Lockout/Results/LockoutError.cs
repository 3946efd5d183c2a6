using System.Globalization;

namespace PosAuth.Lockout;

/// <summary>
/// Why a lockout operation was refused: a stable machine <see cref="Code"/>, what happened (<see cref="Kind"/>) and a
/// description in English or Chinese. Never contains a PIN.
/// </summary>
public sealed class LockoutError
{
    private static readonly LockoutError InsufficientRoleInstance = new(LockoutErrorKind.InsufficientRole);

    private LockoutError(LockoutErrorKind kind) => Kind = kind;

    /// <summary>What went wrong.</summary>
    public LockoutErrorKind Kind { get; }

    /// <summary>The stable snake_case code, such as <c>insufficient_role</c>.</summary>
    public string Code => Kind switch
    {
        LockoutErrorKind.InsufficientRole => "insufficient_role",
        _ => "unknown",
    };

    /// <summary>A short English description.</summary>
    public string Description => GetDescription(CultureInfo.InvariantCulture);

    /// <summary>The error of <paramref name="kind"/> (for example in a test double of <see cref="ILockoutPolicy"/>).</summary>
    /// <param name="kind">What went wrong.</param>
    /// <returns>The error.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static LockoutError Create(LockoutErrorKind kind) => kind switch
    {
        LockoutErrorKind.InsufficientRole => InsufficientRoleInstance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The description: Simplified Chinese for a <c>zh</c> culture, English otherwise.</summary>
    /// <param name="culture">The UI culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>For example 权限不足，不能解锁.</returns>
    public string GetDescription(CultureInfo? culture = null)
    {
        bool zh = (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "zh";
        return Kind switch
        {
            LockoutErrorKind.InsufficientRole => zh ? "权限不足，不能解锁" : "Only a higher role, the administrator or the system may unlock this operator.",
            _ => zh ? "操作失败" : "The lockout operation failed.",
        };
    }

    /// <summary>Returns <c>code: description</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => $"{Code}: {Description}";
}
