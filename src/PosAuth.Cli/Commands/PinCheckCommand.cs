using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PosAuth.Cli.Input;
using PosAuth.Cli.Text;
using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth pin-check [--role operator|supervisor|admin]</c>: stdin PIN → <c>accepted</c> | <c>rejected: &lt;codes&gt;</c>.</summary>
internal sealed class PinCheckCommand : ICliCommand
{
    public string Name => "pin-check";

    public string Summary => "Check a PIN from standard input for weak patterns.";

    public string Help =>
        """
        Usage: posauth pin-check [--role operator|supervisor|admin]
                                 [--operator-id ID] [--terminal-id ID]
                                 [--lang en|zh-CN] [--json]

        Reads one PIN from standard input (typed without echo at a terminal) and
        prints "accepted" (exit 0) or "rejected: <reason codes>" (exit 1), e.g.
        "rejected: Sequence, CommonPin", then one line per reason in words.
        --lang zh-CN prints it in Chinese (通过 / 不通过); the reason codes stay
        as they are. --json prints {"accepted": false, "reasons": [{"code":
        "Sequence", "message": "..."}]}. Default lengths: operator 4-6,
        supervisor 6, admin 8.

        Example:  echo 1234 | posauth pin-check --role operator
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("role", "operator|supervisor|admin", "Role whose length bounds apply (default operator)."),
        new("operator-id", "ID", "Reject a PIN equal to this operator number."),
        new("terminal-id", "ID", "Reject a PIN equal to this terminal id."),
        new("lang", "en|zh-CN", "Language of the words (default en; the codes never change)."),
        new("json", null, "Print one JSON object instead of text."),
    ];

    public IReadOnlyList<string> Positionals { get; } = [];

    public int Execute(CliArguments arguments, CliContext context)
    {
        OperatorRole role;
        switch (arguments.Get("role"))
        {
            case null or "operator":
                role = OperatorRole.Operator;
                break;
            case "supervisor":
                role = OperatorRole.Supervisor;
                break;
            case "admin" or "administrator":
                role = OperatorRole.Administrator;
                break;
            default:
                return context.Fail("--role must be operator, supervisor or admin.");
        }

        if (!Languages.TryParse(arguments.Get("lang"), DisplayLanguage.English, out DisplayLanguage language))
        {
            return context.Fail("--lang must be en or zh-CN.");
        }

        if (!context.TryReadPin(out SecretText? pin))
        {
            return ExitCodes.BadInput;
        }

        PinPolicyResult result;
        using (pin)
        {
            result = new PinPolicy().Evaluate(pin!.Span, new PinPolicyContext
            {
                Role = role,
                OperatorId = arguments.Get("operator-id"),
                TerminalId = arguments.Get("terminal-id"),
            });
        }

        PinLengthRule lengths = new PinPolicyOptions().LengthFor(role);
        if (arguments.Has("json"))
        {
            context.Stdout.WriteLine(ToJson(result, language, lengths));
        }
        else
        {
            WriteText(context.Stdout, result, language, lengths);
        }

        return result.IsAccepted ? ExitCodes.Ok : ExitCodes.Negative;
    }

    private static void WriteText(TextWriter output, PinPolicyResult result, DisplayLanguage language, PinLengthRule lengths)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        if (result.IsAccepted)
        {
            output.WriteLine(zh ? "通过" : "accepted");
            return;
        }

        output.WriteLine(zh ? "不通过：" + string.Join("、", result.Reasons) : "rejected: " + string.Join(", ", result.Reasons));
        foreach (PinRejectionReason reason in result.Reasons)
        {
            output.WriteLine($"  {reason}{(zh ? "：" : ": ")}{PinReasonTexts.Describe(reason, language, lengths)}");
        }
    }

    private static string ToJson(PinPolicyResult result, DisplayLanguage language, PinLengthRule lengths)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("accepted", result.IsAccepted);
            writer.WriteStartArray("reasons");
            foreach (PinRejectionReason reason in result.Reasons)
            {
                writer.WriteStartObject();
                writer.WriteString("code", reason.ToString());
                writer.WriteString("message", PinReasonTexts.Describe(reason, language, lengths));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
