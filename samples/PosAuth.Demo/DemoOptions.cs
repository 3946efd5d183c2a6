namespace PosAuth.Demo;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions
{
    public bool Interactive { get; init; }

    /// <summary>With <c>--interactive</c>: keep the database as the last run left it instead of starting from the factory accounts.</summary>
    public bool Resume { get; init; }

    public DemoLanguage Language { get; init; } = DemoLanguage.Both;

    public DemoStore Store { get; init; } = DemoStore.Sqlite;

    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), "posauth-demo", "posauth.db");

    public bool ShowHelp { get; init; }

    /// <summary>The usage text in <paramref name="language"/>; every line fits 80 columns.</summary>
    public static string Usage(DemoLanguage language)
    {
        const string zh = """
            PosAuth 演示终端

              `dotnet run --project samples/PosAuth.Demo -- [选项]`

              （无选项）            讲解式的完整流程，无需输入，结束时退出码为 0
              `--interactive`       菜单式终端，从出厂账户开始：99 / 00 / 01，
                                    出厂密码 12345678 / 123456 / 0000，首次登录必须修改
              `--resume`            与 `--interactive` 同用：保留上次运行的数据库
              `--lang both|zh-CN|en`  讲解语言（默认 `both`：先中文行，后英文行）
              `--store sqlite|memory` 存储（默认 `sqlite`：临时目录中的嵌入式文件）
              `--db <路径>`         SQLite 文件（默认 <临时目录>/posauth-demo/posauth.db）
              `--help`              本说明
            """;
        const string en = """
            PosAuth demo terminal

              `dotnet run --project samples/PosAuth.Demo -- [options]`

              (no option)           the narrated end-to-end run; needs no input, exits 0
              `--interactive`       a menu-driven terminal, starting from the factory
                                    accounts 99 / 00 / 01 with PINs 12345678 / 123456 /
                                    0000, each to be changed at first sign-in
              `--resume`            with `--interactive`: keep the last run's database
              `--lang both|zh-CN|en`  narration language (default both: zh line, then en)
              `--store sqlite|memory` storage (default sqlite, a file in a temporary folder)
              `--db <path>`         the SQLite file (default <temp>/posauth-demo/posauth.db)
              `--help`              this text
            """;
        return language switch
        {
            DemoLanguage.Chinese => zh,
            DemoLanguage.English => en,
            _ => zh + Environment.NewLine + Environment.NewLine + en,
        };
    }

    /// <summary>The language a (possibly invalid) command line asks for, to word its own error.</summary>
    public static DemoLanguage LanguageOf(string[] args)
    {
        int i = Array.LastIndexOf(args, "--lang");
        return i >= 0 && i + 1 < args.Length && ParseLanguage(args[i + 1]) is { } language ? language : DemoLanguage.Both;
    }

    /// <summary>Parses the arguments; returns <see langword="null"/> with a message (zh, en) for anything it does not know.</summary>
    public static DemoOptions? Parse(string[] args, out (string Zh, string En)? error)
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
                case "--resume":
                    options = options with { Resume = true };
                    break;
                case "--help" or "-h" or "-?":
                    options = options with { ShowHelp = true };
                    break;
                case "--lang":
                    if (ParseLanguage(Next()) is not { } language)
                    {
                        error = ("`--lang` 的值为 `both`、`zh-CN` 或 `en`。", "`--lang` takes both, zh-CN or en.");
                        return null;
                    }

                    options = options with { Language = language };
                    break;
                case "--store":
                    string? store = Next();
                    if (store is not ("sqlite" or "memory"))
                    {
                        error = ("`--store` 的值为 `sqlite` 或 `memory`。", "`--store` takes sqlite or memory.");
                        return null;
                    }

                    options = options with { Store = store == "sqlite" ? DemoStore.Sqlite : DemoStore.Memory };
                    break;
                case "--db":
                    string? path = Next();
                    if (string.IsNullOrWhiteSpace(path))
                    {
                        error = ("`--db` 后面应是文件路径。", "`--db` takes a file path.");
                        return null;
                    }

                    options = options with { DatabasePath = Path.GetFullPath(path) };
                    break;
                default:
                    error = ($"未知参数 `{arg}`。", $"Unknown argument `{arg}`.");
                    return null;
            }
        }

        if (options.Resume && !options.Interactive)
        {
            error = ("`--resume` 只能与 `--interactive` 同用。", "`--resume` goes with `--interactive` only.");
            return null;
        }

        return options;
    }

    private static DemoLanguage? ParseLanguage(string? value) => value?.ToUpperInvariant() switch
    {
        "BOTH" => DemoLanguage.Both,
        "ZH-CN" or "ZH" or "ZH-HANS" => DemoLanguage.Chinese,
        "EN" or "EN-US" => DemoLanguage.English,
        _ => null,
    };
}
