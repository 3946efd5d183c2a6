using PosAuth.ErrorCodes.Tables;

namespace PosAuth.ErrorCodes.Tests.Tables;

public sealed class BuiltInTablesTests
{
    private static readonly ErrorCodeClassifier Classifier = new();

    public static TheoryData<ErrorSource, string> EveryBuiltInCode()
    {
        var data = new TheoryData<ErrorSource, string>();
        foreach (BuiltInEntry e in BuiltInTables.Entries)
        {
            data.Add(e.Source, e.Code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryBuiltInCode))]
    public void EveryCode_HasCategoryActionAndBothMessages(ErrorSource source, string code)
    {
        ErrorClassification c = Classifier.Classify(source, code);

        Assert.False(c.IsUnknown);
        Assert.Equal(code, c.Code);
        Assert.Equal(source, c.Source);
        Assert.True(Enum.IsDefined(c.Category));
        Assert.True(Enum.IsDefined(c.Action));
        Assert.False(string.IsNullOrWhiteSpace(c.MessageEn));
        Assert.False(string.IsNullOrWhiteSpace(c.MessageZh));
        Assert.Contains(c.MessageZh, ch => ch is >= '\u4e00' and <= '\u9fff');
        Assert.DoesNotContain(c.MessageEn, ch => ch is >= '\u4e00' and <= '\u9fff');
        Assert.NotEqual(c.MessageEn, c.MessageZh);
        Assert.True(CodeNormalizer.HasValidShape(source, code));
    }

    [Theory]
    [MemberData(nameof(EveryBuiltInCode))]
    public void EveryCode_SignInFlagMatchesSignInAction_AndApprovalsNeedNoRetry(ErrorSource source, string code)
    {
        ErrorClassification c = Classifier.Classify(source, code);

        Assert.Equal(c.Action == RecommendedAction.SignInAgain, c.RequiresSignIn);
        Assert.Equal(c.Category == ErrorCategory.SignInRequired, c.RequiresSignIn);
        if (c.Category == ErrorCategory.Approved)
        {
            Assert.False(c.IsRetryable);
        }
    }

    [Fact]
    public void UnionPayTable_GivesEveryOwnEntryAHandlingClass_AndOtherSourcesNone()
    {
        foreach (BuiltInEntry e in BuiltInTables.Entries)
        {
            if (e.Source == ErrorSource.UnionPay)
            {
                Assert.NotEqual(UnionPayHandlingClass.None, e.CupClass);
                Assert.Equal(e.CupClass == UnionPayHandlingClass.A, e.Category == ErrorCategory.Approved);
            }
            else
            {
                Assert.Equal(UnionPayHandlingClass.None, e.CupClass);
            }
        }
    }

    [Fact]
    public void Tables_CoverTheDomainNotesAndIso1987()
    {
        string[] iso1987 =
        [
            "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
            "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
            "40", "41", "42", "43", "44", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63", "64", "65",
            "66", "67", "68", "75", "90", "91", "92", "93", "94", "95", "96",
        ];
        string[] unionPay =
        [
            "00", "01", "02", "03", "04", "05", "06", "07", "09", "12", "13", "14", "15", "22", "25", "30", "31", "33", "34", "35",
            "36", "37", "38", "40", "41", "43", "51", "54", "55", "57", "58", "61", "65", "68", "75", "77", "79", "90", "91", "92",
            "94", "96", "97", "98", "99", "A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7",
        ];
        string[] iso1993 = ["000", "001", "002", "100", "106", "117", "126", "200", "206", "909", "911", "916"];

        Assert.All(iso1987, c => Assert.Contains(BuiltInTables.Entries, e => e.Source == ErrorSource.Iso8583 && e.Code == c));
        Assert.All(unionPay, c => Assert.Contains(BuiltInTables.Entries, e => e.Source == ErrorSource.UnionPay && e.Code == c));
        Assert.All(iso1993, c => Assert.Contains(BuiltInTables.Entries, e => e.Source == ErrorSource.Iso8583v1993 && e.Code == c));
    }

    [Theory]
    [InlineData("00", UnionPayHandlingClass.A)]
    [InlineData("06", UnionPayHandlingClass.E)]
    [InlineData("09", UnionPayHandlingClass.B)]
    [InlineData("14", UnionPayHandlingClass.B)]
    [InlineData("38", UnionPayHandlingClass.D)]
    [InlineData("55", UnionPayHandlingClass.C)]
    [InlineData("97", UnionPayHandlingClass.D)]
    [InlineData("98", UnionPayHandlingClass.E)]
    [InlineData("99", UnionPayHandlingClass.B)]
    public void UnionPayClasses_MatchTheSpecificationAppendix(string code, UnionPayHandlingClass expected)
    {
        Assert.Equal(expected, Classifier.Classify(ErrorSource.UnionPay, code).CupClass);
    }

    [Fact]
    public void MessageResources_ExistInBothLanguagesForEveryKey()
    {
        foreach (BuiltInEntry e in BuiltInTables.Entries.Append(new BuiltInEntry(ErrorSource.Device, "X", ErrorCategory.Unknown, RecommendedAction.None, false, false, UnionPayHandlingClass.None, BuiltInTables.UnknownMessageKey)))
        {
            string zh = MessageCatalog.SimplifiedChinese(e.MessageKey);
            string en = MessageCatalog.English(e.MessageKey);
            Assert.NotEqual(en, zh);
            Assert.Contains(zh, ch => ch is >= '\u4e00' and <= '\u9fff');
        }
    }

    [Fact]
    public void BuiltInEntries_AreUniquePerSource()
    {
        var duplicates = BuiltInTables.Entries.GroupBy(e => (e.Source, e.Code)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }
}
