using System.Globalization;
using System.Threading.RateLimiting;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Features.Api;

/// <summary>The <c>Api:RateLimits</c> section: how many requests one API key may send per minute.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Reads (every /api/v1 endpoint that is not a write) one key may send per minute.</summary>
    public int ReadsPerMinute { get; set; } = 600;

    /// <summary>Writes one key may send per minute, counted apart from its reads.</summary>
    public int WritesPerMinute { get; set; } = 120;

    public void Validate()
    {
        if (ReadsPerMinute < 1 || WritesPerMinute < 1)
        {
            throw new ArgumentException(
                $"{Section}:ReadsPerMinute is {ReadsPerMinute} and {Section}:WritesPerMinute is {WritesPerMinute}; both must be at least 1.");
        }
    }
}

/// <summary>
/// The API's rate limits, one fixed window a minute per API key (by the key's id; by client address for a request
/// without one): reads for the whole /api/v1 group, and a stricter budget for the endpoints marked
/// <see cref="ApiAccess.Writes"/>. They run after authorisation, which is where the key's principal is known. A
/// refused request gets 429, Retry-After in seconds, and a problem body.
/// </summary>
public static class ApiRateLimits
{
    public const string Reads = "ApiReads";

    public const string Writes = "ApiWrites";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiRateLimitOptions>().Bind(configuration.GetSection(ApiRateLimitOptions.Section))
            .CheckedOnStart(options => options.Validate());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((limiter, limits) =>
        {
            limiter.AddPolicy(Reads, new KeyPolicy(limits.Value.ReadsPerMinute));
            limiter.AddPolicy(Writes, new KeyPolicy(limits.Value.WritesPerMinute));
        });
        return services;
    }

    /// <summary>The claim with the key's id that the API key handler puts on the key's principal.</summary>
    public const string KeyIdClaim = FlipFlow.Web.Features.ApiKeys.ApiKeyClaims.Id;

    /// <summary>Whose budget a request spends: its API key's (by id: two keys may share a name), else its client address's.</summary>
    public static string PartitionOf(HttpContext context) =>
        context.User.Identities.FirstOrDefault(identity => identity.IsAuthenticated && identity.AuthenticationType == ApiAccess.Scheme) is { } key
            ? "key:" + (key.FindFirst(KeyIdClaim)?.Value ?? key.Name)
            : "address:" + ClientAddress.KeyOf(context.Connection.RemoteIpAddress);

    private sealed class KeyPolicy(int permitsPerMinute) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RefuseAsync;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(PartitionOf(httpContext), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitsPerMinute,
                Window = Window,
                QueueLimit = 0,
            });
    }

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRateLimits))
            .LogWarning("API rate limit reached by {Partition} on {Method} {Path}: refused for {Seconds} s",
                PartitionOf(context), context.Request.Method, context.Request.Path.Value, seconds);
        await ApiProblems.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = $"This key sent more requests this minute than {ApiRateLimitOptions.Section} allows. Wait {seconds} seconds, then try again.",
        });
    }
}
