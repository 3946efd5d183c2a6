using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.ErrorCodes.Tests;

public sealed class ErrorCodeClassifierTests
{
    private static readonly ErrorCodeClassifier Classifier = new();

    [Theory]
    [InlineData(ErrorSource.Iso8583)]
    [InlineData(ErrorSource.UnionPay)]
    public void Classify_55_IsWrongPinWithReEnterPin(ErrorSource source)
    {
        ErrorClassification c = Classifier.Classify(source, "55");

        Assert.Equal(ErrorCategory.WrongPin, c.Category);
        Assert.Equal(RecommendedAction.ReEnterPin, c.Action);
        Assert.True(c.IsRetryable);
        Assert.False(c.RequiresSignIn);
    }

    [Fact]
    public void Classify_Iso1993_117_IsWrongPin_And_106_IsPinTriesExceeded()
    {
        Assert.Equal(ErrorCategory.WrongPin, Classifier.Classify(ErrorSource.Iso8583v1993, "117").Category);
        Assert.Equal(ErrorCategory.PinTriesExceeded, Classifier.Classify(ErrorSource.Iso8583v1993, "106").Category);
        Assert.Equal(RecommendedAction.SignInAgain, Classifier.Classify(ErrorSource.Iso8583v1993, "126").Action);
    }

    [Theory]
    [InlineData(DeviceCodes.PinPadNotConnected)]
    [InlineData(DeviceCodes.PinPadFault)]
    [InlineData(DeviceCodes.PinEncryptionFailed)]
    public void Classify_PinPadDeviceError_IsDeviceFault(string code)
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.Device, code);

        Assert.Equal(ErrorCategory.DeviceFault, c.Category);
        Assert.Contains(c.Action, new[] { RecommendedAction.CheckDevice, RecommendedAction.ServiceDevice });
    }

    [Fact]
    public void Classify_TransportResponseTimeout_IsCommunicationWithRetryAction()
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.Transport, TransportCodes.ResponseTimeout);

        Assert.Contains(c.Category, new[] { ErrorCategory.Communication, ErrorCategory.HostUnavailable });
        Assert.Contains(c.Action, new[] { RecommendedAction.RetryNow, RecommendedAction.RetryLater });
        Assert.True(c.IsRetryable);
    }

    [Fact]
    public void Classify_TheThreeSeedCauses_LandInDifferentCategories()
    {
        ErrorCategory wrongPin = Classifier.Classify(ErrorSource.UnionPay, "55").Category;
        ErrorCategory device = Classifier.Classify(ErrorSource.Device, DeviceCodes.PinEncryptionFailed).Category;
        ErrorCategory network = Classifier.Classify(ErrorSource.Transport, TransportCodes.ResponseTimeout).Category;

        Assert.Equal(3, new[] { wrongPin, device, network }.Distinct().Count());
    }

    [Fact]
    public void Classify_UnionPay77_RequiresSignInAgain()
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.UnionPay, "77");

        Assert.Equal(ErrorCategory.SignInRequired, c.Category);
        Assert.Equal(RecommendedAction.SignInAgain, c.Action);
        Assert.True(c.RequiresSignIn);
        Assert.Equal(UnionPayHandlingClass.D, c.CupClass);
        Assert.Equal(ErrorSource.UnionPay, c.Source);
    }

    [Theory]
    [InlineData("A0")]
    [InlineData("99")]
    public void Classify_UnionPayMacOrPinFormatError_TellsToSignInAgainInChinese(string code)
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.UnionPay, code);

        Assert.Equal(RecommendedAction.SignInAgain, c.Action);
        Assert.Equal(UnionPayHandlingClass.B, c.CupClass);
        Assert.Contains("重新签到", c.MessageZh, StringComparison.Ordinal);
        Assert.Contains("重新签到", c.Message(new System.Globalization.CultureInfo("zh-CN")), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_UnionPayCodeNotRedefined_FallsBackToIso8583AsUnionPay()
    {
        ErrorClassification iso = Classifier.Classify(ErrorSource.Iso8583, "39");
        ErrorClassification cup = Classifier.Classify(ErrorSource.UnionPay, "39");

        Assert.Equal(iso.Category, cup.Category);
        Assert.Equal(iso.MessageEn, cup.MessageEn);
        Assert.Equal(ErrorSource.UnionPay, cup.Source);
        Assert.Equal(UnionPayHandlingClass.None, cup.CupClass);
    }

    [Fact]
    public void Classify_UnionPayOnlyCodes_AreUnknownForIso8583()
    {
        Assert.True(Classifier.Classify(ErrorSource.Iso8583, "77").IsUnknown);
        Assert.True(Classifier.Classify(ErrorSource.Iso8583, "A0").IsUnknown);
        Assert.False(Classifier.Classify(ErrorSource.UnionPay, "A0").IsUnknown);
    }

    [Theory]
    [InlineData("a0 ")]
    [InlineData(" A0")]
    [InlineData("\ta0\r\n")]
    public void Classify_NormalisesCaseAndSurroundingWhitespace(string input)
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.UnionPay, input);

        Assert.Same(Classifier.Classify(ErrorSource.UnionPay, "A0"), c);
        Assert.Equal("A0", c.Code);
    }

    [Fact]
    public void Classify_DeviceCodeInLowerCase_IsRecognised()
    {
        Assert.Equal(ErrorCategory.DeviceFault, Classifier.Classify(ErrorSource.Device, " pinpad_not_connected ").Category);
    }

    public static TheoryData<string?> BadInputs() => new()
    {
        null, "", "   ", "5", "555", "0 5", "5\u00005", "\u0001", "５５", "A0\u200b", "ＡＯ", new string('9', 1_000_000), "\ud800",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Classify_MissingOrMalformedCode_IsUnknownTransactionFailed(string? input)
    {
        foreach (ErrorSource source in Enum.GetValues<ErrorSource>())
        {
            ErrorClassification c = Classifier.Classify(source, input);

            Assert.Equal(ErrorCategory.Unknown, c.Category);
            Assert.Equal(RecommendedAction.ContactAcquirer, c.Action);
            Assert.Equal("交易失败", c.MessageZh);
            Assert.Equal("Transaction failed", c.MessageEn);
            Assert.Equal(source, c.Source);
            Assert.False(c.RequiresSignIn);
            Assert.True(c.Code.Length <= 32);
        }
    }

    [Fact]
    public void Classify_WellFormedUnknownCode_EchoesNormalisedCode()
    {
        ErrorClassification c = Classifier.Classify(ErrorSource.UnionPay, " zz ");

        Assert.True(c.IsUnknown);
        Assert.Equal("ZZ", c.Code);
        Assert.Equal("交易失败", c.MessageZh);
    }

    [Fact]
    public void Classify_MalformedCode_IsNotEchoed()
    {
        Assert.Equal(string.Empty, Classifier.Classify(ErrorSource.Iso8583, "5\u00005").Code);
        Assert.Equal(string.Empty, Classifier.Classify(ErrorSource.Iso8583, new string('x', 100)).Code);
    }

    [Fact]
    public void Classify_UndefinedSource_ReturnsUnknownWithoutThrowing()
    {
        ErrorClassification c = Classifier.Classify((ErrorSource)42, "55");

        Assert.True(c.IsUnknown);
        Assert.Equal("交易失败", c.MessageZh);
    }

    [Property]
    public Property Classify_AnyString_NeverThrowsAndAlwaysHasMessages()
    {
        return Prop.ForAll(
                ArbMap.Default.ArbFor<string>(),
                Gen.Elements(Enum.GetValues<ErrorSource>()).ToArbitrary(),
                (code, source) =>
                {
                    ErrorClassification c = Classifier.Classify(source, code);
                    return c.Source == source
                        && c.MessageZh.Length > 0
                        && c.MessageEn.Length > 0
                        && Enum.IsDefined(c.Category)
                        && (c.Category != ErrorCategory.Unknown || c.Action == RecommendedAction.ContactAcquirer);
                });
    }

    [Property]
    public Property Classify_AnyTwoCharacterCode_MatchesItsTrimmedUpperCaseForm()
    {
        Gen<string> codes =
            from a in Gen.Elements("0123456789ABCDEFabcdef".ToCharArray())
            from b in Gen.Elements("0123456789ABCDEFabcdef".ToCharArray())
            from pad in Gen.Elements("", " ", "\t", "  ")
            select pad + a + b + pad;

        return Prop.ForAll(
                codes.ToArbitrary(),
                code =>
                {
                    ErrorClassification c = Classifier.Classify(ErrorSource.UnionPay, code);
                    ErrorClassification canonical = Classifier.Classify(ErrorSource.UnionPay, code.Trim().ToUpperInvariant());
                    return c.Category == canonical.Category && c.Code == code.Trim().ToUpperInvariant();
                });
    }

    [Fact]
    public void Classify_SpanOverload_ReturnsSameInstanceAsStringOverload()
    {
        ReadOnlySpan<char> field39 = "xx55yy".AsSpan(2, 2);

        Assert.Same(Classifier.Classify(ErrorSource.Iso8583, "55"), Classifier.Classify(ErrorSource.Iso8583, field39));
    }

    [Fact]
    public void Classify_KnownCodes_AllocateNothing()
    {
        string[] inputs = ["55", "a0 ", " 77", "00"];
        string device = DeviceCodes.PinPadNotConnected;
        string transport = TransportCodes.ResponseTimeout;

        // Warm up (JIT, lazy tables).
        for (int i = 0; i < 10; i++)
        {
            Touch();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Touch();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        void Touch()
        {
            foreach (string s in inputs)
            {
                _ = Classifier.Classify(ErrorSource.UnionPay, s);
            }

            _ = Classifier.Classify(ErrorSource.Iso8583, "55");
            _ = Classifier.Classify(ErrorSource.Iso8583v1993, "117");
            _ = Classifier.Classify(ErrorSource.Device, device);
            _ = Classifier.Classify(ErrorSource.Transport, transport);
            _ = Classifier.Classify(ErrorSource.Iso8583, "55".AsSpan());
            _ = Classifier.Classify(ErrorSource.Iso8583, (string?)null);
            _ = Classifier.Classify(ErrorSource.Iso8583, "\u0001");
        }
    }

    [Fact]
    public void NewClassifiers_WithoutOverrides_ShareTheBuiltInInstances()
    {
        Assert.Same(new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "77"), new ErrorCodeClassifier(new ErrorCodeOptions()).Classify(ErrorSource.UnionPay, "77"));
    }

    [Fact]
    public void DeviceAndTransportConstants_AreAllInTheTables()
    {
        foreach ((Type type, ErrorSource source) in new[] { (typeof(DeviceCodes), ErrorSource.Device), (typeof(TransportCodes), ErrorSource.Transport) })
        {
            var constants = type.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
            Assert.NotEmpty(constants);
            Assert.All(constants, code => Assert.False(Classifier.Classify(source, code).IsUnknown, code));
            Assert.Equal(constants.Order(StringComparer.Ordinal), Classifier.GetKnownCodes(source).Select(c => c.Code));
        }
    }
}
