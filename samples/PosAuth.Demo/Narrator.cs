using System.Globalization;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>
/// Prints what happens, in plain words, in the chosen language(s): steps, sentences, screen texts and facts. Every line
/// fits <see cref="Width"/> columns (Chinese characters count two): long lines wrap between Chinese characters or at
/// spaces; in the bilingual mode a pair that does not fit on one line takes two.
/// </summary>
internal sealed class Narrator(DemoLanguage language, TextWriter output)
{
    /// <summary>The screen width every line fits.</summary>
    public const int Width = 80;

    private int _step;

    public DemoLanguage Language => language;

    /// <summary>The number of the step being narrated (0 before the first).</summary>
    public int CurrentStep => _step;

    public void Title(string zh, string en)
    {
        string text = Pick(zh, en, " · ");
        Write(text, "", "");
        output.WriteLine(new string('=', Math.Min(Width - 2, TextWidth.Of(text))));
    }

    public void Step(string zh, string en)
    {
        _step++;
        output.WriteLine();
        string number = string.Create(CultureInfo.InvariantCulture, $"[{_step}] ");
        Pair(number, new string(' ', number.Length), zh, en, " · ");
    }

    /// <summary>A sentence: in the bilingual mode the Chinese line, then the English one.</summary>
    public void Say(string zh, string en)
    {
        if (language != DemoLanguage.English)
        {
            Write(zh, "    ", "    ");
        }

        if (language != DemoLanguage.Chinese)
        {
            Write(en, "    ", "    ");
        }
    }

    /// <summary>A detail line (codes, numbers, traces), worded in each language.</summary>
    public void Fact(string zh, string en)
    {
        if (language != DemoLanguage.English)
        {
            Write(zh, "      · ", "        ");
        }

        if (language != DemoLanguage.Chinese && (language == DemoLanguage.English || en != zh))
        {
            Write(en, "      · ", "        ");
        }
    }

    /// <summary>A detail line of codes and numbers only, the same in every language.</summary>
    public void Fact(string codes) => Write(codes, "      · ", "        ");

    public void Good(string zh, string en) => Pair("    ✔ ", "      ", zh, en, " / ");

    public void Bad(string zh, string en) => Pair("    ✘ ", "      ", zh, en, " / ");

    /// <summary>Shows what the terminal's screen says in a state, as the SDK words it, with the state's code.</summary>
    public void Screen(TerminalSessionState state)
    {
        string zh = state.GetScreenText(DisplayLanguage.SimplifiedChinese);
        string en = state.GetScreenText(DisplayLanguage.English);
        switch (language)
        {
            case DemoLanguage.Chinese:
                Write($"{zh}（{state}）", "    [屏幕] ", "           ");
                break;
            case DemoLanguage.English:
                Write($"{en} ({state})", "    [screen] ", "             ");
                break;
            default:
                Pair("    [屏幕 screen] ", "                  ", zh, $"{en} ({state})", " | ");
                break;
        }
    }

    public void Screen(string zh, string en)
    {
        switch (language)
        {
            case DemoLanguage.Chinese:
                Write(zh, "    [屏幕] ", "           ");
                break;
            case DemoLanguage.English:
                Write(en, "    [screen] ", "             ");
                break;
            default:
                Pair("    [屏幕 screen] ", "                  ", zh, en, " | ");
                break;
        }
    }

    /// <summary>A menu laid out in as many columns as fit.</summary>
    public void Menu(IReadOnlyList<(string Key, string Zh, string En)> items)
    {
        string[] cells = items.Select(i => $"{i.Key} {Pick(i.Zh, i.En, " ")}").ToArray();
        int cell = cells.Max(c => TextWidth.Of(c)) + 3;
        int columns = Math.Max(1, (Width - 4) / cell);
        for (int row = 0; row < cells.Length; row += columns)
        {
            var line = new System.Text.StringBuilder("    ");
            for (int c = row; c < Math.Min(row + columns, cells.Length); c++)
            {
                line.Append(cells[c]);
                if (c + 1 < Math.Min(row + columns, cells.Length))
                {
                    line.Append(' ', cell - TextWidth.Of(cells[c]));
                }
            }

            output.WriteLine(line.ToString());
        }
    }

    public void Blank() => output.WriteLine();

    public string Pick(string zh, string en, string separator) => language switch
    {
        DemoLanguage.Chinese => zh,
        DemoLanguage.English => en,
        _ => zh + separator + en,
    };

    /// <summary>"是" / "yes" for a flag, never C#'s True / False.</summary>
    public static (string Zh, string En) YesNo(bool value) => value ? ("是", "yes") : ("否", "no");

    /// <summary>Writes <paramref name="text"/> wrapped to <see cref="Width"/>.</summary>
    private void Write(string text, string prefix, string continuation)
    {
        foreach (string line in TextWidth.Wrap(text, prefix, continuation, Width))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>One language, or both on one line when they fit, else on two.</summary>
    private void Pair(string prefix, string continuation, string zh, string en, string separator)
    {
        if (language != DemoLanguage.Both)
        {
            Write(Pick(zh, en, separator), prefix, continuation);
            return;
        }

        string joined = zh + separator + en;
        if (TextWidth.Of(prefix) + TextWidth.Of(joined) <= Width)
        {
            Write(joined, prefix, continuation);
            return;
        }

        Write(zh, prefix, continuation);
        Write(en, continuation, continuation);
    }
}
