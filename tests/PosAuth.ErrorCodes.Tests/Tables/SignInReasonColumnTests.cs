namespace PosAuth.ErrorCodes.Tests.Tables;

/// <summary>The sign-in reason is a column of the code tables: named on the rows that say more, else by category, overridable.</summary>
public sealed class SignInReasonColumnTests
{
    private static readonly ErrorCodeClassifier BuiltIn = new();

    [Theory]
    [InlineData(ErrorSource.UnionPay, "77", SignInReason.BatchMismatch)]
    [InlineData(ErrorSource.UnionPay, "99", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.UnionPay, "A0", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Iso8583v1993, "126", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Iso8583v1993, "128", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Iso8583v1993, "916", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Iso8583v1993, "919", SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Transport, TransportCodes.ResponseMacInvalid, SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Device, DeviceCodes.PinKeyMissing, SignInReason.KeyExpired)]
    [InlineData(ErrorSource.Device, DeviceCodes.KeyCheckValueMismatch, SignInReason.KeyExpired)]
    [InlineData(ErrorSource.Device, DeviceCodes.MasterKeyMissing, SignInReason.KeyExpired)]
    [InlineData(ErrorSource.UnionPay, "22", SignInReason.HostDemanded)]
    [InlineData(ErrorSource.UnionPay, "A7", SignInReason.MacOrPinKeyError)] // a security error, by its category
    [InlineData(ErrorSource.Iso8583, "63", SignInReason.MacOrPinKeyError)]  // the same
    [InlineData(ErrorSource.Iso8583, "77", SignInReason.HostDemanded)]      // 77 says "batch" in UnionPay only
    [InlineData(ErrorSource.UnionPay, "ZZ", SignInReason.HostDemanded)]     // unknown
    public void Classify_GivesTheRowsSignInReason(ErrorSource source, string code, SignInReason expected) =>
        Assert.Equal(expected, BuiltIn.Classify(source, code).SignInReason);

    [Fact]
    public void EveryRowThatRequiresSignIn_HasAReason_AndEveryOtherRowItsCategorysReason()
    {
        foreach (ErrorSource source in Enum.GetValues<ErrorSource>())
        {
            foreach (ErrorClassification c in BuiltIn.GetKnownCodes(source))
            {
                Assert.True(Enum.IsDefined(c.SignInReason), $"{source} {c.Code}");
                if (!c.RequiresSignIn && c.Code != DeviceCodes.MasterKeyMissing)
                {
                    SignInReason byCategory = c.Category == ErrorCategory.SecurityError ? SignInReason.MacOrPinKeyError : SignInReason.HostDemanded;
                    Assert.True(byCategory == c.SignInReason, $"{source} {c.Code}: {c.SignInReason}");
                }
            }
        }
    }

    [Fact]
    public void Override_NamingAReason_ReplacesTheColumn()
    {
        ErrorCodeClassifier classifier = With(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "22", SignInReason = SignInReason.KeyExpired });

        ErrorClassification c = classifier.Classify(ErrorSource.UnionPay, "22");

        Assert.Equal(SignInReason.KeyExpired, c.SignInReason);
        Assert.Equal(BuiltIn.Classify(ErrorSource.UnionPay, "22").MessageEn, c.MessageEn); // the rest inherited
    }

    [Fact]
    public void Override_OfTheMessageOnly_KeepsTheReason()
    {
        ErrorCodeClassifier classifier = With(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "77", MessageZh = "批次号不符，请重新签到" });

        Assert.Equal(SignInReason.BatchMismatch, classifier.Classify(ErrorSource.UnionPay, "77").SignInReason);
    }

    [Fact]
    public void Override_OfTheCategory_KeepsAReasonTheRowNames_AndOtherwiseFollowsTheNewCategory()
    {
        ErrorCodeClassifier classifier = With(
            new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "77", Category = ErrorCategory.HostUnavailable },
            new ErrorCodeOverride { Source = ErrorSource.Iso8583, Code = "63", Category = ErrorCategory.HostUnavailable },
            new ErrorCodeOverride { Source = ErrorSource.Iso8583, Code = "20", Category = ErrorCategory.SecurityError });

        Assert.Equal(SignInReason.BatchMismatch, classifier.Classify(ErrorSource.UnionPay, "77").SignInReason);
        Assert.Equal(SignInReason.HostDemanded, classifier.Classify(ErrorSource.Iso8583, "63").SignInReason);
        Assert.Equal(SignInReason.MacOrPinKeyError, classifier.Classify(ErrorSource.Iso8583, "20").SignInReason);
        Assert.Equal(SignInReason.MacOrPinKeyError, classifier.Classify(ErrorSource.UnionPay, "20").SignInReason); // UnionPay falls back to ISO (no UnionPay row 20)
    }

    [Fact]
    public void Override_NewCode_TakesItsReasonFromItsCategoryUnlessItNamesOne()
    {
        ErrorCodeClassifier classifier = With(
            new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "B1", Category = ErrorCategory.SecurityError, Action = RecommendedAction.SignInAgain, MessageZh = "密钥错", MessageEn = "Key error" },
            new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "B2", Category = ErrorCategory.SignInRequired, Action = RecommendedAction.SignInAgain, MessageZh = "批次错", MessageEn = "Batch", SignInReason = SignInReason.BatchMismatch });

        Assert.Equal(SignInReason.MacOrPinKeyError, classifier.Classify(ErrorSource.UnionPay, "B1").SignInReason);
        Assert.Equal(SignInReason.BatchMismatch, classifier.Classify(ErrorSource.UnionPay, "B2").SignInReason);
    }

    [Fact]
    public void Override_FromJson_SetsTheReason()
    {
        IReadOnlyList<ErrorCodeOverride> entries = ErrorCodeOverrideJson.Parse(
            """{ "version": 1, "codes": [ { "source": "UnionPay", "code": "22", "signInReason": "batchmismatch" } ] }""");

        Assert.Equal(SignInReason.BatchMismatch, entries[0].SignInReason);
    }

    [Fact]
    public void Override_WithAnUndefinedReason_IsRejectedNamingTheField()
    {
        var options = new ErrorCodeOptions();
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "22", SignInReason = (SignInReason)42 });

        var ex = Assert.Throws<ErrorCodeOverrideException>(() => new ErrorCodeClassifier(options));

        Assert.Contains(ex.Errors, e => e.Contains("(code '22'): field 'signInReason' has an undefined value 42", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ErrorSource.UnionPay, "77", ErrorCategory.SignInRequired, SignInReason.BatchMismatch)]
    [InlineData(ErrorSource.Device, DeviceCodes.PinKeyMissing, ErrorCategory.SignInRequired, SignInReason.KeyExpired)]
    [InlineData(ErrorSource.UnionPay, "B7", ErrorCategory.SecurityError, SignInReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.UnionPay, "B7", ErrorCategory.SignInRequired, SignInReason.HostDemanded)]
    public void Constructor_WithoutAReason_TakesTheRowsForTheCode_ElseTheCategorys(ErrorSource source, string code, ErrorCategory category, SignInReason expected)
    {
        var c = new ErrorClassification(code, source, category, RecommendedAction.SignInAgain, true, true, UnionPayHandlingClass.None, "签到", "sign in");

        Assert.Equal(expected, c.SignInReason);
    }

    private static ErrorCodeClassifier With(params ErrorCodeOverride[] overrides)
    {
        var options = new ErrorCodeOptions();
        foreach (ErrorCodeOverride o in overrides)
        {
            options.Overrides.Add(o);
        }

        return new ErrorCodeClassifier(options);
    }
}
