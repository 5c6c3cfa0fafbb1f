using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// What a person sees when a request fails outside a live page: a plain apology with the request id (see
/// <see cref="RequestIds"/>), the same id the response's X-Request-ID header and every log line of the request carry,
/// so support can find one from the other. A request the server could not read (a query value of the wrong type) is
/// the caller's mistake, answered with its own status and logged as information only.
/// </summary>
public static class ErrorPage
{
    public static void Handle(IApplicationBuilder app) => app.Run(async context =>
    {
        var requestId = context.TraceIdentifier;
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FlipFlow.Errors");
        context.Response.ContentType = "text/html; charset=utf-8";
        if (error is BadHttpRequestException unreadable)
        {
            logger.LogInformation("Request {Method} {Path} could not be read: {Reason}; request id {RequestId}",
                context.Request.Method, context.Request.Path.Value, unreadable.Message, requestId);
            context.Response.StatusCode = unreadable.StatusCode;
            await context.Response.WriteAsync($"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FlipFlow: bad request</title></head>
                <body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
                <h1>This address could not be read</h1>
                <p>Part of the address or the form is not in the form FlipFlow expects. Check it and try again.</p>
                <p><a href="/">Back to FlipFlow</a></p></body></html>
                """);
            return;
        }
        logger.LogError(error, "Request {Method} {Path} failed; request id {RequestId}", context.Request.Method, context.Request.Path.Value, requestId);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FlipFlow: something went wrong</title></head>
            <body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
            <h1>Something went wrong</h1>
            <p>FlipFlow could not finish this request. Nothing you did caused it, and it has been logged.</p>
            <p>If it happens again, give this request id to your administrator: <code>{WebUtility.HtmlEncode(requestId)}</code></p>
            <p><a href="/">Back to FlipFlow</a></p></body></html>
            """);
    });
}
