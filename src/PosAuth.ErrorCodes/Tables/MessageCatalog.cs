using System.Globalization;
using System.Resources;

namespace PosAuth.ErrorCodes.Tables;

/// <summary>
/// Reads the message resources. <c>Resources/Messages.resx</c> (English) and <c>Resources/Messages.zh-Hans.resx</c>
/// (simplified Chinese) are both embedded in this assembly as culture-neutral resource sets, so no
/// <see cref="CultureInfo"/> for zh-Hans and no satellite probing is needed: the Chinese messages load in
/// trimmed, single-file and InvariantGlobalization apps alike.
/// </summary>
internal static class MessageCatalog
{
    private static readonly ResourceManager EnglishResources = new("PosAuth.ErrorCodes.Resources.Messages", typeof(MessageCatalog).Assembly);

    private static readonly ResourceManager ChineseResources = new("PosAuth.ErrorCodes.Resources.MessagesZhHans", typeof(MessageCatalog).Assembly);

    public static string English(string key) =>
        EnglishResources.GetString(key, CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("Missing English message resource " + key);

    public static string SimplifiedChinese(string key) =>
        ChineseResources.GetString(key, CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("Missing Chinese message resource " + key);
}
