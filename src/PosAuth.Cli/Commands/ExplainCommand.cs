using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PosAuth.Cli.Output;
using PosAuth.Cli.Text;
using PosAuth.ErrorCodes;

namespace PosAuth.Cli.Commands;

/// <summary>
/// <c>posauth explain &lt;code&gt; [--source ...] [--lang zh-CN|en] [--json] [--overrides file]</c>: what a response
/// code means and what the operator should do. Exit 0 known code, 1 unknown code (交易失败), 2 bad arguments.
/// </summary>
internal sealed class ExplainCommand : ICliCommand
{
    public string Name => "explain";

    public string Summary => "Explain a response code: category, action, message.";

    public string Help =>
        """
        Usage: posauth explain <code>
                   [--source iso8583|cup|iso8583-1993|device|transport]
                   [--lang zh-CN|en] [--json] [--overrides <file>]

        Classifies a response code and prints its category, recommended action,
        whether it may be retried, whether the terminal must sign in (签到) again,
        the UnionPay handling class and the message. Case and surrounding spaces
        are ignored ("a0 " is A0).
        Default source: cup (UnionPay; codes UnionPay does not redefine fall back
        to ISO 8583:1987). Default language: zh-CN (the usual terminal display); en
        for English. Every label and value is in the chosen language, with the code
        beside the words: 需要重新签到（SignInRequired）.
        --json prints one object for scripts: code, source, category, action,
        retryable, requiresSignIn, cupClass (A-E, or null where undefined), message
        (in the chosen language); source, category and action are the codes.
        Exit codes: 0 known code, 1 unknown code (reported as 交易失败 /
        Transaction failed), 2 bad arguments.

        Example:  posauth explain 77 --lang en
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("source", "iso8583|cup|iso8583-1993|device|transport", "Code table (default cup; 'unionpay' is accepted for cup)."),
        new("lang", "zh-CN|en", "Message language (default zh-CN)."),
        new("json", null, "Print one JSON object instead of text."),
        new("overrides", "file", "An acquirer override table (JSON, schema in the PosAuth.ErrorCodes README)."),
    ];

    public IReadOnlyList<string> Positionals { get; } = ["code"];

    public int Execute(CliArguments arguments, CliContext context)
    {
        if (arguments.Positionals.Count != 1)
        {
            return context.Fail("expected the code to explain, e.g. 'posauth explain 55'.");
        }

        if (!TryParseSource(arguments.Get("source"), out ErrorSource source))
        {
            return context.Fail("--source must be one of iso8583, cup, iso8583-1993, device, transport.");
        }

        if (!Languages.TryParse(arguments.Get("lang"), DisplayLanguage.SimplifiedChinese, out DisplayLanguage language))
        {
            return context.Fail("--lang must be zh-CN or en.");
        }


        ErrorCodeClassifier classifier;
        if (arguments.Get("overrides") is { } path)
        {
            try
            {
                classifier = new ErrorCodeClassifier(new ErrorCodeOptions { OverrideFilePath = path });
            }
            catch (ErrorCodeOverrideException ex)
            {
                // One line per problem, each naming the entry, as every other message of the tool.
                foreach (string error in ex.Errors)
                {
                    context.Fail("the override table is invalid: " + error);
                }

                return ExitCodes.BadInput;
            }
        }
        else
        {
            classifier = new ErrorCodeClassifier();
        }

        ErrorClassification c = classifier.Classify(source, arguments.Positionals[0]);
        string message = c.Message(language);
        if (arguments.Has("json"))
        {
            context.Stdout.WriteLine(ToJson(c, message));
        }
        else
        {
            WriteText(context.Stdout, c, language);
        }

        return c.IsUnknown ? ExitCodes.Negative : ExitCodes.Ok;
    }

    internal static string ToJson(ErrorClassification c, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteString("code", c.Code);
            writer.WriteString("source", c.Source.ToString());
            writer.WriteString("category", c.Category.ToString());
            writer.WriteString("action", c.Action.ToString());
            writer.WriteBoolean("retryable", c.IsRetryable);
            writer.WriteBoolean("requiresSignIn", c.RequiresSignIn);
            if (c.CupClass == UnionPayHandlingClass.None)
            {
                writer.WriteNull("cupClass");
            }
            else
            {
                writer.WriteString("cupClass", c.CupClass.ToString());
            }

            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteText(TextWriter output, ErrorClassification c, DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        string Name(LocalizedName name) => name.For(language);
        string WithCode(LocalizedName name, string code) => zh ? $"{name.Zh}（{code}）" : $"{name.En} ({code})";
        string YesNo(bool value) => zh ? (value ? "是" : "否") : (value ? "yes" : "no");

        (string Label, string Value)[] rows =
        [
            (zh ? "代码" : "code", c.Code.Length == 0 ? (zh ? "（缺失或格式错误）" : "(missing or malformed)") : c.Code),
            (zh ? "来源" : "source", Name(ErrorCodeNames.Of(c.Source))),
            (zh ? "类别" : "category", WithCode(ErrorCodeNames.Of(c.Category), c.Category.ToString())),
            (zh ? "处理方式" : "action", WithCode(ErrorCodeNames.Of(c.Action), c.Action.ToString())),
            (zh ? "可以重试" : "retryable", YesNo(c.IsRetryable)),
            (zh ? "需要重新签到" : "sign in again", YesNo(c.RequiresSignIn)),
            (zh ? "银联处理类别" : "UnionPay class", Name(ErrorCodeNames.Of(c.CupClass))),
            (zh ? "提示信息" : "message", c.Message(language)),
        ];
        string colon = zh ? "：" : ":";
        // The full-width colon already leaves a visual gap after a Chinese label.
        int width = rows.Max(r => DisplayWidth.Of(r.Label + colon)) + (zh ? 0 : 1);
        foreach ((string label, string value) in rows)
        {
            output.WriteLine(DisplayWidth.PadRight(label + colon, width) + value);
        }
    }

    private static bool TryParseSource(string? value, out ErrorSource source)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "cup" or "unionpay":
                source = ErrorSource.UnionPay;
                return true;
            case "iso8583":
                source = ErrorSource.Iso8583;
                return true;
            case "iso8583-1993":
                source = ErrorSource.Iso8583v1993;
                return true;
            case "device":
                source = ErrorSource.Device;
                return true;
            case "transport":
                source = ErrorSource.Transport;
                return true;
            default:
                source = default;
                return false;
        }
    }
}
