using System.Net;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>The API's rate limits on the real app, where they must run after the key is known: per key, reads and writes apart.</summary>
[Trait("Category", "Integration")]
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private const int Reads = 3;

    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Api:RateLimits:ReadsPerMinute"] = Reads.ToString(),
        ["Api:RateLimits:WritesPerMinute"] = "1",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_burst_over_the_read_limit_gets_429_problems_with_Retry_After_and_another_key_is_not_held_back()
    {
        using var client = await app.NewApiClientAsync(Roles.Viewer);
        var answers = new List<HttpResponseMessage>();
        for (var call = 0; call < Reads + 2; call++)
        {
            answers.Add(await client.GetAsync("/api/v1/stats/dashboard"));
        }

        Assert.All(answers.Take(Reads), answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        foreach (var refused in answers.Skip(Reads))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        }
        using var other = await app.NewApiClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/stats/dashboard")).StatusCode);
        Assert.Contains(app.Logs, line => line.Contains("API rate limit reached by key:"));
    }
}
