namespace PosAuth.Hashing;

/// <summary>Detectors for the weak-PIN rules of <see cref="PinPolicy"/>. Input: ASCII digits only.</summary>
internal static class PinPatterns
{
    // Phone-style PIN pad (ISO 9564 / ITU E.161): 1-2-3 on top, 0 under 8. Coordinates (row, column).
    private static readonly (int Row, int Col)[] Phone =
        [(3, 1), (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)];

    // Calculator / numeric keypad: 7-8-9 on top, 0 under 1 (where 7410 and 1470-style columns live).
    private static readonly (int Row, int Col)[] Calculator =
        [(3, 0), (2, 0), (2, 1), (2, 2), (1, 0), (1, 1), (1, 2), (0, 0), (0, 1), (0, 2)];

    // Cycle around the 3x3 block on the phone pad.
    private const string Perimeter = "12369874";

    private static readonly string[] Squares = ["1254", "2365", "4587", "5698"];

    public static bool AllSameDigit(ReadOnlySpan<char> d)
    {
        return d.Length >= 2 && !d.ContainsAnyExcept(d[0]);
    }

    public static bool IsSequence(ReadOnlySpan<char> d)
    {
        if (d.Length < 3)
        {
            return false;
        }

        int step = d[1] - d[0];
        if (ConstantStep(d, step) && (step is 2 or -2 or 1 or -1))
        {
            return true;
        }

        // Step 1 with wrap-around: 7890, 8901, 0987.
        return ConstantStepMod10(d, 1) || ConstantStepMod10(d, 9);
    }

    public static bool IsRepeatedBlock(ReadOnlySpan<char> d)
    {
        int n = d.Length;
        if (n < 4 || AllSameDigit(d))
        {
            return false;
        }

        for (int block = 2; block <= n / 2; block++)
        {
            if (n % block == 0 && d[block..].SequenceEqual(d[..(n - block)]))
            {
                return true; // 1212, 123123, 121212
            }
        }

        // Each digit repeated: 1122, 112233 (pairs), 111222 (triples).
        return EachDigitRepeated(d, 2) || EachDigitRepeated(d, 3);
    }

    public static bool IsKeypadPattern(ReadOnlySpan<char> d)
    {
        if (d.Length < 3)
        {
            return false;
        }

        if (IsLineWalk(d, Phone) || IsLineWalk(d, Calculator))
        {
            return true;
        }

        if (d.Length == 4)
        {
            // Four corners (1397, 1379, ...) or the four edge midpoints (2846, 2468, ...), in any order.
            if (IsPermutationOf(d, "1379") || IsPermutationOf(d, "2468"))
            {
                return true;
            }

            // A small square walked round: 1254, 5214, 2365, ...
            foreach (string square in Squares)
            {
                if (IsCycleOf(d, square))
                {
                    return true;
                }
            }
        }

        // The outline of the 3x3 block: 12369874, 14789632, ...
        return d.Length == 8 && IsCycleOf(d, Perimeter);
    }

    public static bool IsYearLike(ReadOnlySpan<char> d) =>
        d.Length == 4 && ((d[0] == '1' && d[1] == '9') || (d[0] == '2' && d[1] == '0'));

    public static bool IsDateLike(ReadOnlySpan<char> d)
    {
        switch (d.Length)
        {
            case 4:
                return IsDate(Num(d[..2]), Num(d[2..]), 2000) || IsDate(Num(d[2..]), Num(d[..2]), 2000);
            case 6:
                return IsDate(Num(d[2..4]), Num(d[4..]), 2000 + Num(d[..2]))     // YYMMDD
                    || IsDate(Num(d[2..4]), Num(d[..2]), 2000 + Num(d[4..]))     // DDMMYY
                    || IsDate(Num(d[..2]), Num(d[2..4]), 2000 + Num(d[4..]));    // MMDDYY
            case 8:
                return (IsYear(Num(d[..4])) && IsDate(Num(d[4..6]), Num(d[6..]), Num(d[..4])))   // YYYYMMDD
                    || (IsYear(Num(d[4..])) && IsDate(Num(d[2..4]), Num(d[..2]), Num(d[4..])))   // DDMMYYYY
                    || (IsYear(Num(d[4..])) && IsDate(Num(d[..2]), Num(d[2..4]), Num(d[4..])));  // MMDDYYYY
            default:
                return false;
        }
    }

    private static bool IsYear(int year) => year is >= 1900 and <= 2099;

    // A two-digit year is taken in the 2000s only to decide leap years; 29 February is accepted for any yy that is a leap year.
    private static bool IsDate(int month, int day, int year) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Num(ReadOnlySpan<char> d)
    {
        int value = 0;
        foreach (char c in d)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static bool ConstantStep(ReadOnlySpan<char> d, int step)
    {
        for (int i = 1; i < d.Length; i++)
        {
            if (d[i] - d[i - 1] != step)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ConstantStepMod10(ReadOnlySpan<char> d, int step)
    {
        for (int i = 1; i < d.Length; i++)
        {
            if ((d[i - 1] - '0' + step) % 10 != d[i] - '0')
            {
                return false;
            }
        }

        return true;
    }

    private static bool EachDigitRepeated(ReadOnlySpan<char> d, int times)
    {
        if (d.Length % times != 0 || d.Length / times < 2)
        {
            return false;
        }

        for (int i = 0; i < d.Length; i += times)
        {
            for (int j = 1; j < times; j++)
            {
                if (d[i + j] != d[i])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether the PIN splits into straight lines of at least 3 keys each (2580, 147258, 159357).</summary>
    private static bool IsLineWalk(ReadOnlySpan<char> d, (int Row, int Col)[] pad)
    {
        // reachable[i]: the prefix of length i splits into lines.
        Span<bool> reachable = stackalloc bool[d.Length + 1];
        reachable[0] = true;
        for (int start = 0; start < d.Length; start++)
        {
            if (!reachable[start])
            {
                continue;
            }

            for (int end = start + 3; end <= d.Length; end++)
            {
                if (IsLine(d[start..end], pad))
                {
                    reachable[end] = true;
                }
                else
                {
                    break;
                }
            }
        }

        return reachable[d.Length];
    }

    private static bool IsLine(ReadOnlySpan<char> d, (int Row, int Col)[] pad)
    {
        (int r0, int c0) = pad[d[0] - '0'];
        (int r1, int c1) = pad[d[1] - '0'];
        int dr = r1 - r0;
        int dc = c1 - c0;
        if (Math.Abs(dr) > 1 || Math.Abs(dc) > 1 || (dr == 0 && dc == 0))
        {
            return false;
        }

        for (int i = 2; i < d.Length; i++)
        {
            (int pr, int pc) = pad[d[i - 1] - '0'];
            (int r, int c) = pad[d[i] - '0'];
            if (r - pr != dr || c - pc != dc)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPermutationOf(ReadOnlySpan<char> d, string set)
    {
        if (d.Length != set.Length)
        {
            return false;
        }

        int seen = 0;
        foreach (char c in d)
        {
            int index = set.IndexOf(c, StringComparison.Ordinal);
            if (index < 0 || (seen & (1 << index)) != 0)
            {
                return false;
            }

            seen |= 1 << index;
        }

        return true;
    }

    /// <summary>Whether d is a rotation of the cycle, in either direction.</summary>
    private static bool IsCycleOf(ReadOnlySpan<char> d, string cycle)
    {
        int n = cycle.Length;
        if (d.Length != n)
        {
            return false;
        }

        for (int start = 0; start < n; start++)
        {
            bool forward = true;
            bool backward = true;
            for (int i = 0; i < n && (forward || backward); i++)
            {
                forward &= d[i] == cycle[(start + i) % n];
                backward &= d[i] == cycle[((start - i) % n + n) % n];
            }

            if (forward || backward)
            {
                return true;
            }
        }

        return false;
    }
}
