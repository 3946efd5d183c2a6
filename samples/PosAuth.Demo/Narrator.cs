using System.Globalization;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>
/// Prints what happens, in plain words, in the chosen language(s): steps, sentences, screen texts and facts
/// (codes and numbers, which need no translation).
/// </summary>
internal sealed class Narrator(DemoLanguage language, TextWriter output)
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;
    private static readonly CultureInfo? Chinese = TryChinese();
    private int _step;

    public DemoLanguage Language => language;

    private string ScreenLabel => Pick("屏幕", "screen", " ");

    public void Title(string zh, string en)
    {
        string text = Pick(zh, en, " · ");
        output.WriteLine(text);
        output.WriteLine(new string('=', Math.Min(78, DisplayWidth(text))));
    }

    public void Step(string zh, string en)
    {
        _step++;
        output.WriteLine();
        output.WriteLine($"[{_step}] {Pick(zh, en, " · ")}");
    }

    public void Say(string zh, string en)
    {
        if (language != DemoLanguage.English)
        {
            output.WriteLine("    " + zh);
        }

        if (language != DemoLanguage.Chinese)
        {
            output.WriteLine("    " + en);
        }
    }

    public void Fact(string text) => output.WriteLine("      · " + text);

    public void Good(string zh, string en) => output.WriteLine("    ✔ " + Pick(zh, en, " / "));

    public void Bad(string zh, string en) => output.WriteLine("    ✘ " + Pick(zh, en, " / "));

    /// <summary>Shows what the terminal's screen says in a state, as the SDK words it.</summary>
    public void Screen(TerminalSessionState state) =>
        output.WriteLine($"    [{ScreenLabel}] {Pick(ScreenText(state, Chinese), ScreenText(state, English), " | ")}   ({state})");

    public void Screen(string zh, string en) => output.WriteLine($"    [{ScreenLabel}] {Pick(zh, en, " | ")}");

    public void Blank() => output.WriteLine();

    public string Pick(string zh, string en, string separator) => language switch
    {
        DemoLanguage.Chinese => zh,
        DemoLanguage.English => en,
        _ => zh + separator + en,
    };

    private static string ScreenText(TerminalSessionState state, CultureInfo? culture) =>
        culture is null ? state.GetScreenText(English) : state.GetScreenText(culture);

    private static CultureInfo? TryChinese()
    {
        try
        {
            return CultureInfo.GetCultureInfo("zh-CN");
        }
        catch (CultureNotFoundException)
        {
            return null; // invariant-globalization builds cannot create zh-CN; the English text is shown instead
        }
    }

    private static int DisplayWidth(string text)
    {
        int width = 0;
        foreach (char c in text)
        {
            width += c >= '\u2E80' ? 2 : 1;
        }

        return width;
    }
}
