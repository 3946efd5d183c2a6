using System.Collections.Frozen;
using PosAuth.ErrorCodes.Overrides;

namespace PosAuth.ErrorCodes.Tables;

/// <summary>
/// The effective lookup tables, one frozen dictionary per source, built once. Precedence, lowest first:
/// built-in ISO 8583, ISO 8583 overrides; for <see cref="ErrorSource.UnionPay"/> those, then built-in
/// UnionPay, then UnionPay overrides. Other sources: built-in, then overrides.
/// </summary>
internal sealed class CodeTables
{
    private const int SourceCount = (int)ErrorSource.Transport + 1;

    private static readonly Lazy<CodeTables> LazyBuiltIn = new(() => Build([]));

    private readonly FrozenDictionary<string, ErrorClassification>[] _tables;

    private CodeTables(FrozenDictionary<string, ErrorClassification>[] tables, ErrorClassification[] unknown)
    {
        _tables = tables;
        Unknown = unknown;
        Lookups = new FrozenDictionary<string, ErrorClassification>.AlternateLookup<ReadOnlySpan<char>>[SourceCount];
        Sorted = new ErrorClassification[SourceCount][];
        for (int i = 0; i < SourceCount; i++)
        {
            Lookups[i] = tables[i].GetAlternateLookup<ReadOnlySpan<char>>();
            Sorted[i] = [.. tables[i].Values.OrderBy(c => c.Code, StringComparer.Ordinal)];
        }
    }

    public static CodeTables BuiltIn => LazyBuiltIn.Value;

    /// <summary>Span-keyed lookups, indexed by source.</summary>
    public FrozenDictionary<string, ErrorClassification>.AlternateLookup<ReadOnlySpan<char>>[] Lookups { get; }

    /// <summary>The shared unknown classification (empty code), indexed by source.</summary>
    public ErrorClassification[] Unknown { get; }

    /// <summary>Every known code, sorted, indexed by source.</summary>
    public ErrorClassification[][] Sorted { get; }

    public bool Contains(ErrorSource source, string normalizedCode) => _tables[(int)source].ContainsKey(normalizedCode);

    /// <summary>Builds the tables; the overrides must already be validated.</summary>
    public static CodeTables Build(IReadOnlyList<ErrorCodeOverride> overrides)
    {
        var builtIn = new Dictionary<string, ErrorClassification>[SourceCount];
        for (int i = 0; i < SourceCount; i++)
        {
            builtIn[i] = new Dictionary<string, ErrorClassification>(StringComparer.Ordinal);
        }

        foreach (BuiltInEntry e in BuiltInTables.Entries)
        {
            builtIn[(int)e.Source].Add(e.Code, new ErrorClassification(
                e.Code, e.Source, e.Category, e.Action, e.IsRetryable, e.RequiresSignIn, e.CupClass,
                MessageCatalog.SimplifiedChinese(e.MessageKey), MessageCatalog.English(e.MessageKey),
                e.SignInReason ?? SignInReasons.ByCategory(e.Category)));
        }

        var effective = new Dictionary<string, ErrorClassification>[SourceCount];
        effective[(int)ErrorSource.Iso8583] = Apply(builtIn[(int)ErrorSource.Iso8583], ErrorSource.Iso8583, overrides);

        var unionPay = new Dictionary<string, ErrorClassification>(StringComparer.Ordinal);
        foreach (var pair in effective[(int)ErrorSource.Iso8583])
        {
            unionPay[pair.Key] = pair.Value.WithSource(ErrorSource.UnionPay);
        }

        foreach (var pair in builtIn[(int)ErrorSource.UnionPay])
        {
            unionPay[pair.Key] = pair.Value;
        }

        effective[(int)ErrorSource.UnionPay] = Apply(unionPay, ErrorSource.UnionPay, overrides);
        foreach (ErrorSource s in (ReadOnlySpan<ErrorSource>)[ErrorSource.Iso8583v1993, ErrorSource.Device, ErrorSource.Transport])
        {
            effective[(int)s] = Apply(builtIn[(int)s], s, overrides);
        }

        string unknownZh = MessageCatalog.SimplifiedChinese(BuiltInTables.UnknownMessageKey);
        string unknownEn = MessageCatalog.English(BuiltInTables.UnknownMessageKey);
        var unknown = new ErrorClassification[SourceCount];
        var frozen = new FrozenDictionary<string, ErrorClassification>[SourceCount];
        for (int i = 0; i < SourceCount; i++)
        {
            unknown[i] = CreateUnknown((ErrorSource)i, unknownZh, unknownEn);
            frozen[i] = effective[i].ToFrozenDictionary(StringComparer.Ordinal);
        }

        return new CodeTables(frozen, unknown);
    }

    public static ErrorClassification CreateUnknown(ErrorSource source, string messageZh, string messageEn) =>
        new(string.Empty, source, ErrorCategory.Unknown, RecommendedAction.ContactAcquirer, false, false, UnionPayHandlingClass.None, messageZh, messageEn,
            SignInReasons.ByCategory(ErrorCategory.Unknown));

    private static Dictionary<string, ErrorClassification> Apply(Dictionary<string, ErrorClassification> baseTable, ErrorSource source, IReadOnlyList<ErrorCodeOverride> overrides)
    {
        var result = new Dictionary<string, ErrorClassification>(baseTable, StringComparer.Ordinal);
        foreach (ErrorCodeOverride o in overrides)
        {
            if (o.Source != source || OverrideValidator.NormalizeCode(o.Code) is not { } code)
            {
                continue;
            }

            result.TryGetValue(code, out ErrorClassification? b);
            RecommendedAction action = o.Action ?? b?.Action ?? RecommendedAction.ContactAcquirer;
            ErrorCategory category = o.Category ?? b?.Category ?? ErrorCategory.Unknown;
            result[code] = new ErrorClassification(
                code,
                source,
                category,
                action,
                o.Retryable ?? b?.IsRetryable ?? DefaultRetryable(action),
                o.RequiresSignIn ?? (o.Action is { } a ? a == RecommendedAction.SignInAgain : b?.RequiresSignIn ?? false),
                o.CupClass ?? b?.CupClass ?? UnionPayHandlingClass.None,
                o.MessageZh ?? b?.MessageZh ?? string.Empty,
                o.MessageEn ?? b?.MessageEn ?? string.Empty,
                SignInReasonOf(o, b, source, code, category));
        }

        return result;
    }

    /// <summary>
    /// The override's reason; else, when it keeps the category, the base row's; else the reason the built-in row of this
    /// code names; else the new category's. Without a reason in any override, every code keeps the reason it had.
    /// </summary>
    private static SignInReason SignInReasonOf(ErrorCodeOverride o, ErrorClassification? b, ErrorSource source, string code, ErrorCategory category) =>
        o.SignInReason
        ?? (o.Category is null ? b?.SignInReason : null)
        ?? SignInReasons.Default(source, code, category);

    private static bool DefaultRetryable(RecommendedAction action) => action is RecommendedAction.ReEnterPin
        or RecommendedAction.RetryNow or RecommendedAction.RetryLater or RecommendedAction.SignInAgain
        or RecommendedAction.CheckNetwork or RecommendedAction.CheckDevice or RecommendedAction.ReduceAmount
        or RecommendedAction.UseChip or RecommendedAction.UploadOfflineData;
}
