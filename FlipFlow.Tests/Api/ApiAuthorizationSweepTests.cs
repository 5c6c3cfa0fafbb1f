using System.Net;
using System.Text;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>
/// Every /api/v1 route the app maps, called for real: without a key each answers 401 with a problem body and the
/// Bearer challenge, and with a Viewer key each write answers 403 with a problem body. Runs on PostgreSQL too.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiAuthorizationSweepTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private IReadOnlyList<AppRoute> ApiRoutes() => [.. AppRoutes.Of(app.Services).Where(route => route.IsApi)];

    [Fact]
    public async Task Without_a_key_every_api_route_answers_401_with_a_problem_and_the_Bearer_challenge()
    {
        var routes = ApiRoutes();
        Assert.NotEmpty(routes);
        using var client = app.NewClient();
        foreach (var route in routes)
        {
            var response = await client.SendAsync(Request(route));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task A_console_session_is_no_key_either()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        foreach (var route in ApiRoutes())
        {
            await ProblemAssert.IsProblemAsync(await client.SendAsync(Request(route)), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task With_a_Viewer_key_every_write_answers_403_with_a_problem()
    {
        var writes = ApiRoutes().Where(route => route.IsWrite).ToList();
        Assert.NotEmpty(writes);
        using var client = await app.NewApiClientAsync(Roles.Viewer);
        foreach (var route in writes)
        {
            await ProblemAssert.IsProblemAsync(await client.SendAsync(Request(route)), HttpStatusCode.Forbidden);
        }
    }

    private static HttpRequestMessage Request(AppRoute route) => new(new HttpMethod(route.Method), route.Sample)
    {
        Content = route.IsWrite ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };
}
