using Bunit;
using FlipFlow.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace FlipFlow.Tests.Components;

public sealed class ErrorBoundaryTests : BunitContext, IAsyncLifetime
{
    private readonly List<string> log = [];
    private readonly Fault fault = new();

    public ErrorBoundaryTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(new LoggerFactory([new ListLoggerProvider(log)]));
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void A_failing_page_shows_a_friendly_message_with_the_correlation_id_that_the_log_also_has()
    {
        fault.On = true;

        var boundary = RenderBoundary();

        var alert = boundary.Find("[data-testid=error-boundary]");
        Assert.Contains("mud-alert-outlined-error", alert.ClassName);
        Assert.Contains("Something went wrong on this page.", alert.TextContent);
        Assert.DoesNotContain("database on fire", boundary.Markup);
        var id = boundary.Find("[data-testid=correlation-id]").TextContent;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(boundary.Instance.CorrelationId, id);
        Assert.Contains(log, line => line.Contains(id) && line.Contains("database on fire"));
    }

    [Fact]
    public void Try_again_renders_the_page_again_once_it_no_longer_fails()
    {
        fault.On = true;
        var boundary = RenderBoundary();
        Assert.Empty(boundary.FindAll("[data-testid=page-content]"));

        fault.On = false;
        boundary.Find("[data-testid=error-boundary-retry]").Click();

        Assert.Equal("The page", boundary.Find("[data-testid=page-content]").TextContent);
        Assert.Empty(boundary.FindAll("[data-testid=error-boundary]"));
    }

    [Fact]
    public void A_page_that_works_is_shown_as_it_is()
    {
        var boundary = RenderBoundary();

        Assert.Equal("The page", boundary.Find("[data-testid=page-content]").TextContent);
        Assert.Empty(boundary.FindAll("[data-testid=error-boundary]"));
        Assert.Empty(log);
    }

    private IRenderedComponent<CorrelatedErrorBoundary> RenderBoundary() =>
        Render<CorrelatedErrorBoundary>(parameters => parameters
            .AddChildContent<PageThatMayFail>(page => page.Add(component => component.Fault, fault)));

    private sealed class Fault
    {
        public bool On { get; set; }
    }

    private sealed class PageThatMayFail : ComponentBase
    {
        [Parameter]
        public Fault Fault { get; set; } = default!;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Fault.On)
            {
                throw new InvalidOperationException("database on fire");
            }
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "page-content");
            builder.AddContent(2, "The page");
            builder.CloseElement();
        }
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        // Only the boundary's own log: bUnit's renderer logs its work too.
        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(CorrelatedErrorBoundary).FullName ? new ListLogger(lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

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
