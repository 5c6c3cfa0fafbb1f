using System.Diagnostics;
using FlipFlow.Domain.Common;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// Gives every request one id: the caller's <c>X-Request-ID</c> when <see cref="RequestIdFormat"/> accepts it, else a
/// new one. The id becomes <see cref="HttpContext.TraceIdentifier"/> (which the error page and API problems show), comes
/// back on every response, and is the <c>RequestId</c> of a logging scope around the rest of the pipeline, so every log
/// line the request causes carries it.
/// </summary>
public sealed class RequestIds(RequestDelegate next, ILogger<RequestIds> logger)
{
    public const string Header = "X-Request-ID";

    /// <summary>A new id: the trace id when a trace is running (so traces and logs meet), else a random one.</summary>
    public static string New() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header];
        var id = sent.Count == 1 && RequestIdFormat.Accepts(sent[0]) ? sent[0]! : New();
        context.TraceIdentifier = id;
        // Set as the response starts: the exception handler clears headers before it writes its answer.
        context.Response.OnStarting(static state =>
        {
            var request = (HttpContext)state;
            request.Response.Headers[Header] = request.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using (logger.BeginScope("RequestId:{RequestId}", id))
        {
            await next(context);
        }
    }
}
