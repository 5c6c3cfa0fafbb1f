using System.Net;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Web;

/// <summary>
/// Walks every endpoint the app maps, pages included, and proves who may reach it: anonymous users only
/// the login page, /health and static files; Viewers nothing that needs CanOperate or CanAdminister; and
/// every endpoint that could change something declares a policy that keeps Viewers out.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class AuthorizationSweepTests : IAsyncLifetime
{
    /// <summary>What anonymous users may open. Everything else must send them to the login page.</summary>
    private static readonly HashSet<string> AnonymousRoutes = ["/account/login", "/health", "/_framework/blazor.web.js", "/vendor/apexcharts.min.js"];

    /// <summary>
    /// Non-GET endpoints that change nothing of the business: Blazor's connection plumbing, and signing in,
    /// out or changing one's own password, which every role may do.
    /// </summary>
    private static readonly HashSet<string> PlumbingPosts = ["/_blazor/negotiate", "/_blazor/disconnect", "/_blazor/initializers", "/account/logout"];

    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static bool IsStaticFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && StaticFile().IsMatch(Route(endpoint));

    private static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    /// <summary>The route with a value in each parameter that its constraint takes, so the call reaches the endpoint.</summary>
    private static string Sample(RouteEndpoint endpoint) => Parameter().Replace(Route(endpoint), parameter =>
        parameter.Value.Contains(":guid", StringComparison.Ordinal) ? "00000000-0000-0000-0000-000000000001" : "1");

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"];

    [Fact]
    public async Task Anonymous_users_reach_only_the_login_page_health_and_static_files()
    {
        var endpoints = Endpoints();
        Assert.Contains(endpoints, endpoint => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null);
        using var client = app.NewClient();
        var checkedRoutes = 0;
        foreach (var endpoint in endpoints.Where(endpoint => !IsStaticFile(endpoint)))
        {
            var path = Sample(endpoint);
            foreach (var method in Methods(endpoint))
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var reachable = response.IsSuccessStatusCode;
                if (AnonymousRoutes.Contains(Route(endpoint)) && method == "GET")
                {
                    Assert.True(reachable, $"{method} {path} should be open to anonymous users; it answered {(int)response.StatusCode}.");
                    continue;
                }
                Assert.False(reachable, $"{method} {path} answered {(int)response.StatusCode} to an anonymous user.");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.StartsWith("/account/login", Forms.RedirectPath(response, app.BaseAddress));
                }
                else
                {
                    // 415: an API write called without a JSON body is refused for that before its key is asked for.
                    Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed
                        or HttpStatusCode.UnsupportedMediaType,
                        $"{method} {path} answered {(int)response.StatusCode} to an anonymous user: neither sign-in nor a refusal.");
                }
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 6, $"Only {checkedRoutes} endpoints were checked; the sweep found too little to prove anything.");
    }

    [Fact]
    public async Task Static_files_are_files_not_pages()
    {
        using var client = app.NewClient();
        foreach (var endpoint in Endpoints().Where(IsStaticFile).Take(50))
        {
            var response = await client.GetAsync(Sample(endpoint));
            Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public void Every_endpoint_that_can_change_something_keeps_Viewers_out()
    {
        foreach (var endpoint in Endpoints().Where(endpoint => !IsStaticFile(endpoint)))
        {
            var route = Route(endpoint);
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var writes = Methods(endpoint).Any(method => method is not ("GET" or "HEAD" or "OPTIONS"));
            // Pages take POSTs only for their own forms, and each page's policy guards its form.
            if (!writes || isPage || PlumbingPosts.Contains(route))
            {
                continue;
            }
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList();
            // API writes keep Viewer keys out with the API's own policies (ApiAccess.Writes).
            Assert.True(policies.Contains(Policies.CanOperate) || policies.Contains(Policies.CanAdminister)
                        || policies.Contains(ApiAccess.Write) || policies.Contains(ApiAccess.Administer),
                $"{string.Join(",", Methods(endpoint))} {route} changes things but lets Viewers in; require {Policies.CanOperate} ({ApiAccess.Write} under /api).");
        }
    }

    [Fact]
    public async Task Viewers_are_refused_every_page_that_needs_more_than_viewing()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        var guarded = 0;
        foreach (var endpoint in Endpoints().Where(endpoint => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList();
            var response = await client.GetAsync(Sample(endpoint));
            if (policies.Contains(Policies.CanOperate) || policies.Contains(Policies.CanAdminister))
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/access-denied", Forms.RedirectPath(response, app.BaseAddress));
                guarded++;
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound,
                    $"GET {Sample(endpoint)} answered {(int)response.StatusCode} to a Viewer.");
            }
        }
        Assert.True(guarded >= 2, "Expected the Users and System pages, at least, to be guarded.");
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\.[a-z0-9]{2,5}(\.gz|\.br)?$", RegexOptions.IgnoreCase)]
    private static partial Regex StaticFile();
}
