using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// One error format for everything under <c>/api</c>: RFC 9457 problem details (<c>application/problem+json</c>) with
/// the request id as <c>requestId</c>, whatever the status and whoever answered (an endpoint's ValidationProblem, the
/// API key handler's 401/403, routing's 404/405, the rate limiter's 429, a body that could not be read, a failure).
/// The console keeps its own HTML error page.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        // Registered before AddProblemDetails' own writer, so under /api it is asked first, and writes whatever the
        // request's Accept header says: a script always gets the same format.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Routing.MatcherPolicy, ApiRoutesOnly>();
        // An unreadable body or query value throws instead of answering an empty 400/415, so the answer can say what
        // was wrong; the console's error page answers those with their own status too.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Status code pages for /api (empty 4xx/5xx answers become problems), and /api addresses no endpoint has.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.UseWhen(IsApi, api =>
    {
        api.UseStatusCodePages();
        api.UseMiddleware<ApiRouteMisses>();
    });

    /// <summary>The answer to a body in another format than the endpoint reads, naming both.</summary>
    public static ProblemDetails NotJson(HttpContext context) => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "The body must be JSON",
        Detail = $"Send the body with Content-Type: application/json (this request's was '{context.Request.ContentType}').",
    };

    /// <summary>Writes <paramref name="problem"/> as the answer, its status the response's.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? context.Response.StatusCode;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }
}

/// <summary>Writes every problem under /api, filling the status's title and type and adding the request id.</summary>
internal sealed class ApiProblemWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiProblems.IsApi(context.HttpContext);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Type ??= TypeOf(status);
        problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ApiProblems.ContentType));
    }

    /// <summary>The section of the RFC that defines the status, so <c>type</c> points at its meaning.</summary>
    private static string? TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        _ => null,
    };
}

/// <summary>
/// An exception under /api: a request that could not be read (a body that is not JSON, the wrong content type, a
/// query value of the wrong type) is answered with its status and what was wrong; anything else is a 500 that says
/// nothing of the exception, only the request id, which the error log line carries too.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiProblems.IsApi(context))
        {
            return false;
        }
        if (exception is BadHttpRequestException unreadable)
        {
            logger.LogInformation("API request {Method} {Path} could not be read: {Reason}", context.Request.Method, context.Request.Path.Value, unreadable.Message);
            await ApiProblems.WriteAsync(context, Unreadable(context, unreadable));
            return true;
        }
        logger.LogError(exception, "API request {Method} {Path} failed; request id {RequestId}", context.Request.Method, context.Request.Path.Value, context.TraceIdentifier);
        await ApiProblems.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "The server failed to answer this request",
            Detail = $"It has been logged. If it happens again, give your administrator the request id {context.TraceIdentifier}.",
        });
        return true;
    }

    private static ProblemDetails Unreadable(HttpContext context, BadHttpRequestException unreadable) => unreadable.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => ApiProblems.NotJson(context),
        _ when unreadable.InnerException is JsonException json => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The body is not valid JSON",
            Detail = json.Message,
        },
        _ => new ProblemDetails
        {
            Status = unreadable.StatusCode,
            Title = "The request could not be read",
            Detail = unreadable.Message,
        },
    };
}

/// <summary>
/// An /api request no API endpoint takes (routing matches no console page under /api: <see cref="ApiRoutesOnly"/>),
/// answered before authorisation rather than with the fallback policy's sign-in redirect: 404 for an address no endpoint
/// has; routing's own 405 (the address exists for other methods) and 415 (the endpoint reads JSON and the body is
/// something else) with what was wrong.
/// </summary>
internal sealed class ApiRouteMisses(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        // Routing's 405 and 415 answers are endpoints but not routes: run them, they set the status (and Allow).
        if (endpoint is not null and not RouteEndpoint)
        {
            await (endpoint.RequestDelegate?.Invoke(context) ?? Task.CompletedTask);
            if (context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            {
                await ApiProblems.WriteAsync(context, ApiProblems.NotJson(context));
            }
            return;
        }
        if (endpoint is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    }
}
