using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PosAuth.Tests.TestSupport;

/// <summary>Captures every formatted log message (and exception text) for scanning.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string text = $"{category} {logLevel} {formatter(state, exception)} {exception}";
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                text += " " + string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"));
            }

            owner._messages.Enqueue(text);
        }
    }
}
