using PosAuth.Hashing;

namespace PosAuth.Cli.Commands;

/// <summary><c>posauth pin-check [--role operator|supervisor|admin]</c>: stdin PIN → <c>accepted</c> | <c>rejected: &lt;codes&gt;</c>.</summary>
internal sealed class PinCheckCommand : ICliCommand
{
    public string Name => "pin-check";

    public string Summary => "Check a PIN read from standard input against the weak-PIN policy.";

    public string Help =>
        """
        Usage: posauth pin-check [--role operator|supervisor|admin] [--operator-id ID] [--terminal-id ID]

        Reads one PIN from standard input and prints "accepted" (exit 0) or
        "rejected: <reason codes>" (exit 1), e.g. "rejected: Sequence, CommonPin".
        Default lengths: operator 4-6, supervisor 6, admin 8.
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("role", "operator|supervisor|admin", "Role whose length bounds apply (default operator)."),
        new("operator-id", "ID", "Reject a PIN equal to this operator number."),
        new("terminal-id", "ID", "Reject a PIN equal to this terminal id."),
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

        if (!context.TryReadPin(out string pin))
        {
            return ExitCodes.BadInput;
        }

        var policy = new PinPolicy();
        PinPolicyResult result = policy.Evaluate(pin, new PinPolicyContext
        {
            Role = role,
            OperatorId = arguments.Get("operator-id"),
            TerminalId = arguments.Get("terminal-id"),
        });
        context.Stdout.WriteLine(result.ToString());
        return result.IsAccepted ? ExitCodes.Ok : ExitCodes.Negative;
    }
}
