using System.Globalization;
using System.Threading.RateLimiting;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Features.Users;

/// <summary>
/// The rate limit on password forms: each client address may POST to the pages marked <see cref="PasswordFormAttribute"/>
/// (sign-in and change password) <see cref="SignInProtectionOptions.AttemptsPerMinute"/> times a minute, together; the
/// rest are answered 429 with Retry-After. The address is the connection's, which forwarded headers from configured
/// proxies rewrite to the real client's. Every other request passes untouched. Also keeps the sign-in cookie's own
/// redirect to ReturnUrl on <see cref="AccountPaths.SafeReturnUrl"/>.
/// </summary>
public static class SignInProtection
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddSignInProtection(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInProtectionOptions>>((limiter, protection) =>
        {
            var permits = protection.Value.AttemptsPerMinute;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<PasswordFormAttribute>() is not null
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress.KeyOf(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = Window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RefuseAsync;
        });
        // Signing in on the sign-in page makes the cookie handler redirect to the page's ReturnUrl, which it has
        // decoded: a raw non-ASCII character there is refused by the server as a Location header and became a 500.
        services.ConfigureApplicationCookie(cookie => cookie.Events.OnRedirectToReturnUrl = context =>
        {
            context.Response.Redirect(AccountPaths.SafeReturnUrl(context.RedirectUri));
            return Task.CompletedTask;
        });
        return services;
    }

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/html; charset=utf-8";
        rejected.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInProtection))
            .LogWarning("Too many password attempts from {Address}: refused for {Seconds} s",
                ClientAddress.KeyOf(rejected.HttpContext.Connection.RemoteIpAddress), seconds);
        await response.WriteAsync(
            $"""
             <!DOCTYPE html>
             <html lang="en"><head><meta charset="utf-8"><title>Too many attempts · FlipFlow</title></head>
             <body><h1>Too many attempts</h1>
             <p>Too many sign-in or password-change attempts came from your address. Wait {seconds} seconds, then try again.</p>
             <p><a href="{AccountPaths.Login}">Back to sign-in</a></p></body></html>
             """, cancellationToken);
    }
}
