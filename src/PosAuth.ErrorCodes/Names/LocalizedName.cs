using System.Globalization;

namespace PosAuth.ErrorCodes;

/// <summary>
/// A display name in simplified Chinese and English, for example the words for a category
/// (<c>密码错误</c> / <c>wrong PIN</c>). The enum member name stays the machine-readable code.
/// </summary>
/// <param name="Zh">The simplified Chinese name.</param>
/// <param name="En">The English name.</param>
public readonly record struct LocalizedName(string Zh, string En)
{
    /// <summary>
    /// The name for a UI culture, chosen like <see cref="ErrorClassification.Message(CultureInfo?)"/>: simplified Chinese for
    /// <c>zh</c>, <c>zh-Hans</c>, <c>zh-CN</c>, <c>zh-SG</c> and their sub-cultures, English otherwise.
    /// </summary>
    /// <param name="culture">The culture; <see langword="null"/> means <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The name; never <see langword="null"/>.</returns>
    public string ForCulture(CultureInfo? culture = null) => For(DisplayLanguages.FromCulture(culture));

    /// <summary>The name in <paramref name="language"/>: <see cref="Zh"/> or <see cref="En"/> (no <see cref="CultureInfo"/> needed).</summary>
    /// <param name="language">The display language.</param>
    /// <returns>The name; never <see langword="null"/>.</returns>
    public string For(DisplayLanguage language) => language == DisplayLanguage.SimplifiedChinese ? Zh : En;

    /// <summary>Returns <see cref="En"/>.</summary>
    /// <returns>The English name.</returns>
    public override string ToString() => En;
}
