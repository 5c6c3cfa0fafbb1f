using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Support;

/// <summary>One log entry as a component wrote it: its level, category, message and exception.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception, EventId EventId = default)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" | {Exception.GetType().Name}: {Exception.Message}")}";
}

/// <summary>A logger provider that keeps every entry of every level, for tests of what is (and is not) logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    /// <summary>Warnings, errors and criticals: what an operator's log shows as something wrong.</summary>
    public IReadOnlyList<CapturedLog> Problems => [.. entries.Where(entry => entry.Level >= LogLevel.Warning)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(logLevel, category, formatter(state, exception), exception, eventId));
    }
}
