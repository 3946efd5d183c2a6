using System.Text;

namespace PosAuth.Cli.Text;

/// <summary>
/// How a terminal groups the digits it shows (<c>2833 7165</c>, <c>2833-7165</c>): read a challenge as typed, with
/// the spaces and dashes removed (and full-width digits as ASCII), and print the response grouped the same way.
/// </summary>
internal sealed class DigitGrouping
{
    /// <summary>No grouping: the response is printed as one run of digits.</summary>
    public static readonly DigitGrouping None = new([], []);

    /// <summary>Groups of four separated by a space, as terminals display a challenge.</summary>
    public static readonly DigitGrouping Fours = new([4], [" "]);

    private readonly int[] _groups;
    private readonly string[] _separators;

    private DigitGrouping(int[] groups, string[] separators)
    {
        _groups = groups;
        _separators = separators;
    }

    /// <summary>Removes spaces and dashes from <paramref name="typed"/> (and maps full-width digits to ASCII), remembering the grouping.</summary>
    public static string Normalize(string typed, out DigitGrouping grouping)
    {
        var compact = new StringBuilder(typed.Length);
        var groups = new List<int>();
        var separators = new List<string>();
        var separator = new StringBuilder();
        int current = 0;
        foreach (char c in typed)
        {
            if (c is ' ' or '-')
            {
                if (current > 0)
                {
                    separator.Append(c);
                }

                continue;
            }

            if (separator.Length > 0)
            {
                groups.Add(current);
                separators.Add(separator.ToString());
                separator.Clear();
                current = 0;
            }

            compact.Append(c is >= '\uFF10' and <= '\uFF19' ? (char)('0' + (c - '\uFF10')) : c);
            current++;
        }

        if (current > 0)
        {
            groups.Add(current);
        }

        grouping = groups.Count > 1 ? new DigitGrouping([.. groups], [.. separators]) : None;
        return compact.ToString();
    }

    /// <summary>Groups <paramref name="response"/>: exactly like the challenge when the lengths agree, else in runs of its first group's length.</summary>
    public string Apply(string response)
    {
        if (_groups.Length == 0)
        {
            return response;
        }

        var result = new StringBuilder(response.Length * 2);
        if (_groups.Length > 1 && _groups.Sum() == response.Length)
        {
            int position = 0;
            for (int i = 0; i < _groups.Length; i++)
            {
                result.Append(response, position, _groups[i]);
                position += _groups[i];
                if (i < _separators.Length)
                {
                    result.Append(_separators[i]);
                }
            }

            return result.ToString();
        }

        int size = _groups[0];
        string separator = _separators.Length > 0 ? _separators[0] : " ";
        for (int position = 0; position < response.Length; position += size)
        {
            if (position > 0)
            {
                result.Append(separator);
            }

            result.Append(response, position, Math.Min(size, response.Length - position));
        }

        return result.ToString();
    }
}
