namespace PosAuth.ErrorCodes.Tests.Overrides;

public sealed class ErrorCodeOptionsTests
{
    private static ErrorCodeClassifier With(params ErrorCodeOverride[] overrides)
    {
        var options = new ErrorCodeOptions();
        foreach (ErrorCodeOverride o in overrides)
        {
            options.Overrides.Add(o);
        }

        return new ErrorCodeClassifier(options);
    }

    [Fact]
    public void Override_AddsANewUnionPayCode()
    {
        ErrorCodeClassifier classifier = With(new ErrorCodeOverride
        {
            Source = ErrorSource.UnionPay,
            Code = "a8",
            Category = ErrorCategory.InvalidTransaction,
            Action = RecommendedAction.ContactAcquirer,
            CupClass = UnionPayHandlingClass.C,
            MessageZh = "未上送转入卡归属地信息",
            MessageEn = "Receiving card region missing",
        });

        ErrorClassification c = classifier.Classify(ErrorSource.UnionPay, "A8");

        Assert.Equal(ErrorCategory.InvalidTransaction, c.Category);
        Assert.Equal("A8", c.Code);
        Assert.Equal(UnionPayHandlingClass.C, c.CupClass);
        Assert.False(c.IsRetryable);
        Assert.Equal("未上送转入卡归属地信息", c.MessageZh);
        Assert.True(new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "A8").IsUnknown);
    }

    [Fact]
    public void Override_PartialEntry_InheritsTheBuiltInFields()
    {
        ErrorCodeClassifier classifier = With(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "A7", MessageZh = "安全处理失败，请重新签到", Action = RecommendedAction.SignInAgain });

        ErrorClassification c = classifier.Classify(ErrorSource.UnionPay, "A7");
        ErrorClassification builtIn = new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "A7");

        Assert.Equal(RecommendedAction.SignInAgain, c.Action);
        Assert.True(c.RequiresSignIn);
        Assert.Equal(builtIn.Category, c.Category);
        Assert.Equal(builtIn.CupClass, c.CupClass);
        Assert.Equal(builtIn.MessageEn, c.MessageEn);
        Assert.Equal("安全处理失败，请重新签到", c.MessageZh);
    }

    [Fact]
    public void Precedence_UnionPayOverride_BeatsBuiltInUnionPay_BeatsIso8583()
    {
        ErrorCodeClassifier classifier = With(
            new ErrorCodeOverride { Source = ErrorSource.Iso8583, Code = "55", MessageEn = "ISO override" },
            new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "05", MessageEn = "CUP override" },
            new ErrorCodeOverride { Source = ErrorSource.Iso8583, Code = "39", MessageEn = "ISO override 39" });

        // An ISO override changes ISO 55 but not UnionPay 55, which UnionPay defines itself.
        Assert.Equal("ISO override", classifier.Classify(ErrorSource.Iso8583, "55").MessageEn);
        Assert.Equal(new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "55").MessageEn, classifier.Classify(ErrorSource.UnionPay, "55").MessageEn);

        // A UnionPay override beats the built-in UnionPay entry and leaves ISO alone.
        Assert.Equal("CUP override", classifier.Classify(ErrorSource.UnionPay, "05").MessageEn);
        Assert.NotEqual("CUP override", classifier.Classify(ErrorSource.Iso8583, "05").MessageEn);

        // UnionPay falls back to the (overridden) ISO entry for codes it does not redefine.
        Assert.Equal("ISO override 39", classifier.Classify(ErrorSource.UnionPay, "39").MessageEn);
        Assert.Equal(ErrorSource.UnionPay, classifier.Classify(ErrorSource.UnionPay, "39").Source);
    }

    [Fact]
    public void Override_ReplacingKnownCodes_StillAllocatesNothingPerCall()
    {
        ErrorCodeClassifier classifier = With(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "55", MessageEn = "x" });
        _ = classifier.Classify(ErrorSource.UnionPay, "55");

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = classifier.Classify(ErrorSource.UnionPay, "55");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void InvalidEntries_AreAllReportedWithIndexCodeAndField()
    {
        var options = new ErrorCodeOptions();
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "55", MessageEn = "fine" });
        options.Overrides.Add(new ErrorCodeOverride { Code = "12" });
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.Iso8583v1993, Code = "12" });
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "B9", Category = ErrorCategory.CardIssue });
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.UnionPay, Code = "55", MessageZh = "dup" });
        options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.Device, Code = "PRINTER_FAULT", MessageZh = "bad\nline", Action = (RecommendedAction)99 });

        var ex = Assert.Throws<ErrorCodeOverrideException>(() => new ErrorCodeClassifier(options));

        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[1] (code '12')", StringComparison.Ordinal) && e.Contains("'source'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[2] (code '12')", StringComparison.Ordinal) && e.Contains("'code'", StringComparison.Ordinal) && e.Contains("three digits", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[3] (code 'B9')", StringComparison.Ordinal) && e.Contains("'action' is required", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[3] (code 'B9')", StringComparison.Ordinal) && e.Contains("'messageZh' is required", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[4] (code '55')", StringComparison.Ordinal) && e.Contains("duplicate", StringComparison.Ordinal) && e.Contains("Overrides[0]", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[5] (code 'PRINTER_FAULT')", StringComparison.Ordinal) && e.Contains("'messageZh'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Overrides[5] (code 'PRINTER_FAULT')", StringComparison.Ordinal) && e.Contains("'action'", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.StartsWith("Overrides[0]", StringComparison.Ordinal));
        Assert.Contains("Overrides[3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverrideFile_IsReadAndCombinedWithOptionEntries()
    {
        string path = Path.Combine(Path.GetTempPath(), "posauth-errorcodes-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "version": 1, "codes": [ { "source": "UnionPay", "code": "C1", "category": "SignInRequired", "action": "SignInAgain", "messageZh": "受理方状态非法，请重新签到", "messageEn": "Acquirer state invalid; sign in again" } ] }""");
        try
        {
            var options = new ErrorCodeOptions { OverrideFilePath = path };
            options.Overrides.Add(new ErrorCodeOverride { Source = ErrorSource.Device, Code = DeviceCodes.PrinterFault, MessageEn = "Printer broken" });

            var classifier = new ErrorCodeClassifier(options);

            ErrorClassification c1 = classifier.Classify(ErrorSource.UnionPay, "c1");
            Assert.True(c1.RequiresSignIn);
            Assert.True(c1.IsRetryable);
            Assert.Equal("Printer broken", classifier.Classify(ErrorSource.Device, DeviceCodes.PrinterFault).MessageEn);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OverrideFile_Missing_IsReportedWithItsPath()
    {
        string path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid().ToString("N") + ".json");

        var ex = Assert.Throws<ErrorCodeOverrideException>(() => new ErrorCodeClassifier(new ErrorCodeOptions { OverrideFilePath = path }));

        Assert.Contains(ex.Errors, e => e.Contains(path, StringComparison.Ordinal) && e.Contains("cannot be read", StringComparison.Ordinal));
    }
}
