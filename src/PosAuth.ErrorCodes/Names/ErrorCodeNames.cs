using PosAuth.ErrorCodes.Tables;

namespace PosAuth.ErrorCodes;

/// <summary>
/// The words for the codes a classification carries (category, action, source, UnionPay class), in simplified Chinese
/// and English, from the same message resources as the response-code texts. Use them to show a person what
/// <see cref="ErrorCategory.SignInRequired"/> means (需要重新签到 / sign-in required); keep the member name for machines.
/// </summary>
public static class ErrorCodeNames
{
    private static readonly LocalizedName[] Categories = Build<ErrorCategory>("Category_");
    private static readonly LocalizedName[] Actions = Build<RecommendedAction>("Action_");
    private static readonly LocalizedName[] Sources = Build<ErrorSource>("Source_");
    private static readonly LocalizedName[] CupClasses = Build<UnionPayHandlingClass>("CupClass_");

    /// <summary>The name of a category, e.g. 密码错误 / wrong PIN.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The name; an undefined value is named by its number in both languages.</returns>
    public static LocalizedName Of(ErrorCategory category) => Pick(Categories, (int)category);

    /// <summary>The name of an action, e.g. 终端重新签到 / sign the terminal in again.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The name; an undefined value is named by its number in both languages.</returns>
    public static LocalizedName Of(RecommendedAction action) => Pick(Actions, (int)action);

    /// <summary>The name of a source, e.g. 银联 / UnionPay (CUPS).</summary>
    /// <param name="source">The source.</param>
    /// <returns>The name; an undefined value is named by its number in both languages.</returns>
    public static LocalizedName Of(ErrorSource source) => Pick(Sources, (int)source);

    /// <summary>The name of a UnionPay handling class, e.g. D 类：失败，需操作员处理 / D: failed, the operator must act.</summary>
    /// <param name="cupClass">The class.</param>
    /// <returns>The name; an undefined value is named by its number in both languages.</returns>
    public static LocalizedName Of(UnionPayHandlingClass cupClass) => Pick(CupClasses, (int)cupClass);

    private static LocalizedName Pick(LocalizedName[] names, int value)
    {
        if ((uint)value < (uint)names.Length)
        {
            return names[value];
        }

        string number = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new LocalizedName(number, number);
    }

    // The enums are numbered 0..n-1 without gaps (the tests check it), so a value indexes its name.
    private static LocalizedName[] Build<TEnum>(string prefix)
        where TEnum : struct, Enum
    {
        string[] names = Enum.GetNames<TEnum>();
        var result = new LocalizedName[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            result[i] = new LocalizedName(MessageCatalog.SimplifiedChinese(prefix + names[i]), MessageCatalog.English(prefix + names[i]));
        }

        return result;
    }
}
