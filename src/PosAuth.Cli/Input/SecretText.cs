using System.Runtime.InteropServices;

namespace PosAuth.Cli.Input;

/// <summary>A line of text read from standard input, a terminal or a file, in a buffer this object owns and clears on dispose.</summary>
internal sealed class SecretText : IDisposable
{
    private readonly char[] _buffer;
    private readonly int _start;
    private int _length;

    public SecretText(char[] buffer, int start, int length)
    {
        _buffer = buffer;
        _start = start;
        _length = length;
    }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(_start, _length);

    public int Length => _length;

    /// <summary>A copy as a string, for the few SDK calls that take one (a stored hash string, which the SDK keeps no longer than the call).</summary>
    public override string ToString() => new(Span);

    public void Dispose()
    {
        MemoryMarshal.AsBytes(_buffer.AsSpan()).Clear();
        _length = 0;
    }
}
