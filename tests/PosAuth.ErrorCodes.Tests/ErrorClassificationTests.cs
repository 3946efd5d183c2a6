using System.Globalization;

namespace PosAuth.ErrorCodes.Tests;

public sealed class ErrorClassificationTests
{
    private static readonly ErrorClassification Sample = new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "55");

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hans-CN")]
    [InlineData("zh-SG")]
    [InlineData("zh")]
    public void Message_SimplifiedChineseCulture_ReturnsChinese(string culture)
    {
        Assert.Equal(Sample.MessageZh, Sample.Message(new CultureInfo(culture)));
        Assert.Contains("密码", Sample.Message(new CultureInfo(culture)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    [InlineData("zh-TW")]
    [InlineData("zh-Hant")]
    [InlineData("")]
    public void Message_OtherCulture_ReturnsEnglish(string culture)
    {
        Assert.Equal(Sample.MessageEn, Sample.Message(new CultureInfo(culture)));
    }

    [Fact]
    public void Message_NullCulture_UsesCurrentUICulture()
    {
        CultureInfo saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal(Sample.MessageZh, Sample.Message());
            CultureInfo.CurrentUICulture = new CultureInfo("en-GB");
            Assert.Equal(Sample.MessageEn, Sample.Message());
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void ToString_NamesSourceCodeCategoryAndAction()
    {
        Assert.Equal("UnionPay 55: WrongPin, ReEnterPin", Sample.ToString());
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new ErrorClassification(null!, ErrorSource.Device, ErrorCategory.Unknown, RecommendedAction.None, false, false, UnionPayHandlingClass.None, "a", "b"));
        Assert.Throws<ArgumentNullException>(() => new ErrorClassification("X", ErrorSource.Device, ErrorCategory.Unknown, RecommendedAction.None, false, false, UnionPayHandlingClass.None, null!, "b"));
    }
}
