using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// A logger provider that keeps every log entry as the text a sink would receive: category, formatted message, every
/// structured property, every scope value and the exception. Registered for all categories at Trace.
/// </summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(text, state);
            capture._scopes.ForEachScope((scope, builder) => AppendValues(builder.Append(" scope="), scope), text);
            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            capture._entries.Enqueue(text.ToString());
        }

        private static void AppendValues(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }
            else
            {
                text.Append(' ').Append(state);
            }
        }
    }
}
