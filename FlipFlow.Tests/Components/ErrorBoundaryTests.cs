using FlipFlow.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Components;

public sealed class ErrorBoundaryTests
{
    [Fact]
    public async Task A_failing_page_shows_a_friendly_message_with_the_correlation_id_that_the_log_also_has()
    {
        var log = new List<string>();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new ListLoggerProvider(log)))
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());

        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<CorrelatedErrorBoundary>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(CorrelatedErrorBoundary.ChildContent)] = (RenderFragment)(builder =>
                {
                    builder.OpenComponent<FailingComponent>(0);
                    builder.CloseComponent();
                }),
            }));
            return output.ToHtmlString();
        });

        Assert.Contains("Something went wrong on this page.", html);
        Assert.DoesNotContain("database on fire", html);
        var id = System.Text.RegularExpressions.Regex.Match(html, "<code>([0-9a-f]{32})</code>").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains(log, line => line.Contains(id) && line.Contains("database on fire"));
    }

    private sealed class FailingComponent : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder) => throw new InvalidOperationException("database on fire");
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines)
                {
                    lines.Add($"{formatter(state, exception)} {exception?.Message}");
                }
            }
        }
    }
}
