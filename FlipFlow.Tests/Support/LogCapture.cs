using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Support;

/// <summary>One log entry as a component wrote it: its level, category, message, exception, and the values of the scopes it was written in (the innermost wins).</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception, EventId EventId = default,
    IReadOnlyDictionary<string, object?>? Scope = null)
{
    /// <summary>The value <paramref name="key"/> has in the entry's scopes, or null.</summary>
    public object? ScopeValue(string key) => Scope is not null && Scope.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" | {Exception.GetType().Name}: {Exception.Message}")}";
}

/// <summary>A logger provider that keeps every entry of every level, with its scopes, for tests of what is (and is not) logged.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    /// <summary>Warnings, errors and criticals: what an operator's log shows as something wrong.</summary>
    public IReadOnlyList<CapturedLog> Problems => [.. entries.Where(entry => entry.Level >= LogLevel.Warning)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            capture.scopes.ForEachScope(static (value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        values[key] = item;
                    }
                }
            }, scope);
            capture.entries.Enqueue(new CapturedLog(logLevel, category, formatter(state, exception), exception, eventId, scope));
        }
    }
}
