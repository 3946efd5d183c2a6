using System.Globalization;
using System.Text.RegularExpressions;

namespace PosAuth.ErrorCodes.Tests.Names;

public sealed partial class ErrorCodeNamesTests
{
    public static TheoryData<string, int, string, string> EveryName()
    {
        var data = new TheoryData<string, int, string, string>();
        foreach (ErrorCategory v in Enum.GetValues<ErrorCategory>())
        {
            Add(data, nameof(ErrorCategory), (int)v, ErrorCodeNames.Of(v));
        }

        foreach (RecommendedAction v in Enum.GetValues<RecommendedAction>())
        {
            Add(data, nameof(RecommendedAction), (int)v, ErrorCodeNames.Of(v));
        }

        foreach (ErrorSource v in Enum.GetValues<ErrorSource>())
        {
            Add(data, nameof(ErrorSource), (int)v, ErrorCodeNames.Of(v));
        }

        foreach (UnionPayHandlingClass v in Enum.GetValues<UnionPayHandlingClass>())
        {
            Add(data, nameof(UnionPayHandlingClass), (int)v, ErrorCodeNames.Of(v));
        }

        return data;

        static void Add(TheoryData<string, int, string, string> data, string type, int value, LocalizedName name) => data.Add(type, value, name.Zh, name.En);
    }

    [Theory]
    [MemberData(nameof(EveryName))]
    public void EveryMember_HasAChineseNameWithoutEnglishWords_AndAnEnglishNameWithoutChinese(string type, int value, string zh, string en)
    {
        Assert.False(string.IsNullOrWhiteSpace(zh), $"{type} {value}");
        Assert.False(string.IsNullOrWhiteSpace(en), $"{type} {value}");
        Assert.DoesNotMatch(Cjk(), en);
        // Latin letters in Chinese only as codes: the acronyms PIN and ISO, and the class letter of a UnionPay class.
        string withoutCodes = AllowedCodes().Replace(zh, string.Empty);
        Assert.DoesNotMatch(LatinLetter(), withoutCodes);
        if (type != nameof(ErrorSource) || value is not (0 or 2))
        {
            Assert.Matches(Cjk(), zh); // the two ISO standards are named the same in both languages
        }
    }

    [Fact]
    public void Names_AreDistinctWithinEachEnum()
    {
        AssertDistinct(Enum.GetValues<ErrorCategory>().Select(ErrorCodeNames.Of));
        AssertDistinct(Enum.GetValues<RecommendedAction>().Select(ErrorCodeNames.Of));
        AssertDistinct(Enum.GetValues<ErrorSource>().Select(ErrorCodeNames.Of));
        AssertDistinct(Enum.GetValues<UnionPayHandlingClass>().Select(ErrorCodeNames.Of));

        static void AssertDistinct(IEnumerable<LocalizedName> names)
        {
            LocalizedName[] all = [.. names];
            Assert.Equal(all.Length, all.Select(n => n.Zh).Distinct().Count());
            Assert.Equal(all.Length, all.Select(n => n.En).Distinct().Count());
        }
    }

    [Fact]
    public void Enums_AreNumberedWithoutGaps_SoEveryValueHasItsOwnName()
    {
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<ErrorCategory>().Length), Enum.GetValues<ErrorCategory>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<RecommendedAction>().Length), Enum.GetValues<RecommendedAction>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<ErrorSource>().Length), Enum.GetValues<ErrorSource>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<UnionPayHandlingClass>().Length), Enum.GetValues<UnionPayHandlingClass>().Select(v => (int)v));
    }

    [Fact]
    public void KnownNames()
    {
        Assert.Equal(new LocalizedName("需要重新签到", "sign-in required"), ErrorCodeNames.Of(ErrorCategory.SignInRequired));
        Assert.Equal(new LocalizedName("终端重新签到", "sign the terminal in again"), ErrorCodeNames.Of(RecommendedAction.SignInAgain));
        Assert.Equal("密码错误", ErrorCodeNames.Of(ErrorCategory.WrongPin).Zh);
        Assert.Equal("银联", ErrorCodeNames.Of(ErrorSource.UnionPay).Zh);
        Assert.StartsWith("D 类", ErrorCodeNames.Of(UnionPayHandlingClass.D).Zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "密码错误")]
    [InlineData("zh-Hans-SG", "密码错误")]
    [InlineData("zh-TW", "wrong PIN")]
    [InlineData("en-US", "wrong PIN")]
    [InlineData("", "wrong PIN")]
    public void ForCulture_PicksTheLanguageLikeMessages(string culture, string expected)
    {
        Assert.Equal(expected, ErrorCodeNames.Of(ErrorCategory.WrongPin).ForCulture(CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void UndefinedValue_IsNamedByItsNumber_NeverThrows()
    {
        Assert.Equal(new LocalizedName("99", "99"), ErrorCodeNames.Of((ErrorCategory)99));
        Assert.Equal(new LocalizedName("-1", "-1"), ErrorCodeNames.Of((RecommendedAction)(-1)));
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex LatinLetter();

    [GeneratedRegex(@"\bPIN\b|\bISO\b|^[A-E](?= 类)")]
    private static partial Regex AllowedCodes();
}
