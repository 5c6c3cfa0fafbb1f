using System.Text.RegularExpressions;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

/// <summary>One route of the app as the route list writes it: method, pattern, and what it needs.</summary>
public sealed record AppRoute(string Method, string Pattern, string Policy, RouteEndpoint Endpoint)
{
    public string Line => $"{Method} {Pattern} {Policy}";

    public bool IsApi => Pattern.StartsWith(ApiEndpoints.Prefix + "/", StringComparison.Ordinal);

    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>The pattern with a value in each parameter that its constraint takes, to call it.</summary>
    public string Sample => AppRoutes.Parameter().Replace(Pattern, parameter => parameter.Value.Contains(":guid", StringComparison.Ordinal)
        ? "00000000-0000-0000-0000-000000000001"
        : "1");
}

/// <summary>Reads the app's endpoint data source into <see cref="AppRoute"/>s.</summary>
public static partial class AppRoutes
{
    /// <summary>
    /// Every route but static files (MapStaticAssets' fingerprinted copies of wwwroot and the packages' files, which
    /// change with every style edit and package update and are all anonymous GETs).
    /// </summary>
    public static IReadOnlyList<AppRoute> Of(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !IsStaticFile(endpoint))
            .SelectMany(endpoint => MethodsOf(endpoint).Select(method => new AppRoute(method, PatternOf(endpoint), PolicyOf(endpoint), endpoint)))
            .OrderBy(route => route.Pattern, StringComparer.Ordinal).ThenBy(route => route.Method, StringComparer.Ordinal),
    ];

    public static string PatternOf(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    /// <summary>
    /// "anonymous", the policies it names joined with '+', or "fallback" (FlipFlow's fallback policy: a signed-in user
    /// with a role) when it names none.
    /// </summary>
    public static string PolicyOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return "anonymous";
        }
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => data.Policy ?? (data.Roles is { } roles ? "roles:" + roles : "signed-in"))
            .Distinct().ToList();
        return policies.Count == 0 ? "fallback" : string.Join("+", policies);
    }

    private static IEnumerable<string> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["*"];

    private static bool IsStaticFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(item => item.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    [GeneratedRegex(@"\{[^}]+\}")]
    internal static partial Regex Parameter();
}
