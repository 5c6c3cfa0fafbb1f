using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// What a person sees when a request fails outside a live page: a plain apology with a correlation id,
/// and the same id in the log next to the error, so support can find one from the other.
/// </summary>
public static class ErrorPage
{
    public static string NewCorrelationId() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

    public static void Handle(IApplicationBuilder app) => app.Run(async context =>
    {
        var correlationId = NewCorrelationId();
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FlipFlow.Errors")
            .LogError(error, "Request {Method} {Path} failed; correlation id {CorrelationId}",
                context.Request.Method, context.Request.Path.Value, correlationId);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FlipFlow: something went wrong</title></head>
            <body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
            <h1>Something went wrong</h1>
            <p>FlipFlow could not finish this request. Nothing you did caused it, and it has been logged.</p>
            <p>If it happens again, give this correlation id to your administrator: <code>{WebUtility.HtmlEncode(correlationId)}</code></p>
            <p><a href="/">Back to FlipFlow</a></p></body></html>
            """);
    });
}
