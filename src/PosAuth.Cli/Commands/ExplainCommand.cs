using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PosAuth.ErrorCodes;

namespace PosAuth.Cli.Commands;

/// <summary>
/// <c>posauth explain &lt;code&gt; [--source ...] [--lang zh-CN|en] [--json] [--overrides file]</c>: what a response
/// code means and what the operator should do. Exit 0 known code, 1 unknown code (交易失败), 2 bad arguments.
/// </summary>
internal sealed class ExplainCommand : ICliCommand
{
    public string Name => "explain";

    public string Summary => "Explain a response code (ISO 8583, UnionPay, device, transport): category, action, message.";

    public string Help =>
        """
        Usage: posauth explain <code> [--source iso8583|cup|iso8583-1993|device|transport] [--lang zh-CN|en] [--json] [--overrides <file>]

        Classifies a response code and prints its category, recommended action, whether it may be
        retried, whether the terminal must sign in (签到) again, the UnionPay handling class and the
        message. Case and surrounding spaces are ignored ("a0 " is A0).
        Default source: cup (UnionPay; codes UnionPay does not redefine fall back to ISO 8583:1987).
        Default language: zh-CN (the usual terminal display); en for English.
        --json prints one object: code, source, category, action, retryable, requiresSignIn,
        cupClass (A-E, or null where undefined), message.
        Exit codes: 0 known code, 1 unknown code (reported as 交易失败 / Transaction failed), 2 bad arguments.
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

        if (!TryParseChinese(arguments.Get("lang"), out bool chinese))
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
                return context.Fail(ex.Message);
            }
        }
        else
        {
            classifier = new ErrorCodeClassifier();
        }

        ErrorClassification c = classifier.Classify(source, arguments.Positionals[0]);
        string message = chinese ? c.MessageZh : c.MessageEn;
        if (arguments.Has("json"))
        {
            context.Stdout.WriteLine(ToJson(c, message));
        }
        else
        {
            WriteText(context.Stdout, c, message);
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

    private static void WriteText(TextWriter output, ErrorClassification c, string message)
    {
        output.WriteLine($"code:           {(c.Code.Length == 0 ? "(missing or malformed)" : c.Code)}");
        output.WriteLine($"source:         {c.Source}");
        output.WriteLine($"category:       {c.Category}");
        output.WriteLine($"action:         {c.Action}");
        output.WriteLine($"retryable:      {(c.IsRetryable ? "true" : "false")}");
        output.WriteLine($"requiresSignIn: {(c.RequiresSignIn ? "true" : "false")}");
        output.WriteLine($"cupClass:       {(c.CupClass == UnionPayHandlingClass.None ? "-" : c.CupClass.ToString())}");
        output.WriteLine($"message:        {message}");
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

    private static bool TryParseChinese(string? value, out bool chinese)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "zh-cn" or "zh" or "zh-hans" or "zh-hans-cn":
                chinese = true;
                return true;
            case "en" or "en-us" or "en-gb":
                chinese = false;
                return true;
            default:
                chinese = false;
                return false;
        }
    }
}
