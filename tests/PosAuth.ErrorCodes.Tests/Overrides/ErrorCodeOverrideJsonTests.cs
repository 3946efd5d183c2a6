namespace PosAuth.ErrorCodes.Tests.Overrides;

public sealed class ErrorCodeOverrideJsonTests
{
    [Fact]
    public void Parse_ValidDocument_ReturnsEntriesWithEnumsByName()
    {
        const string json = """
            {
              // comments and trailing commas are accepted
              "version": 1,
              "codes": [
                { "source": "UnionPay", "code": "A8", "category": "InvalidTransaction", "action": "ContactAcquirer",
                  "retryable": false, "requiresSignIn": false, "cupClass": "C",
                  "messageZh": "未上送转入卡归属地信息", "messageEn": "Receiving card region missing" },
                { "source": "iso8583", "code": "55", "messageEn": "Wrong PIN, please re-enter" },
              ]
            }
            """;

        IReadOnlyList<ErrorCodeOverride> entries = ErrorCodeOverrideJson.Parse(json);

        Assert.Equal(2, entries.Count);
        Assert.Equal(ErrorSource.UnionPay, entries[0].Source);
        Assert.Equal(UnionPayHandlingClass.C, entries[0].CupClass);
        Assert.Equal(ErrorSource.Iso8583, entries[1].Source);
        Assert.Null(entries[1].Category);

        var options = new ErrorCodeOptions();
        foreach (ErrorCodeOverride e in entries)
        {
            options.Overrides.Add(e);
        }

        Assert.Equal("Wrong PIN, please re-enter", new ErrorCodeClassifier(options).Classify(ErrorSource.Iso8583, "55").MessageEn);
    }

    [Theory]
    [InlineData("""{ "version": 1, "codes": [ { "source": "UnionPay", "code": "A8", "category": "NoSuchCategory" } ] }""", "codes[0] (code 'A8'): field 'category' must be exactly one name")]
    [InlineData("""{ "version": 1, "codes": [ { "source": "UnionPay", "code": "55", "colour": "red" } ] }""", "colour")]
    [InlineData("""{ "version": 1, "codes": [ """, "line")]
    [InlineData("""null""", "empty")]
    [InlineData("""{ "version": 1 }""", "'codes'")]
    [InlineData("""{ "version": 2, "codes": [] }""", "'version'")]
    public void Parse_MalformedDocument_ThrowsNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<ErrorCodeOverrideException>(() => ErrorCodeOverrideJson.Parse(json));

        Assert.Contains(ex.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_InvalidEntries_NameIndexCodeAndField()
    {
        const string json = """
            { "version": 1, "codes": [
              { "source": "UnionPay", "code": "55", "messageEn": "ok" },
              { "source": "UnionPay", "code": "ZZZ", "category": "CardIssue" },
              { "source": "Device", "code": "NEW_CODE", "category": "DeviceFault", "action": "ServiceDevice", "messageEn": "New" }
            ] }
            """;

        var ex = Assert.Throws<ErrorCodeOverrideException>(() => ErrorCodeOverrideJson.Parse(json));

        Assert.Contains(ex.Errors, e => e.StartsWith("codes[1] (code 'ZZZ'): field 'code'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("codes[2] (code 'NEW_CODE'): field 'messageZh' is required", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.StartsWith("codes[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_File_NamesTheFileInErrors()
    {
        string path = Path.Combine(Path.GetTempPath(), "posauth-ec-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "version": 1, "codes": [ { "source": "Transport", "code": "bad code" } ] }""");
        try
        {
            var ex = Assert.Throws<ErrorCodeOverrideException>(() => ErrorCodeOverrideJson.Load(path));

            Assert.Contains(ex.Errors, e => e.StartsWith(path + ": codes[0] (code 'bad code')", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
