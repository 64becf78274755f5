using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>A logger provider that keeps every line it is given, with its state, exception and scopes, as text.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLine> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }

            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            var scopeValues = new Dictionary<string, string?>();
            owner.scopes.ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        scopeValues[key] = value?.ToString();
                        text.Append(' ').Append(key).Append('=').Append(value);
                    }
                }
                else
                {
                    text.Append(' ').Append(scope);
                }
            }, (object?)null);

            owner.lines.Enqueue(new CapturedLine(logLevel, category, text.ToString(), scopeValues));
        }
    }
}

public sealed record CapturedLine(LogLevel Level, string Category, string Text, IReadOnlyDictionary<string, string?> Scope);
