namespace PosAuth.Cli.Tests.Support;

/// <summary>
/// Standard input that never ends (<c>cat /dev/zero</c>, <c>yes 1</c>): an optional prefix, then one character
/// forever. Counts what it served, and throws once it has served 1 MiB, so a reader without a bound fails the test
/// instead of eating the machine's memory.
/// </summary>
internal sealed class EndlessReader(char fill, string prefix = "") : TextReader
{
    public const long Limit = 1 << 20;

    public long Served { get; private set; }

    public override int Peek() => Served < prefix.Length ? prefix[(int)Served] : fill;

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        Read(one);
        return one[0];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (Served > Limit)
        {
            throw new InvalidOperationException($"read more than {Limit} characters from an endless standard input: the reader has no bound");
        }

        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Served + i < prefix.Length ? prefix[(int)(Served + i)] : fill;
        }

        Served += buffer.Length;
        return buffer.Length;
    }
}
