namespace PosAuth.Cli.Commands;

/// <summary>Arguments of one command, parsed by hand (no reflection, trimming-safe).</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Whether any option or positional argument was given.</summary>
    public bool HasAny => _options.Count > 0 || _positionals.Count > 0;

    /// <summary>Whether the flag or option was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The option's value, or null when absent.</summary>
    public string? Get(string name) => _options.TryGetValue(name, out string? value) ? value : null;

    /// <summary>Parses <paramref name="args"/> against the command's declared options.</summary>
    /// <returns>The error message, or null on success.</returns>
    public static string? TryParse(ReadOnlySpan<string> args, ICliCommand command, out CliArguments result)
    {
        result = new CliArguments();
        bool onlyPositionals = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!onlyPositionals && arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            if (!onlyPositionals && arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg[2..];
                string? inlineValue = null;
                int equals = name.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    inlineValue = name[(equals + 1)..];
                    name = name[..equals];
                }

                CliOption? option = command.Options.FirstOrDefault(o => o.Name == name);
                if (option is null)
                {
                    return command.RemovedOptionMessage(name) ?? $"unknown option '--{name}'.";
                }

                if (result._options.ContainsKey(name))
                {
                    return $"option '--{name}' is given twice.";
                }

                if (option.IsFlag)
                {
                    if (inlineValue is not null)
                    {
                        return $"option '--{name}' takes no value.";
                    }

                    result._options[name] = null;
                }
                else if (inlineValue is not null)
                {
                    result._options[name] = inlineValue;
                }
                else if (i + 1 < args.Length)
                {
                    result._options[name] = args[++i];
                }
                else
                {
                    return $"option '--{name}' needs a value ({option.ValueName}).";
                }

                continue;
            }

            if (!onlyPositionals && arg.Length > 1 && arg[0] == '-' && !char.IsAsciiDigit(arg[1]))
            {
                return $"unknown option '{arg}'.";
            }

            if (result._positionals.Count >= command.Positionals.Count)
            {
                return command.Positionals.Count == 0
                    ? $"unexpected argument. PINs are read from standard input, never from arguments."
                    : $"too many arguments (expected {string.Join(" ", command.Positionals.Select(p => "<" + p + ">"))}).";
            }

            result._positionals.Add(arg);
        }

        return null;
    }
}
