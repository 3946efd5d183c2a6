namespace PosAuth.ErrorCodes.Tests.Overrides;

/// <summary>
/// What an acquirer's table must not slip past the reader: enum values that only look like one name (a flag
/// combination that happens to equal another member, a number), and an entry that says the same field twice.
/// Each is an error naming the entry, its code and the field, and the whole table is rejected.
/// </summary>
public sealed class ErrorCodeOverrideJsonStrictnessTests
{
    private static string Entry(string fields) =>
        $$"""{ "version": 1, "codes": [ { "source": "UnionPay", "code": "55", "messageEn": "ok" }, { "source": "UnionPay", "code": "C1", {{fields}} } ] }""";

    private static IReadOnlyList<string> Errors(string json) =>
        Assert.Throws<ErrorCodeOverrideException>(() => ErrorCodeOverrideJson.Parse(json)).Errors;

    [Theory]
    [InlineData("category", "\"Approved, WrongPin\"")] // 1 | 2 = 3 = PinTriesExceeded: a defined value, so Enum.IsDefined cannot see it
    [InlineData("category", "\"WrongPin,Approved\"")]
    [InlineData("action", "\"ReEnterPin, RetryNow\"")] // 1 | 2 = 3 = RetryLater
    [InlineData("cupClass", "\"A, B\"")]               // 1 | 2 = 3 = C
    [InlineData("signInReason", "\"BatchMismatch, MacOrPinKeyError\"")] // 1 | 2 = 3 = KeyExpired
    [InlineData("source", "\"Iso8583, UnionPay\"")]    // 0 | 1 = 1 = UnionPay
    public void Parse_FlagCombination_IsRejectedNamingTheEntry(string field, string value)
    {
        string json = field == "source"
            ? $$"""{ "version": 1, "codes": [ { "code": "55", "messageEn": "x", "source": {{value}} } ] }"""
            : Entry($"\"{field}\": {value}");

        IReadOnlyList<string> errors = Errors(json);

        string prefix = field == "source" ? "codes[0] (code '55'): field 'source'" : "codes[1] (code 'C1'): field '" + field + "'";
        Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal) && e.Contains("one name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("category", "3")]
    [InlineData("category", "\"3\"")]
    [InlineData("action", "4")]
    [InlineData("cupClass", "2")]
    [InlineData("signInReason", "3")]
    [InlineData("signInReason", "\"1\"")]
    [InlineData("category", "-1")]
    public void Parse_NumericEnumValue_IsRejectedNamingTheEntry(string field, string value)
    {
        IReadOnlyList<string> errors = Errors(Entry($"\"{field}\": {value}"));

        Assert.Contains(errors, e => e.StartsWith("codes[1] (code 'C1'): field '" + field + "'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NumericSource_IsRejected()
    {
        IReadOnlyList<string> errors = Errors("""{ "version": 1, "codes": [ { "source": 1, "code": "55", "messageEn": "x" } ] }""");

        Assert.Contains(errors, e => e.StartsWith("codes[0] (code '55'): field 'source'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"category\": \"CardIssue\", \"category\": \"WrongPin\"", "category")]
    [InlineData("\"messageZh\": \"一\", \"messageZh\": \"二\"", "messageZh")]
    [InlineData("\"action\": \"RetryNow\", \"Action\": \"RetryLater\"", "action")] // property names are case-insensitive, so this is the same field
    [InlineData("\"retryable\": true, \"retryable\": false", "retryable")]
    [InlineData("\"signInReason\": \"KeyExpired\", \"SignInReason\": \"HostDemanded\"", "signInReason")]
    public void Parse_DuplicateFieldInAnEntry_IsRejectedNamingTheEntry(string fields, string field)
    {
        IReadOnlyList<string> errors = Errors(Entry(fields));

        Assert.Contains(errors, e => e.StartsWith("codes[1] (code 'C1'): field '" + field + "' is given twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DuplicateCodeField_NamesTheEntryByIndex()
    {
        IReadOnlyList<string> errors = Errors("""{ "version": 1, "codes": [ { "source": "UnionPay", "code": "55", "code": "05", "messageEn": "x" } ] }""");

        Assert.Contains(errors, e => e.StartsWith("codes[0]", StringComparison.Ordinal) && e.Contains("field 'code' is given twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "version": 1, "version": 1, "codes": [] }""", "'version'")]
    [InlineData("""{ "version": 1, "codes": [], "codes": [ { "source": "UnionPay", "code": "55", "category": "Approved" } ] }""", "'codes'")]
    public void Parse_DuplicateTopLevelField_IsRejected(string json, string field)
    {
        IReadOnlyList<string> errors = Errors(json);

        Assert.Contains(errors, e => e.Contains(field + " is given twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"category\": \"cardissue\"", ErrorCategory.CardIssue)]
    [InlineData("\"category\": \"CARDISSUE\"", ErrorCategory.CardIssue)]
    [InlineData("\"category\": \"PinTriesExceeded\"", ErrorCategory.PinTriesExceeded)]
    public void Parse_SingleEnumName_AnyCase_IsStillAccepted(string fields, ErrorCategory expected)
    {
        IReadOnlyList<ErrorCodeOverride> entries = ErrorCodeOverrideJson.Parse(
            $$"""{ "version": 1, "codes": [ { "source": "unionpay", "code": "55", {{fields}} } ] }""");

        Assert.Equal(expected, entries[0].Category);
        Assert.Equal(ErrorSource.UnionPay, entries[0].Source);
    }

    [Theory]
    [InlineData("\"category\": \" CardIssue\"")]
    [InlineData("\"category\": \"CardIssue \"")]
    [InlineData("\"category\": \"\"")]
    [InlineData("\"category\": true")]
    [InlineData("\"category\": [\"CardIssue\"]")]
    public void Parse_EnumValueThatIsNotExactlyOneName_IsRejected(string fields)
    {
        IReadOnlyList<string> errors = Errors(Entry(fields));

        Assert.Contains(errors, e => e.StartsWith("codes[1] (code 'C1'): field 'category'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EveryProblem_IsListed_NotJustTheFirst()
    {
        IReadOnlyList<string> errors = Errors("""
            { "version": 1, "codes": [
              { "source": "UnionPay", "code": "55", "category": "Approved, WrongPin" },
              { "source": "UnionPay", "code": "05", "action": 3 },
              { "source": "UnionPay", "code": "12", "messageEn": "a", "messageEn": "b" }
            ] }
            """);

        Assert.Contains(errors, e => e.StartsWith("codes[0] (code '55'): field 'category'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("codes[1] (code '05'): field 'action'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("codes[2] (code '12'): field 'messageEn' is given twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_FlagCombination_NamesTheFileAndTheEntry()
    {
        string path = Path.Combine(Path.GetTempPath(), "posauth-ec-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "version": 1, "codes": [ { "source": "UnionPay", "code": "55", "category": "Approved, WrongPin" } ] }""");
        try
        {
            var ex = Assert.Throws<ErrorCodeOverrideException>(() => ErrorCodeOverrideJson.Load(path));

            Assert.Contains(ex.Errors, e => e.StartsWith(path + ": codes[0] (code '55'): field 'category'", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
