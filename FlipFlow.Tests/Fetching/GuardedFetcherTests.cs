using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Fetching;

/// <summary>
/// The guarded fetcher against a real HTTP server on this machine. Where a test needs a public address, it
/// stands in a <see cref="TestNetwork"/>: names resolve to addresses the test chooses, and every connection the
/// fetcher allows is routed to the local server; the fetcher's own check runs between the two, unchanged.
/// </summary>
public sealed class GuardedFetcherTests : IAsyncDisposable
{
    /// <summary>A public address (it never leaves this machine: the test network routes it to the local server).</summary>
    private static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.215.14");

    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

    private readonly List<IAsyncDisposable> disposables = [];

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

    private GuardedFetcher Fetcher(TestNetwork? network = null, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddFlipFlowFetching(configuration);
        if (network is not null)
        {
            services.AddSingleton<FetchNetwork>(network);
        }
        var provider = services.BuildServiceProvider();
        disposables.Add(provider);
        return provider.GetRequiredService<GuardedFetcher>();
    }

    [Fact]
    public async Task A_loopback_address_is_refused_with_a_reason_and_no_connection_reaches_it()
    {
        var server = Serve(_ => ScriptedAnswer.Image(Photo));
        var address = $"http://127.0.0.1:{server.Port}/x.png";

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher().FetchAsync(new Uri(address), null, CancellationToken.None));

        Assert.Equal(
            $"{address} points at 127.0.0.1, a loopback address; FlipFlow does not fetch from private, loopback, link-local or other non-public addresses unless Fetching:AllowPrivateAddresses is true.",
            refused.Message);
        Assert.False(refused.IsTransient);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address")]
    [InlineData("http://10.0.0.5/x.png", "10.0.0.5, a private address")]
    [InlineData("http://172.16.0.1/x.png", "172.16.0.1, a private address")]
    [InlineData("http://192.168.1.1/x.png", "192.168.1.1, a private address")]
    [InlineData("http://100.64.0.1/x.png", "100.64.0.1, a carrier-grade NAT address")]
    [InlineData("http://0.0.0.0/x.png", "0.0.0.0, the unspecified address")]
    [InlineData("http://224.0.0.1/x.png", "224.0.0.1, a multicast address")]
    [InlineData("http://255.255.255.255/x.png", "255.255.255.255, the broadcast address")]
    [InlineData("http://2130706433/x.png", "127.0.0.1, a loopback address")]
    [InlineData("http://[::1]/x.png", "::1, a loopback address")]
    [InlineData("http://[::ffff:169.254.169.254]/x.png", "::ffff:169.254.169.254, a link-local address")]
    [InlineData("http://[fe80::1]/x.png", "fe80::1, a link-local address")]
    [InlineData("https://[fd00::1]/x.png", "fd00::1, a private address")]
    public async Task Every_non_public_address_is_refused_before_any_connection(string address, string pointsAt)
    {
        var network = new TestNetwork();

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri(address), null, CancellationToken.None));

        Assert.Contains($"points at {pointsAt};", refused.Message);
        Assert.Empty(network.Connected);
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_without_saying_which()
    {
        var network = new TestNetwork { ["intranet.example"] = [IPAddress.Parse("10.20.30.40")] };

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri("http://intranet.example/x.png"), null, CancellationToken.None));

        Assert.StartsWith("http://intranet.example/x.png names a host (intranet.example) that resolves only to non-public addresses;", refused.Message);
        Assert.DoesNotContain("10.20.30.40", refused.Message);
        Assert.Empty(network.Connected);
    }

    [Fact]
    public async Task Of_a_name_with_private_and_public_addresses_only_the_public_one_is_connected_to()
    {
        var server = Serve(_ => ScriptedAnswer.Image(Photo));
        var network = new TestNetwork { ["images.example"] = [IPAddress.Parse("192.168.0.10"), IPAddress.Loopback, PublicAddress] };

        var fetched = await Fetcher(network).FetchAsync(new Uri($"http://images.example:{server.Port}/cards/front.jpg"), null, CancellationToken.None);

        Assert.Equal(Photo, fetched.Bytes);
        Assert.Equal(("image/jpeg", "front.jpg"), (fetched.MediaType, fetched.FileName));
        Assert.Equal([PublicAddress], network.Connected);
    }

    [Fact]
    public async Task A_redirect_from_a_public_host_to_the_metadata_address_is_refused_after_the_first_hop()
    {
        var server = Serve(path => path == "/a.png"
            ? ScriptedAnswer.Redirect("http://169.254.169.254/latest/meta-data/iam/")
            : ScriptedAnswer.Image(Photo));
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };
        var address = $"http://cdn.example:{server.Port}/a.png";

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri(address), null, CancellationToken.None));

        Assert.StartsWith(
            $"{address} redirects to http://169.254.169.254/latest/meta-data/iam/, which points at 169.254.169.254, a link-local address;",
            refused.Message);
        Assert.Equal([PublicAddress], network.Connected);
        Assert.Equal(["/a.png"], server.Paths);
    }

    [Fact]
    public async Task A_redirect_to_a_name_that_resolves_to_a_private_address_is_refused()
    {
        var server = Serve(path => path == "/a.png"
            ? ScriptedAnswer.Redirect("http://rebound.example/secret", 307)
            : ScriptedAnswer.Image(Photo));
        var network = new TestNetwork
        {
            ["cdn.example"] = [PublicAddress],
            ["rebound.example"] = [IPAddress.Parse("127.0.0.1")],
        };

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri($"http://cdn.example:{server.Port}/a.png"), null, CancellationToken.None));

        Assert.Contains("redirects to http://rebound.example/secret, which names a host (rebound.example) that resolves only to non-public addresses", refused.Message);
        Assert.Equal([PublicAddress], network.Connected);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cdn.example/x.png")]
    [InlineData("gopher://cdn.example/x")]
    public async Task A_redirect_to_a_scheme_other_than_http_is_refused(string location)
    {
        var server = Serve(_ => ScriptedAnswer.Redirect(location));
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri($"http://cdn.example:{server.Port}/a.png"), null, CancellationToken.None));

        Assert.Contains($"redirects to {location}, which is not an http or https address", refused.Message);
        Assert.Single(server.Paths);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cdn.example/x.png")]
    public async Task An_address_other_than_http_or_https_is_refused(string address)
    {
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(network).FetchAsync(new Uri(address), null, CancellationToken.None));

        Assert.Equal($"{address} is not an http or https address; FlipFlow fetches only those.", refused.Message);
        Assert.Empty(network.Connected);
    }

    [Fact]
    public async Task Redirects_are_followed_up_to_the_maximum_each_on_a_connection_checked_again_and_no_further()
    {
        var server = Serve(path => path switch
        {
            "/1" => ScriptedAnswer.Redirect("/2", 301),
            "/2" => ScriptedAnswer.Redirect("/3", 303),
            "/3" => ScriptedAnswer.Redirect("/photo.jpg", 308),
            _ => ScriptedAnswer.Image(Photo),
        });
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };

        var fetched = await Fetcher(network, ("Fetching:MaxRedirects", "3"))
            .FetchAsync(new Uri($"http://cdn.example:{server.Port}/1"), null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => Fetcher(network, ("Fetching:MaxRedirects", "2"))
            .FetchAsync(new Uri($"http://cdn.example:{server.Port}/1"), null, CancellationToken.None));

        Assert.Equal(Photo, fetched.Bytes);
        Assert.Equal(new Uri($"http://cdn.example:{server.Port}/photo.jpg"), fetched.Address);
        Assert.Equal("photo.jpg", fetched.FileName);
        Assert.Equal(4 + 3, network.Connected.Count);
        Assert.Equal($"http://cdn.example:{server.Port}/1 redirects more than 2 times; FlipFlow follows at most 2 (Fetching:MaxRedirects).", refused.Message);
    }

    [Theory]
    [InlineData(5_000, null)]
    [InlineData(5_000, -1L)]
    // Announced but not sent: refused on the announcement, before any of the body is waited for.
    [InlineData(10, 5_000L)]
    public async Task A_body_larger_than_the_limit_is_refused_on_its_Content_Length_or_while_it_is_read(int sent, long? announced)
    {
        var server = Serve(_ => new ScriptedAnswer(200, new byte[sent], "image/png", Length: announced));
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };
        var fetcher = Fetcher(network, ("Fetching:MaxBytes", "4096"));
        var address = new Uri($"http://cdn.example:{server.Port}/big.png");

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(address, null, CancellationToken.None));
        // A caller's limits only tighten the configured ones.
        await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(address, new FetchLimits(MaxBytes: 100_000), CancellationToken.None));

        Assert.Equal($"{address} is larger than the 4 KB FlipFlow fetches at most (Fetching:MaxBytes).", refused.Message);
    }

    [Fact]
    public async Task A_fetch_slower_than_the_time_limit_fails_as_transient()
    {
        var server = Serve(_ => ScriptedAnswer.Image(Photo) with { Delay = TimeSpan.FromSeconds(5) });
        var network = new TestNetwork { ["slow.example"] = [PublicAddress] };

        var failed = await Assert.ThrowsAsync<FetchException>(() => Fetcher(network, ("Fetching:TimeoutSeconds", "0.3"))
            .FetchAsync(new Uri($"http://slow.example:{server.Port}/x.png"), null, CancellationToken.None));

        Assert.True(failed.IsTransient);
        Assert.Equal($"http://slow.example:{server.Port}/x.png could not be fetched within 0.3 seconds (Fetching:TimeoutSeconds).", failed.Message);
    }

    [Fact]
    public async Task An_answer_of_another_media_type_is_refused_and_server_errors_keep_their_kind()
    {
        var server = Serve(path => path switch
        {
            "/page" => new ScriptedAnswer(200, "<html></html>"u8.ToArray(), "text/html"),
            "/gone" => new ScriptedAnswer(404),
            _ => new ScriptedAnswer(503),
        });
        var network = new TestNetwork { ["cdn.example"] = [PublicAddress] };
        var fetcher = Fetcher(network);
        var images = new FetchLimits(Accept: FetchedMediaTypes.Images);

        var page = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            fetcher.FetchAsync(new Uri($"http://cdn.example:{server.Port}/page"), images, CancellationToken.None));
        var gone = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri($"http://cdn.example:{server.Port}/gone"), images, CancellationToken.None));
        var down = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri($"http://cdn.example:{server.Port}/down"), images, CancellationToken.None));

        Assert.Equal($"http://cdn.example:{server.Port}/page is not an image: its server sent text/html.", page.Message);
        Assert.Equal((false, $"http://cdn.example:{server.Port}/gone could not be fetched: its server answered 404."), (gone.IsTransient, gone.Message));
        Assert.True(down.IsTransient);
    }

    [Fact]
    public async Task With_private_addresses_allowed_a_loopback_server_is_fetched()
    {
        var server = Serve(_ => ScriptedAnswer.Image(Photo));

        var fetched = await Fetcher(null, ("Fetching:AllowPrivateAddresses", "true"))
            .FetchAsync(new Uri($"http://127.0.0.1:{server.Port}/x.png"), null, CancellationToken.None);

        Assert.Equal(Photo, fetched.Bytes);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_host_named_in_HostAddresses_is_answered_with_its_address_which_is_judged_like_any_other()
    {
        var server = Serve(_ => ScriptedAnswer.Image(Photo));
        var address = new Uri($"http://mirror.example:{server.Port}/x.png");

        var fetched = await Fetcher(null, ("Fetching:AllowPrivateAddresses", "true"), ("Fetching:HostAddresses:mirror.example", "127.0.0.1"))
            .FetchAsync(address, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            Fetcher(null, ("Fetching:HostAddresses:mirror.example", "127.0.0.1")).FetchAsync(address, null, CancellationToken.None));

        Assert.Equal(Photo, fetched.Bytes);
        Assert.Contains("names a host (mirror.example) that resolves only to non-public addresses", refused.Message);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData("Fetching:MaxBytes", "0", "Fetching:MaxBytes is 0; it must be at least 1 byte")]
    [InlineData("Fetching:TimeoutSeconds", "0", "Fetching:TimeoutSeconds is 0; it must be more than 0 and at most 3600")]
    [InlineData("Fetching:MaxRedirects", "-1", "Fetching:MaxRedirects is -1; it must be between 0 and 20")]
    public void Settings_that_make_no_sense_stop_the_start_with_their_name(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();
        var services = new ServiceCollection();
        services.AddFlipFlowFetching(configuration);
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, refused.Message);
    }
}
