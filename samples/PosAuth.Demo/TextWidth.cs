using System.Text;

namespace PosAuth.Demo;

/// <summary>
/// Display width on a terminal (East Asian wide and full-width characters take two columns) and word wrapping that
/// breaks between Chinese characters and at spaces, never inside an English word or a code, and never puts closing
/// punctuation (，。）…) at the start of a line.
/// </summary>
internal static class TextWidth
{
    /// <summary>The columns <paramref name="text"/> takes.</summary>
    public static int Of(ReadOnlySpan<char> text)
    {
        int width = 0;
        for (int i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int used);
            width += Of(rune);
            i += used;
        }

        return width;
    }

    /// <summary>The columns one character takes: 2 for wide, full-width and (to be safe in a CJK locale) the ambiguous ones the demo uses.</summary>
    public static int Of(Rune rune)
    {
        int cp = rune.Value;
        if (cp < 0x20 || cp is >= 0x7F and < 0xA0)
        {
            return 0;
        }

        return IsWide(cp) ? 2 : 1;
    }

    /// <summary>Wraps <paramref name="text"/> to <paramref name="width"/> columns: the first line after <paramref name="prefix"/>, the others after <paramref name="continuation"/>.</summary>
    public static IEnumerable<string> Wrap(string text, string prefix, string continuation, int width)
    {
        var line = new StringBuilder(prefix);
        int used = Of(prefix);
        bool empty = true;
        bool continued = false; // leading spaces are kept on the first line (aligned numbers), dropped after a break
        foreach (string chunk in Chunks(text))
        {
            string bare = chunk.TrimEnd(' ');
            int w = Of(bare);
            if (!empty && used + w > width)
            {
                yield return line.ToString().TrimEnd(' ');
                line.Clear().Append(continuation);
                used = Of(continuation);
                empty = true;
                continued = true;
            }

            string piece = empty && continued ? chunk.TrimStart(' ') : chunk;
            if (used + Of(piece.TrimEnd(' ')) > width)
            {
                // A code longer than a line (a long path): break it where it must be broken.
                foreach (Rune r in piece.EnumerateRunes())
                {
                    if (used + Of(r) > width && !empty)
                    {
                        yield return line.ToString().TrimEnd(' ');
                        line.Clear().Append(continuation);
                        used = Of(continuation);
                        empty = true;
                    }

                    line.Append(r.ToString());
                    used += Of(r);
                    empty = false;
                }

                continue;
            }

            line.Append(piece);
            used += Of(piece);
            empty = false;
        }

        yield return line.ToString().TrimEnd(' ');
    }

    /// <summary>Splits <paramref name="text"/> into the smallest pieces between which a line may break.</summary>
    private static IEnumerable<string> Chunks(string text)
    {
        var chunk = new StringBuilder();
        Rune[] runes = text.EnumerateRunes().ToArray();
        for (int i = 0; i < runes.Length; i++)
        {
            chunk.Append(runes[i].ToString());
            if (i + 1 == runes.Length || CanBreakBetween(runes[i].Value, runes[i + 1].Value))
            {
                yield return chunk.ToString();
                chunk.Clear();
            }
        }
    }

    private static bool CanBreakBetween(int c, int next)
    {
        if (next == ' ' || IsClosing(next) || IsOpening(c))
        {
            return false;
        }

        if (c == ' ')
        {
            return true;
        }

        bool wideC = IsWide(c);
        bool wideNext = IsWide(next);
        return (wideC && wideNext) || (wideC && IsPunctuation(c)) || (wideNext && IsOpening(next));
    }

    private static bool IsWide(int cp) =>
        cp is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD)
        // Ambiguous or emoji-like characters the demo prints; a terminal in a CJK locale draws them two columns wide.
        || cp is 0x00B7 or 0x00D7 or 0x2014 or 0x2018 or 0x2019 or 0x201C or 0x201D or 0x2026 or 0x2192 or 0x2714 or 0x2718;

    private static bool IsClosing(int cp) => cp is '，' or '。' or '、' or '；' or '：' or '？' or '！' or '）' or '」' or '』' or '”' or '’' or '》' or '】' or '…'
        or ',' or '.' or ';' or ':' or ')' or ']' or '!' or '?';

    private static bool IsOpening(int cp) => cp is '（' or '「' or '『' or '“' or '‘' or '《' or '【' or '(' or '[';

    private static bool IsPunctuation(int cp) => cp is >= 0x3000 and <= 0x303F || cp is >= 0xFF00 and <= 0xFF0F || cp is >= 0xFF1A and <= 0xFF20;
}
