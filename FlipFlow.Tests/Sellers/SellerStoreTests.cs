using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Tests.Market;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Sellers;

/// <summary>Sellers on a real database: linking on every market write, get-or-create under concurrency, the backfill, and merge and undo.</summary>
[Trait("Category", "Integration")]
public sealed class SellerStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;
    private IReadOnlyList<Card> cards = [];

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Start));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        cards = await MarketTestCards.SaveAsync(host.Services, 3);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private static ObservedListing Seen(string id, string? seller, MarketPlatform platform = MarketPlatform.Ebay) =>
        new(platform, id, null, $"Listing {id}", MarketListingFormat.FixedPrice, MarketListingStatus.Active, 10m, "USD", null, 1, null, seller);

    private Task ScanAsync(DateTimeOffset at, params ObservedListing[] listings) =>
        Service<MarketListingUpserter>().UpsertAsync(MarketSourceKind.Demo, listsActives: false, listings, cards, at);

    private Task<Dictionary<string, long?>> SellerOfEachListingAsync() =>
        QueryAsync(db => db.MarketListings.ToDictionaryAsync(listing => $"{listing.Platform}/{listing.ExternalId}", listing => listing.SellerId));

    private Task<long> SellerIdAsync(MarketPlatform platform, string sellerId) =>
        QueryAsync(db => db.Sellers.Where(seller => seller.Platform == platform && seller.PlatformSellerId == sellerId).Select(seller => seller.Id).SingleAsync());

    [Fact]
    public async Task A_scan_links_each_listing_to_one_seller_per_platform_identity_and_keeps_the_latest_feedback()
    {
        await ScanAsync(Start,
            Seen("1", "Card_King  99.8% positive (1.2K)Top Rated Plus"),
            Seen("2", "/usr/card_king?_trksid=p2047675.m3561.l2559"),
            Seen("3", "card_king", MarketPlatform.ShootStrayt),
            Seen("4", "p4429486.m3561.l161211"),
            Seen("5", null, MarketPlatform.Blokpax));
        await ScanAsync(Start.AddHours(6), Seen("1", "Card_King  99.9% positive (1.3K)"));

        var sellers = await QueryAsync(db => db.Sellers.OrderBy(seller => seller.Platform).ToListAsync());
        Assert.Equal([(MarketPlatform.Ebay, "card_king"), (MarketPlatform.ShootStrayt, "card_king")],
            sellers.Select(seller => (seller.Platform, seller.PlatformSellerId)));
        var ebay = sellers[0];
        Assert.Equal(("Card_King", 1300, 99.9m, Start, Start.AddHours(6), true),
            (ebay.DisplayName, ebay.FeedbackScore, ebay.FeedbackPercent, ebay.FirstSeenAt, ebay.LastSeenAt, ebay.IsActive));
        // The last badge eBay showed, though the later blob showed none.
        Assert.Equal(new Dictionary<string, string> { [Seller.EbayBadge] = "Top Rated Plus" }, ebay.Metadata);
        Assert.Empty(sellers[1].Metadata);
        var links = await SellerOfEachListingAsync();
        Assert.Equal(ebay.Id, links["Ebay/1"]);
        Assert.Equal(ebay.Id, links["Ebay/2"]);
        Assert.Equal(sellers[1].Id, links["ShootStrayt/3"]);
        Assert.Null(links["Ebay/4"]);
        Assert.Null(links["Blokpax/5"]);
    }

    [Fact]
    public async Task Concurrent_get_or_creates_of_new_sellers_from_two_processes_make_one_row_each()
    {
        using var other = TestHost.Build(database, new ManualClock(Start));
        var identities = Enumerable.Range(1, 8)
            .Select(index => new SellerSighting(SellerIdentityRule.Read(MarketPlatform.Blokpax, $"racer{index}").Identity!, Start, Start)).ToList();

        var made = await Task.WhenAll(identities.SelectMany(sighting => new[] { host, other, host, other }
            .Select(process => Task.Run(() => process.Services.GetRequiredService<SellerIdentities>().GetOrCreateAsync(sighting)))));

        Assert.Equal(8, await QueryAsync(db => db.Sellers.CountAsync()));
        Assert.All(made.GroupBy(seller => seller.PlatformSellerId), group => Assert.Single(group.Select(seller => seller.Id).Distinct()));
    }

    [Fact]
    public async Task The_backfill_links_listings_without_a_seller_reports_coverage_and_every_unused_text_and_links_nothing_twice()
    {
        await QueryAsync(async db =>
        {
            var texts = new (MarketPlatform Platform, string? Text)[]
            {
                (MarketPlatform.Ebay, "shop_one (5432) 99.5%"), (MarketPlatform.Ebay, "shop_one  99.5% positive (5.4K)"), (MarketPlatform.Ebay, "p4429486.m3561.l161211"),
                (MarketPlatform.Ebay, "p4429486.m3561.l161211"), (MarketPlatform.Blokpax, "0x3f2a…9c1d"), (MarketPlatform.Blokpax, "mint_maker"),
                (MarketPlatform.ShootStrayt, null),
            };
            db.MarketListings.AddRange(texts.Select((text, index) => new MarketListing
            {
                Platform = text.Platform, ExternalId = $"old-{index}", Title = "Old listing", Currency = "USD", Price = 5m, SellerText = text.Text,
                FirstSeenAt = Start.AddDays(-index - 1), LastSeenAt = Start.AddDays(-index),
            }));
            return await db.SaveChangesAsync();
        });

        var report = await Service<SellerBackfill>().RunAsync();
        var again = await Service<SellerBackfill>().RunAsync();

        Assert.Equal(3, report.Linked);
        Assert.Equal(0, again.Linked);
        Assert.Equal([new SellerCoverage(MarketPlatform.Ebay, 4, 2), new SellerCoverage(MarketPlatform.Blokpax, 2, 1), new SellerCoverage(MarketPlatform.ShootStrayt, 1, 0)],
            report.Coverage);
        Assert.Equal(50m, report.Coverage[0].Percent);
        Assert.Equal(
            [
                new UnusedSellerText(MarketPlatform.Ebay, "p4429486.m3561.l161211", 2, SellerIdentityRule.TrackingParameter),
                new UnusedSellerText(MarketPlatform.Blokpax, "0x3f2a…9c1d", 1, SellerIdentityRule.ShortWallet),
                new UnusedSellerText(MarketPlatform.ShootStrayt, null, 1, SellerIdentityRule.NoText),
            ],
            report.Unused);
        var shop = await QueryAsync(db => db.Sellers.SingleAsync(seller => seller.PlatformSellerId == "shop_one"));
        // First seen with its oldest listing; the feedback its latest listing showed.
        Assert.Equal((Start.AddDays(-2), Start, 5432), (shop.FirstSeenAt, shop.LastSeenAt, shop.FeedbackScore));
        Assert.Equal(2, await QueryAsync(db => db.MarketListings.CountAsync(listing => listing.SellerId == shop.Id)));
    }

    [Fact]
    public async Task A_listing_written_while_a_merge_of_its_seller_commits_goes_to_the_merge_target()
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite has one writer at a time, and a write that read before another's commit is refused rather than made.
            return;
        }
        await ScanAsync(Start, Seen("s1", "small_shop"), Seen("t1", "target_shop"));
        var source = await SellerIdAsync(MarketPlatform.Ebay, "small_shop");
        var target = await SellerIdAsync(MarketPlatform.Ebay, "target_shop");
        await using var merging = await Service<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        await using var transaction = await merging.Database.BeginTransactionAsync();
        // A merge's first step on another server connection: its source is held, not yet committed.
        await merging.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Sellers" SET "IsActive" = FALSE, "MergedIntoId" = {target} WHERE "Id" = {source}""");

        // Seen when the seller was last seen, so the write changes nothing of the seller's own.
        var writing = Task.Run(() => ScanAsync(Start, Seen("s2", "small_shop")));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(writing.IsCompleted);
        await merging.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "MarketListings" SET "SellerId" = {target} WHERE "SellerId" = {source}""");
        await transaction.CommitAsync();
        await writing;

        var links = await SellerOfEachListingAsync();
        Assert.Equal([target, target, target], [links["Ebay/s1"], links["Ebay/s2"], links["Ebay/t1"]]);
    }

    [Fact]
    public async Task A_renamed_seller_is_found_by_any_part_of_its_name_in_any_letters_case()
    {
        await ScanAsync(Start, Seen("1", "elan_cards"), Seen("2", "other_shop"));
        var elan = await SellerIdAsync(MarketPlatform.Ebay, "elan_cards");
        await Service<SellerDirectory>().UpdateAsync(elan, "Élan Cárds", null);

        foreach (var search in new[] { "élan", "ÉLAN CÁRDS", "Cárd", "elan_c" })
        {
            var (rows, total) = await Service<SellerDirectory>().ListAsync(new SellerFilter(Search: search), 0, 10);
            Assert.Equal((1, elan, "Élan Cárds"), (total, rows.Single().Id, rows.Single().DisplayName));
        }
        Assert.Equal(0, (await Service<SellerDirectory>().ListAsync(new SellerFilter(Search: "ELAN CARDS"), 0, 10)).Total);
    }

    [Fact]
    public async Task A_merge_moves_every_listing_of_its_sources_in_one_go_and_undo_puts_every_row_back_even_those_that_arrived_since()
    {
        await ScanAsync(Start,
            Seen("a1", "alpha_cards (100) 99%"), Seen("a2", "alpha_cards (100) 99%"),
            Seen("b1", "alphacards", MarketPlatform.ShootStrayt), Seen("b2", "alphacards", MarketPlatform.ShootStrayt), Seen("b3", "alphacards", MarketPlatform.ShootStrayt),
            Seen("c1", "0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d", MarketPlatform.Blokpax),
            Seen("z1", "zeta_shop (5) 100%"));
        var alpha = await SellerIdAsync(MarketPlatform.Ebay, "alpha_cards");
        var beta = await SellerIdAsync(MarketPlatform.ShootStrayt, "alphacards");
        var gamma = await SellerIdAsync(MarketPlatform.Blokpax, "0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d");
        var before = await SellerOfEachListingAsync();
        var merges = Service<SellerMerges>();

        var preview = await merges.PreviewAsync(alpha, [beta, gamma]);
        Assert.Equal((2, 3, 1, 4), (preview.Target.MarketListings, preview.Sources[0].MarketListings, preview.Sources[1].MarketListings, preview.MarketListings));
        Assert.Empty(preview.Collisions);
        Assert.Equal(before, await SellerOfEachListingAsync());

        var merge = await merges.MergeAsync(alpha, [beta, gamma], "ops@example.test");
        Assert.Equal((4, "ops@example.test", Start), (merge.MarketListings, merge.MergedBy, merge.MergedAt));
        var merged = await SellerOfEachListingAsync();
        Assert.Equal(before.Keys.Where(key => key != "Ebay/z1").ToDictionary(key => key, _ => (long?)alpha), merged.Where(pair => pair.Key != "Ebay/z1").ToDictionary());
        var sources = await QueryAsync(db => db.Sellers.Where(seller => seller.Id == beta || seller.Id == gamma).ToListAsync());
        Assert.All(sources, source => Assert.Equal((false, (long?)alpha), (source.IsActive, source.MergedIntoId)));

        // A listing that arrives for a merged seller joins the target, and leaves it again with the undo.
        await ScanAsync(Start.AddHours(6), Seen("b4", "AlphaCards", MarketPlatform.ShootStrayt));
        Assert.Equal(alpha, (await SellerOfEachListingAsync())["ShootStrayt/b4"]);

        var undone = await merges.UndoAsync(merge.Id, "lead@example.test");
        Assert.Equal(("lead@example.test", (DateTimeOffset?)Start), (undone.UndoneBy, undone.UndoneAt));
        var after = await SellerOfEachListingAsync();
        Assert.Equal(beta, after["ShootStrayt/b4"]);
        after.Remove("ShootStrayt/b4");
        Assert.Equal(before, after);
        Assert.All(await QueryAsync(db => db.Sellers.ToListAsync()), seller => Assert.Equal((true, (long?)null), (seller.IsActive, seller.MergedIntoId)));

        var twice = await Assert.ThrowsAsync<SellerActionException>(() => merges.UndoAsync(merge.Id, "lead@example.test"));
        Assert.Equal(Domain.Common.Refusal.Conflict, twice.Reason);
    }

    [Fact]
    public async Task Merges_are_refused_with_their_reason_and_an_undo_under_a_later_merge_changes_nothing()
    {
        await ScanAsync(Start, Seen("a", "aaa_shop"), Seen("b", "bbb_shop"), Seen("c", "ccc_shop"));
        var (a, b, c) = (await SellerIdAsync(MarketPlatform.Ebay, "aaa_shop"), await SellerIdAsync(MarketPlatform.Ebay, "bbb_shop"),
            await SellerIdAsync(MarketPlatform.Ebay, "ccc_shop"));
        var merges = Service<SellerMerges>();

        Assert.Equal(Domain.Common.Refusal.NotFound, (await Assert.ThrowsAsync<SellerActionException>(() => merges.MergeAsync(a, [999_999], "x"))).Reason);
        Assert.Equal(Domain.Common.Refusal.Invalid, (await Assert.ThrowsAsync<SellerActionException>(() => merges.MergeAsync(a, [a], "x"))).Reason);
        var first = await merges.MergeAsync(b, [a], "x");
        var intoMerged = await Assert.ThrowsAsync<SellerActionException>(() => merges.MergeAsync(c, [a], "x"));
        Assert.Equal($"Seller {a} (aaa_shop) is not active: it was merged into seller {b}; merge that seller instead.", intoMerged.Message);
        var second = await merges.MergeAsync(c, [b], "x");
        var linksBefore = await SellerOfEachListingAsync();

        var refused = await Assert.ThrowsAsync<SellerActionException>(() => merges.UndoAsync(first.Id, "x"));

        Assert.Equal($"Seller {b} (bbb_shop) has since been merged into seller {c} by merge {second.Id}; undo that merge first.", refused.Message);
        Assert.Equal(linksBefore, await SellerOfEachListingAsync());
        Assert.Equal(c, linksBefore["Ebay/a"]);
        await merges.UndoAsync(second.Id, "x");
        await merges.UndoAsync(first.Id, "x");
        Assert.Equal(new Dictionary<string, long?> { ["Ebay/a"] = a, ["Ebay/b"] = b, ["Ebay/c"] = c }, await SellerOfEachListingAsync());
        Assert.Equal(2, (await merges.HistoryAsync(sellerId: b)).Total);
    }
}
