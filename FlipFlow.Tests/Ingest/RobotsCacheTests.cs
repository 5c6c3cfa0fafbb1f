using System.Text;
using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Ingest;

/// <summary>The robots.txt cache against a real HTTP server on this machine, reached with private addresses allowed.</summary>
public sealed class RobotsCacheTests : IAsyncDisposable
{
    private const string ShopRobots = """
        User-agent: *
        Disallow: /private

        User-agent: FlipFlow
        Disallow: /drafts
        Crawl-delay: 2
        """;

    private readonly List<IAsyncDisposable> disposables = [];
    private readonly ManualClock clock = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in disposables)
        {
            await disposable.DisposeAsync();
        }
    }

    private CountingHttpServer Serve(Func<string, ScriptedAnswer> answer)
    {
        var server = CountingHttpServer.Start(answer);
        disposables.Add(server);
        return server;
    }

    private static ScriptedAnswer Robots(string text) => new(200, Encoding.UTF8.GetBytes(text), "text/plain");

    private RobotsCache Cache(bool allowPrivateAddresses = true)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("Fetching:AllowPrivateAddresses", (string?)allowPrivateAddresses.ToString())])
            .Build();
        var services = new ServiceCollection();
        services.AddFlipFlowFetching(configuration);
        var provider = services.BuildServiceProvider();
        disposables.Add(provider);
        return new RobotsCache(provider.GetRequiredService<GuardedFetcher>(), Options.Create(new IngestionOptions()),
            provider.GetRequiredService<IOptions<FetchingOptions>>(), clock);
    }

    private static Uri At(CountingHttpServer server, string path) => new($"http://127.0.0.1:{server.Port}{path}");

    private static int RobotsFetches(CountingHttpServer server) => server.Paths.Count(path => path == "/robots.txt");

    [Fact]
    public async Task The_rules_for_FlipFlow_refuse_their_paths_and_carry_the_crawl_delay()
    {
        var server = Serve(path => path == "/robots.txt" ? Robots(ShopRobots) : new ScriptedAnswer(404));

        var policy = await Cache().PolicyAsync(At(server, "/drafts/charizard"), CancellationToken.None);

        Assert.False(policy.Allows("/drafts/charizard"));
        Assert.True(policy.Allows("/private/stock"));
        Assert.True(policy.Allows("/cards/pikachu"));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.CrawlDelay);
    }

    [Fact]
    public async Task A_site_s_robots_txt_is_fetched_once_for_many_callers_until_it_expires()
    {
        var server = Serve(_ => Robots(ShopRobots) with { Delay = TimeSpan.FromMilliseconds(100) });
        var cache = Cache();

        var together = await Task.WhenAll(Enumerable.Range(1, 5).Select(n => cache.PolicyAsync(At(server, $"/cards/{n}"), CancellationToken.None)));
        var later = await cache.PolicyAsync(At(server, "/boxes/1?page=2#top"), CancellationToken.None);
        var fetchesBeforeExpiry = RobotsFetches(server);
        clock.Advance(TimeSpan.FromMinutes(61));
        await cache.PolicyAsync(At(server, "/cards/1"), CancellationToken.None);

        Assert.Single(together.Append(later).Distinct());
        Assert.Equal(1, fetchesBeforeExpiry);
        Assert.Equal(2, RobotsFetches(server));
    }

    [Fact]
    public async Task Sites_on_other_ports_are_read_apart()
    {
        var open = Serve(_ => new ScriptedAnswer(404));
        var closed = Serve(_ => Robots("User-agent: *\nDisallow: /"));
        var cache = Cache();

        var openPolicy = await cache.PolicyAsync(At(open, "/cards/1"), CancellationToken.None);
        var closedPolicy = await cache.PolicyAsync(At(closed, "/cards/1"), CancellationToken.None);

        Assert.True(openPolicy.Allows("/cards/1"));
        Assert.False(closedPolicy.Allows("/cards/1"));
    }

    [Fact]
    public async Task A_missing_robots_txt_allows_everything_and_is_kept_like_a_file()
    {
        var server = Serve(_ => new ScriptedAnswer(404));
        var cache = Cache();

        var policy = await cache.PolicyAsync(At(server, "/cards/1"), CancellationToken.None);
        await cache.PolicyAsync(At(server, "/cards/2"), CancellationToken.None);

        Assert.Same(RobotsPolicy.AllowAll, policy);
        Assert.Equal(1, RobotsFetches(server));
    }

    [Fact]
    public async Task A_server_error_fails_the_call_as_transient_and_is_asked_again_after_half_a_minute()
    {
        var server = Serve(_ => new ScriptedAnswer(500));
        var cache = Cache();

        var failed = await Assert.ThrowsAsync<FetchException>(() => cache.PolicyAsync(At(server, "/cards/1"), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(20));
        var kept = await Assert.ThrowsAsync<FetchException>(() => cache.PolicyAsync(At(server, "/cards/2"), CancellationToken.None));
        var fetchesWhileKept = RobotsFetches(server);
        clock.Advance(TimeSpan.FromSeconds(11));
        await Assert.ThrowsAsync<FetchException>(() => cache.PolicyAsync(At(server, "/cards/3"), CancellationToken.None));

        Assert.IsNotType<FetchRefusedException>(failed);
        Assert.True(failed.IsTransient);
        Assert.Equal(
            $"The robots.txt of 127.0.0.1:{server.Port} could not be read, so nothing of the site is fetched for now; FlipFlow tries again later. " +
            $"http://127.0.0.1:{server.Port}/robots.txt could not be fetched: its server answered 500.",
            failed.Message);
        Assert.Equal(TimeSpan.FromSeconds(30), failed.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), kept.RetryAfter);
        Assert.Equal(1, fetchesWhileKept);
        Assert.Equal(2, RobotsFetches(server));
    }

    [Fact]
    public async Task A_refused_fetch_of_robots_txt_is_passed_on_as_a_refusal()
    {
        var server = Serve(_ => Robots(ShopRobots));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Cache(allowPrivateAddresses: false).PolicyAsync(At(server, "/cards/1"), CancellationToken.None));

        Assert.StartsWith($"http://127.0.0.1:{server.Port}/robots.txt points at 127.0.0.1, a loopback address;", refused.Message);
        Assert.Equal(0, server.Connections);
    }
}
