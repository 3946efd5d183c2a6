namespace PosAuth.Demo;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions
{
    public const string Usage = """
        PosAuth demo terminal

          dotnet run --project samples/PosAuth.Demo [-- options]

          (no option)          the narrated end-to-end scenario; needs no input, exits 0
          --interactive        a menu-driven terminal against the same database
          --lang both|zh-CN|en narration language (default: both, Chinese line then English line)
          --store sqlite|memory  storage (default: sqlite, an embedded file in a temporary folder)
          --db PATH            the SQLite file (default: <temp>/posauth-demo/posauth.db)
          --help               this text
        """;

    public bool Interactive { get; init; }

    public DemoLanguage Language { get; init; } = DemoLanguage.Both;

    public DemoStore Store { get; init; } = DemoStore.Sqlite;

    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), "posauth-demo", "posauth.db");

    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments; returns <see langword="null"/> with a message for anything it does not know.</summary>
    public static DemoOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new DemoOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--interactive" or "-i":
                    options = options with { Interactive = true };
                    break;
                case "--help" or "-h" or "-?":
                    options = options with { ShowHelp = true };
                    break;
                case "--lang":
                    string? lang = Next();
                    DemoLanguage? parsed = lang?.ToUpperInvariant() switch
                    {
                        "BOTH" => DemoLanguage.Both,
                        "ZH-CN" or "ZH" or "ZH-HANS" => DemoLanguage.Chinese,
                        "EN" or "EN-US" => DemoLanguage.English,
                        _ => null,
                    };
                    if (parsed is null)
                    {
                        error = "--lang takes both, zh-CN or en.";
                        return null;
                    }

                    options = options with { Language = parsed.Value };
                    break;
                case "--store":
                    string? store = Next();
                    if (store is not ("sqlite" or "memory"))
                    {
                        error = "--store takes sqlite or memory.";
                        return null;
                    }

                    options = options with { Store = store == "sqlite" ? DemoStore.Sqlite : DemoStore.Memory };
                    break;
                case "--db":
                    string? path = Next();
                    if (string.IsNullOrWhiteSpace(path))
                    {
                        error = "--db takes a file path.";
                        return null;
                    }

                    options = options with { DatabasePath = Path.GetFullPath(path) };
                    break;
                default:
                    error = $"Unknown argument '{arg}'.";
                    return null;
            }
        }

        return options;
    }
}
