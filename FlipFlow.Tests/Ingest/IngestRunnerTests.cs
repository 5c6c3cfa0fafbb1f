using System.Net;
using System.Text;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Tests.Market;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Ingest;

/// <summary>
/// One address of an import at a time, as its engine job runs it (<see cref="IngestItemRunner"/>), on a real database,
/// against saved pages a local server answers. eBay's host name is answered with this machine (Fetching:HostAddresses),
/// so the eBay adapter reads the eBay page as it would on eBay.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IngestRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private readonly Dictionary<string, ScriptedAnswer> answers = [];
    private CountingHttpServer server = default!;
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        server = CountingHttpServer.Start(path => answers.TryGetValue(path, out var answer) ? answer : new ScriptedAnswer(404));
        database = await TestDatabase.CreateAsync();
        host = Build(allowPrivate: true);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await MarketTestCards.SaveAsync(host.Services, 3);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
        await server.DisposeAsync();
    }

    // The hosts' spacing waits in real time: the test's clock only dates what is written.
    private IHost Build(bool allowPrivate, FetchNetwork? network = null) => TestHost.Build(database, clock,
        services =>
        {
            services.AddSingleton(provider => new HostLimits(provider.GetRequiredService<IOptions<IngestionOptions>>(), TimeProvider.System));
            if (network is not null)
            {
                services.AddSingleton(network);
            }
        },
        new Dictionary<string, string?>
    {
        ["Fetching:AllowPrivateAddresses"] = allowPrivate ? "true" : "false",
        ["Fetching:HostAddresses:www.ebay.com"] = "127.0.0.1",
        ["Ingestion:PerHostRequestsPerSecond"] = "100",
    });

    private string EbayAddress => $"http://www.ebay.com:{server.Port}/itm/356112487203";

    private string Local(string path) => $"http://127.0.0.1:{server.Port}{path}";

    private static byte[] Saved(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Ingest", "Pages", name));

    private void Serve(string path, string page, Func<string, string>? edit = null) =>
        answers[path] = new ScriptedAnswer(200, edit is null ? Saved(page) : Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(Saved(page)))),
            "text/html; charset=utf-8");

    private IngestSessions Sessions => host.Services.GetRequiredService<IngestSessions>();

    /// <summary>Queues one address and runs its job here until it has ended, as the engine would (retries included).</summary>
    private async Task<IngestItem> IngestAsync(string address, IHost? on = null)
    {
        var services = (on ?? host).Services;
        var session = await services.GetRequiredService<IngestSessions>().StartSingleAsync(address, 0, "tester");
        return await RunAllAsync(services, session.Id);
    }

    private static async Task<IngestItem> RunAllAsync(IServiceProvider services, long sessionId)
    {
        var sessions = services.GetRequiredService<IngestSessions>();
        var item = (await sessions.ItemsAsync(sessionId, null, 0, 1)).Items[0];
        for (var attempt = 0; attempt < 10 && !item.HasEnded; attempt++)
        {
            await services.GetRequiredService<IngestItemRunner>().RunAsync(item.Id, CancellationToken.None);
            item = (await sessions.GetItemAsync(item.Id))!;
        }
        return item;
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    [Fact]
    public async Task An_eBay_item_page_becomes_a_market_listing_with_its_title_price_currency_and_seller()
    {
        Serve("/itm/356112487203", "ebay-item.html");

        var item = await IngestAsync(EbayAddress);

        var listing = await QueryAsync(db => db.MarketListings.SingleAsync());
        var seller = await QueryAsync(db => db.Sellers.SingleAsync());
        Assert.Equal((IngestItemStatus.Succeeded, listing.Id, "ebay-item", 1), (item.Status, item.MarketListingId, item.Adapter, item.AdapterVersion));
        Assert.Equal((MarketPlatform.Ebay, "356112487203", "Wonders of the First Existence Aerius of Thalwind Formless Foil PSA 10", 149.99m, "USD"),
            (listing.Platform, listing.ExternalId, listing.Title, listing.Price, listing.Currency));
        Assert.Equal((MarketSourceKind.UrlImport, "Graded", 3), (listing.Source, listing.Condition, listing.ImageUrls!.Split('\n').Length));
        Assert.Equal(("thalwind_vault", seller.Id), (seller.PlatformSellerId, listing.SellerId));
        Assert.Equal(1.0, item.Quality);
        var session = await Sessions.GetAsync(item.SessionId);
        Assert.Equal((IngestStatus.Complete, 1, 1), (session!.Status, session.Total, session.Succeeded));
    }

    [Fact]
    public async Task Importing_again_after_a_ten_percent_price_rise_keeps_one_listing_and_records_one_price_change()
    {
        Serve("/itm/356112487203", "ebay-item.html");
        await IngestAsync(EbayAddress);
        Serve("/itm/356112487203", "ebay-item.html", page => page.Replace("149.99", "164.99"));
        clock.Advance(TimeSpan.FromHours(1));

        await IngestAsync(EbayAddress);
        // A rise of 2% is under the 5% threshold: the price follows, no event is written.
        Serve("/itm/356112487203", "ebay-item.html", page => page.Replace("149.99", "168.29"));
        clock.Advance(TimeSpan.FromHours(1));
        await IngestAsync(EbayAddress);

        var listing = await QueryAsync(db => db.MarketListings.SingleAsync());
        var events = await QueryAsync(db => db.MarketListingEvents.ToListAsync());
        var change = Assert.Single(events);
        Assert.Equal((MarketListingEventKind.PriceChanged, "149.99", "164.99"), (change.Kind, change.OldValue, change.NewValue));
        Assert.Equal((168.29m, Start.AddHours(2), Start.AddHours(2)), (listing.Price, listing.LastSeenAt, listing.LastModifiedAt));
    }

    [Fact]
    public async Task A_JSON_LD_shop_page_becomes_a_shop_listing_known_by_its_product_id()
    {
        Serve("/products/aerius", "shop-jsonld.html");

        var item = await IngestAsync(Local("/products/aerius?utm_source=mail"));

        var listing = await QueryAsync(db => db.MarketListings.SingleAsync());
        Assert.Equal((IngestItemStatus.Succeeded, "shop"), (item.Status, item.Adapter));
        Assert.Equal((MarketPlatform.Shop, "127.0.0.1/8837201554", 24.99m, "USD", "Orbital Vault Games"),
            (listing.Platform, listing.ExternalId, listing.Price, listing.Currency, listing.SellerText));
        Assert.Equal(Local("/products/aerius"), item.CanonicalUrl);
    }

    [Fact]
    public async Task A_page_with_no_product_fails_with_the_adapters_reason_and_writes_no_listing()
    {
        Serve("/about", "shop-nothing.html");

        var item = await IngestAsync(Local("/about"));

        Assert.Equal(IngestItemStatus.Failed, item.Status);
        Assert.StartsWith("No listing found on the page", item.Error);
        Assert.Equal(0, await QueryAsync(db => db.MarketListings.CountAsync()));
        Assert.Equal(IngestStatus.Failed, (await Sessions.GetAsync(item.SessionId))!.Status);
    }

    [Fact]
    public async Task With_default_settings_a_loopback_address_and_a_redirect_to_one_are_refused_with_the_reason()
    {
        // shop.example has a public address; the test network still routes its connections to the local server.
        var network = new TestNetwork { ["shop.example"] = [IPAddress.Parse("93.184.215.14")] };
        using var guarded = Build(allowPrivate: false, network);
        answers["/hop"] = ScriptedAnswer.Redirect(Local("/products/aerius"));
        Serve("/products/aerius", "shop-jsonld.html");

        var direct = await IngestAsync(Local("/products/aerius"), guarded);
        var connectionsAfterDirect = server.Connections;
        var redirected = await IngestAsync($"http://shop.example:{server.Port}/hop", guarded);

        Assert.Equal((IngestItemStatus.Failed, 1, 0), (direct.Status, direct.Attempts, connectionsAfterDirect));
        Assert.Contains("points at 127.0.0.1, a loopback address", direct.Error);
        Assert.Contains("unless Fetching:AllowPrivateAddresses is true", direct.Error);
        Assert.Equal(IngestItemStatus.Failed, redirected.Status);
        Assert.Contains($"redirects to {Local("/products/aerius")}, which points at 127.0.0.1, a loopback address", redirected.Error);
        Assert.DoesNotContain("/products/aerius", server.Paths);
        Assert.Equal(0, await QueryAsync(db => db.MarketListings.CountAsync()));
    }

    [Fact]
    public async Task A_server_error_is_tried_again_with_growing_waits_and_fails_after_the_fourth_attempt()
    {
        answers["/flaky"] = new ScriptedAnswer(503);
        var session = await Sessions.StartSingleAsync(Local("/flaky"), 0, "tester");
        var item = (await Sessions.ItemsAsync(session.Id, null, 0, 1)).Items[0];
        var runner = host.Services.GetRequiredService<IngestItemRunner>();

        var waits = new List<TimeSpan?>();
        for (var attempt = 1; attempt <= IngestItemRunner.Retries.MaxAttempts; attempt++)
        {
            waits.Add((await runner.RunAsync(item.Id, CancellationToken.None)).RetryIn);
        }

        item = (await Sessions.GetItemAsync(item.Id))!;
        Assert.Equal((IngestItemStatus.Failed, 4), (item.Status, item.Attempts));
        Assert.Contains("answered 503", item.Error);
        Assert.Contains("(after 4 attempts)", item.Error);
        Assert.Null(waits[^1]);
        Assert.All(waits.Take(3), wait => Assert.NotNull(wait));
        Assert.InRange(waits[0]!.Value.TotalSeconds, 8, 12);
        Assert.InRange(waits[2]!.Value.TotalSeconds, 32, 48);
    }

    [Fact]
    public async Task A_path_robots_txt_keeps_from_FlipFlow_fails_without_being_fetched()
    {
        answers["/robots.txt"] = new ScriptedAnswer(200, "User-agent: FlipFlow\nDisallow: /private\n"u8.ToArray(), "text/plain");
        Serve("/private/card", "shop-jsonld.html");

        var item = await IngestAsync(Local("/private/card"));

        Assert.Equal(IngestItemStatus.Failed, item.Status);
        Assert.Equal($"The robots.txt of 127.0.0.1:{server.Port} asks FlipFlow not to fetch /private/card.", item.Error);
        Assert.DoesNotContain("/private/card", server.Paths);
    }

    [Fact]
    public async Task A_two_megabyte_page_is_kept_cut_at_512_KB_and_flagged_and_the_cleanup_deletes_payloads_past_the_retention()
    {
        Serve("/big", "shop-jsonld.html", page => page.Replace("</body>", new string(' ', 2 * 1024 * 1024) + "</body>"));
        var big = await IngestAsync(Local("/big"));
        clock.Advance(TimeSpan.FromDays(20));
        Serve("/small", "shop-opengraph.html");
        var small = await IngestAsync(Local("/small"));

        var payload = await QueryAsync(db => db.IngestPayloads.SingleAsync(row => row.ItemId == big.Id));
        Assert.Equal(IngestItemStatus.Succeeded, big.Status);
        Assert.Equal((true, IngestPayload.MaxBytes), (payload.Truncated, payload.Body.Length));
        Assert.True(payload.OriginalBytes > 2 * 1024 * 1024);

        clock.Advance(TimeSpan.FromDays(11));
        var run = new JobRun { JobId = IngestPayloadCleanupWork.Definition.Id, Node = "test", Attempt = 1, MaxAttempts = 1 };
        var summary = await host.Services.GetRequiredService<IngestPayloadCleanupWork>().RunAsync(new JobRunContext(run, clock), CancellationToken.None);

        var left = await QueryAsync(db => db.IngestPayloads.Select(row => row.ItemId).ToListAsync());
        Assert.Equal([small.Id], left);
        Assert.StartsWith("deleted 1 payloads", summary);
        Assert.Equal(1, await QueryAsync(db => db.MarketListings.CountAsync(listing => listing.Id == big.MarketListingId)));
    }

    [Fact]
    public async Task A_list_fetches_a_repeated_address_once_and_its_failed_rows_can_be_tried_again()
    {
        Serve("/products/aerius", "shop-jsonld.html");
        var list = IngestAddresses.Parse(string.Join('\n', Local("/products/aerius"), "not an address", Local("/products/aerius#reviews"), Local("/gone")));

        var started = await Sessions.StartBulkAsync(list, null, 0, "tester");
        foreach (var item in (await Sessions.ItemsAsync(started.Session.Id, null, 0, 10)).Items)
        {
            await host.Services.GetRequiredService<IngestItemRunner>().RunAsync(item.Id, CancellationToken.None);
        }
        var first = await Sessions.GetAsync(started.Session.Id);
        Serve("/gone", "shop-opengraph.html");
        var retried = await Sessions.RetryAsync(started.Session.Id, null);
        var again = (await Sessions.ItemsAsync(started.Session.Id, IngestItemStatus.Queued, 0, 10)).Items.Single();
        await host.Services.GetRequiredService<IngestItemRunner>().RunAsync(again.Id, CancellationToken.None);
        var last = await Sessions.GetAsync(started.Session.Id);

        Assert.Equal((2, 1, 1), (started.Session.Total, started.Duplicates.Count, started.Invalid.Count));
        Assert.Equal(1, server.Paths.Count(path => path == "/products/aerius"));
        Assert.Equal((IngestStatus.Partial, 1, 1), (first!.Status, first.Succeeded, first.Failed));
        Assert.Equal(1, retried);
        Assert.Equal((IngestStatus.Complete, 2, 0), (last!.Status, last.Succeeded + last.Partial, last.Failed));
        await Assert.ThrowsAsync<IngestException>(() => Sessions.RetryAsync(started.Session.Id, null));
    }
}
