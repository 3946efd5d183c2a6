namespace PosAuth;

/// <summary>
/// The language of the words PosAuth shows a person (screen texts, descriptions, error-code messages). Every text API
/// takes one explicitly, so simplified Chinese works where a <c>zh-CN</c> <see cref="System.Globalization.CultureInfo"/>
/// cannot even be created (apps published with <c>InvariantGlobalization</c>, common on Linux POS images). Codes stay
/// codes in every language.
/// </summary>
public enum DisplayLanguage
{
    /// <summary>English (the default, and the language of every <c>Description</c> property).</summary>
    English = 0,

    /// <summary>Simplified Chinese (zh-CN, zh-Hans, zh-SG): the usual terminal display.</summary>
    SimplifiedChinese = 1,
}
