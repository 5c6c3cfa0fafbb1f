using FlipFlow.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace FlipFlow.Web.Components.Shared;

/// <summary>
/// Catches an error in a page and shows a friendly message with a correlation id; the log holds the same
/// id next to the exception, so support can find one from the other.
/// </summary>
public sealed class CorrelatedErrorBoundary : ErrorBoundaryBase
{
    [Inject]
    private ILogger<CorrelatedErrorBoundary> Logger { get; set; } = default!;

    public string? CorrelationId { get; private set; }

    protected override Task OnErrorAsync(Exception exception)
    {
        CorrelationId = ErrorPage.NewCorrelationId();
        Logger.LogError(exception, "A page failed; correlation id {CorrelationId}", CorrelationId);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }
        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "rz-alert rz-danger error-boundary");
        builder.AddAttribute(3, "role", "alert");
        builder.AddAttribute(4, "data-testid", "error-boundary");
        builder.OpenElement(5, "strong");
        builder.AddContent(6, "Something went wrong on this page.");
        builder.CloseElement();
        builder.OpenElement(7, "p");
        builder.AddContent(8, "It has been logged. If it happens again, give your administrator this correlation id: ");
        builder.OpenElement(9, "code");
        builder.AddContent(10, CorrelationId);
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenElement(11, "button");
        builder.AddAttribute(12, "class", "rz-button rz-button-sm rz-primary");
        builder.AddAttribute(13, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, Recover));
        builder.AddContent(14, "Try again");
        builder.CloseElement();
        builder.CloseElement();
    }
}
