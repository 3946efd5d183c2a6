namespace PosAuth.Cli.Output;

/// <summary>Terminal column widths: East Asian wide and full-width characters take two columns, everything else one.</summary>
internal static class DisplayWidth
{
    public static int Of(ReadOnlySpan<char> text)
    {
        int width = 0;
        foreach (char c in text)
        {
            width += IsWide(c) ? 2 : 1;
        }

        return width;
    }

    /// <summary>Pads <paramref name="text"/> with spaces to <paramref name="columns"/> display columns.</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Of(text)));

    // The wide ranges of Unicode's East Asian Width property that a POS tool meets (BMP only: CJK, kana, Hangul,
    // full-width forms and the CJK punctuation such as '：' and '（').
    private static bool IsWide(char c) =>
        c is (>= '\u1100' and <= '\u115F')
            or (>= '\u2E80' and <= '\u303E')
            or (>= '\u3041' and <= '\u33FF')
            or (>= '\u3400' and <= '\u4DBF')
            or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uA000' and <= '\uA4CF')
            or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF')
            or (>= '\uFE30' and <= '\uFE4F')
            or (>= '\uFF00' and <= '\uFF60')
            or (>= '\uFFE0' and <= '\uFFE6');
}
