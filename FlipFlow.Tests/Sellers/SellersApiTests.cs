using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Sellers;

/// <summary>
/// The sellers' endpoints over the demo market: the list against itself, a seller's figures against its market listings,
/// edits, reading a seller text, coverage, and a merge's preview, merge and undo. The fixture is this class's own and its
/// tests run one at a time; the tests that write (the edit, the merge) each touch sellers of their own and leave every
/// figure the others read as it was (the merge is undone).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SellersApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static long Id(JsonNode? node) => node!["id"]!.GetValue<long>();

    private static int Int(JsonNode? node, string name) => node![name]!.GetValue<int>();

    private static string Text(JsonNode? node, string name) => node![name]!.GetValue<string>();

    private static List<JsonNode> Items(JsonNode page) => [.. page["items"]!.AsArray().Select(item => item!)];

    /// <summary>Every active seller (or every seller with merged ones), in the list's default order: the demo market has fewer than a page of 500.</summary>
    private static async Task<List<JsonNode>> AllSellersAsync(HttpClient client, string query = "")
    {
        var page = await (await client.GetAsync($"/api/v1/sellers?pageSize=500{query}")).JsonAsync(HttpStatusCode.OK);
        var items = Items(page);
        Assert.Equal(page["total"]!.GetValue<int>(), items.Count);
        Assert.Null(page["next"]);
        return items;
    }

    /// <summary>The market listings <c>GET /api/v1/market/listings?sellerId=</c> answers for a seller, every one of them.</summary>
    private static async Task<List<JsonNode>> ListingsOfAsync(HttpClient client, long sellerId)
    {
        var page = await (await client.GetAsync($"/api/v1/market/listings?sellerId={sellerId}&pageSize=500")).JsonAsync(HttpStatusCode.OK);
        var items = Items(page);
        Assert.Equal(page["total"]!.GetValue<int>(), items.Count);
        Assert.All(items, listing => Assert.Equal(sellerId, listing["sellerId"]!.GetValue<long>()));
        return items;
    }

    private static async Task<List<long>> ListingIdsOfAsync(HttpClient client, long sellerId) =>
        [.. (await ListingsOfAsync(client, sellerId)).Select(Id).Order()];

    private static async Task<JsonNode> SellerAsync(HttpClient client, long id) =>
        await (await client.GetAsync($"/api/v1/sellers/{id}")).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task The_list_is_paged_filtered_by_platform_searched_and_sorted_by_sales()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var all = await AllSellersAsync(client);
        Assert.InRange(all.Count, 300, 500);
        Assert.All(all, row => Assert.True(row["isActive"]!.GetValue<bool>()));
        Assert.Equal(all.Count, all.Select(Id).Distinct().Count());
        // The default order: the most market listings first.
        Assert.Equal(all.Select(row => Int(row, "listings")).OrderDescending(), all.Select(row => Int(row, "listings")));
        Assert.True(Int(all[0], "listings") > Int(all[^1], "listings"));

        var second = await (await client.GetAsync("/api/v1/sellers?pageSize=100&page=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(all.Count, Int(second, "total"));
        Assert.Equal((2, 100), (Int(second, "page"), Int(second, "pageSize")));
        Assert.Equal(all.Skip(100).Take(100).Select(Id), Items(second).Select(Id));
        Assert.Equal("/api/v1/sellers?pageSize=100&page=3", Text(second, "next"));
        var last = await (await client.GetAsync($"/api/v1/sellers?pageSize=100&page={(all.Count + 99) / 100}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(all.Skip((all.Count - 1) / 100 * 100).Select(Id), Items(last).Select(Id));
        Assert.Null(last["next"]);

        var platforms = all.Select(row => Text(row, "platform")).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Blokpax", "Ebay", "ShootStrayt"], platforms);
        foreach (var platform in platforms)
        {
            var on = await AllSellersAsync(client, $"&platform={platform.ToLowerInvariant()}");
            Assert.NotEmpty(on);
            Assert.All(on, row => Assert.Equal(platform, Text(row, "platform")));
            Assert.Equal(all.Where(row => Text(row, "platform") == platform).Select(Id), on.Select(Id));
        }

        // A part of one seller's name, in other letters' case: every seller whose name or id holds it, and no other.
        var named = all.First(row => Text(row, "displayName").Length >= 8 && !Text(row, "displayName").StartsWith("0x", StringComparison.OrdinalIgnoreCase));
        var part = Text(named, "displayName").Substring(1, 5);
        bool Holds(JsonNode row) => Text(row, "displayName").Contains(part, StringComparison.OrdinalIgnoreCase) ||
            Text(row, "platformSellerId").Contains(part, StringComparison.OrdinalIgnoreCase);
        var found = await AllSellersAsync(client, $"&search={Uri.EscapeDataString(part.ToUpperInvariant())}");
        Assert.Contains(Id(named), found.Select(Id));
        Assert.All(found, row => Assert.True(Holds(row), $"{Text(row, "displayName")} does not hold {part}"));
        Assert.Equal(all.Where(Holds).Select(Id), found.Select(Id));
        Assert.Empty(await AllSellersAsync(client, "&search=no-seller-is-called-this"));

        // By sales: the most units sold in 30 days first, then the most listings; the same sellers.
        var bySales = await AllSellersAsync(client, "&sort=sales");
        Assert.Equal(all.Select(Id).Order(), bySales.Select(Id).Order());
        Assert.True(Int(bySales[0], "unitsSold") > 0);
        Assert.Equal(bySales.OrderByDescending(row => Int(row, "unitsSold")).ThenByDescending(row => Int(row, "listings")).ThenBy(Id).Select(Id),
            bySales.Select(Id));
        Assert.True(Int(bySales[0], "unitsSold") > Int(bySales[^1], "unitsSold"));
        // Every seller's share is of the same units sold.
        var units = bySales.Sum(row => Int(row, "unitsSold"));
        Assert.InRange(bySales.Sum(row => row["marketShare"]!.GetValue<decimal>()), 1m, 100.5m);
        Assert.All(bySales.Where(row => Int(row, "unitsSold") > 0), row => Assert.InRange(row["marketShare"]!.GetValue<decimal>(), 0.01m, 100m));
        Assert.True(units > 0);

        // By last activity: the latest seen first.
        var byLastSeen = await AllSellersAsync(client, "&sort=LastActive");
        var seen = byLastSeen.Select(row => row["lastSeenAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.True(seen[0] > seen[^1]);

        Assert.Equal(["platform"], await (await client.GetAsync("/api/v1/sellers?platform=etsy")).FieldErrorsAsync());
        Assert.Equal(["pageSize", "platform", "sort"], await (await client.GetAsync("/api/v1/sellers?platform=1&sort=Cheapest&pageSize=0")).FieldErrorsAsync());
    }

    [Fact]
    public async Task A_seller_and_its_analytics_agree_with_its_market_listings_and_an_unknown_id_is_a_404()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);
        var bySales = await AllSellersAsync(client, "&sort=Sales");

        foreach (var row in new[] { bySales[0], bySales[bySales.Count / 2], bySales[^1] })
        {
            var id = Id(row);
            var seller = await SellerAsync(client, id);
            Assert.Equal((id, Text(row, "platform"), Text(row, "platformSellerId"), Text(row, "displayName")),
                (Id(seller), Text(seller, "platform"), Text(seller, "platformSellerId"), Text(seller, "displayName")));
            Assert.True(seller["isActive"]!.GetValue<bool>());
            Assert.Null(seller["mergedInto"]);
            Assert.Empty(seller["mergedFrom"]!.AsArray());

            var analytics = seller["analytics"]!;
            var alone = await (await client.GetAsync($"/api/v1/sellers/{id}/analytics")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(analytics.ToJsonString(), alone.ToJsonString());
            // The row in the list shows the same figures as the seller's page.
            Assert.Equal((Int(row, "listings"), Int(row, "inventoryUnits"), Int(row, "unitsSold"), row["marketShare"]!.GetValue<decimal>()),
                (Int(analytics, "listings"), Int(analytics, "inventoryUnits"), Int(analytics, "unitsSold"), analytics["marketShare"]!.GetValue<decimal>()));

            var listings = await ListingsOfAsync(client, id);
            Assert.NotEmpty(listings);
            Assert.Equal(listings.Count, Int(analytics, "listings"));
            Assert.All(listings, listing => Assert.Equal(Text(row, "platform"), Text(listing, "platform")));
            // First and last seen: of its listings.
            Assert.Equal(listings.Min(listing => listing["firstSeenAt"]!.GetValue<DateTimeOffset>()), seller["firstSeenAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(listings.Max(listing => listing["lastSeenAt"]!.GetValue<DateTimeOffset>()), seller["lastSeenAt"]!.GetValue<DateTimeOffset>());
            var active = listings.Where(listing => Text(listing, "status") == "Active").ToList();
            Assert.Equal(active.Count, Int(analytics, "activeListings"));
            Assert.True(Int(analytics, "inventoryUnits") >= active.Count);
            // The average asking price per currency, of the active listings.
            var prices = active.GroupBy(listing => Text(listing["price"], "currency"))
                .ToDictionary(group => group.Key, group => (Count: group.Count(),
                    Average: Math.Round(group.Sum(listing => listing["price"]!["amount"]!.GetValue<decimal>()) / group.Count(), 2)));
            var averages = analytics["averageListingPrices"]!.AsArray()
                .ToDictionary(price => Text(price, "currency"), price => (Count: Int(price, "listings"), Average: price!["average"]!.GetValue<decimal>()));
            Assert.Equal(prices.OrderBy(pair => pair.Key, StringComparer.Ordinal), averages.OrderBy(pair => pair.Key, StringComparer.Ordinal));
            // Sales a day: 90 days to today, with units on exactly the days a listing of the seller sold.
            var days = analytics["salesByDay"]!.AsArray().Select(day => (Day: DateOnly.Parse(Text(day, "day"), CultureInfo.InvariantCulture), Units: Int(day, "units")))
                .ToList();
            Assert.Equal(90, days.Count);
            Assert.Equal(Enumerable.Range(0, 90).Select(offset => days[0].Day.AddDays(offset)), days.Select(day => day.Day));
            var soldDays = listings.Where(listing => Text(listing, "status") == "Sold" && listing["soldAt"] is not null)
                .Select(listing => DateOnly.FromDateTime(listing["soldAt"]!.GetValue<DateTimeOffset>().UtcDateTime))
                .Where(day => day >= days[0].Day && day <= days[^1].Day)
                .ToHashSet();
            Assert.Equal(soldDays.Order(), days.Where(day => day.Units > 0).Select(day => day.Day));
            Assert.True(days.Sum(day => day.Units) >= Int(analytics, "unitsSold"));
        }
        Assert.True(Int((await SellerAsync(client, Id(bySales[0])))["analytics"], "unitsSold") > 0);

        Assert.Equal("No seller has id 999999.", await (await client.GetAsync("/api/v1/sellers/999999")).ProblemAsync(HttpStatusCode.NotFound));
        Assert.Equal("No seller has id 999999.", await (await client.GetAsync("/api/v1/sellers/999999/analytics")).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task An_operator_sets_a_sellers_name_and_notes_a_viewer_may_not_and_an_empty_name_is_a_400()
    {
        using var viewer = await demo.App.NewApiClientAsync(Roles.Viewer);
        using var operatorClient = await demo.App.NewApiClientAsync(Roles.Operator);
        // The seller with the fewest listings: the other tests read the top of the list and the middle.
        var all = await AllSellersAsync(viewer);
        var id = Id(all[^1]);
        var before = await SellerAsync(viewer, id);
        var path = $"/api/v1/sellers/{id}";

        await ProblemAssert.IsProblemAsync(await viewer.PatchAsJsonAsync(path, new { displayName = "Viewer was here" }), HttpStatusCode.Forbidden);
        Assert.Equal(Text(before, "displayName"), Text(await SellerAsync(viewer, id), "displayName"));

        var edited = await (await operatorClient.PatchAsJsonAsync(path, new { displayName = "  Renamed By Tests  ", notes = "Ships fast.\nPacks well." }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal((id, "Renamed By Tests", "Ships fast.\nPacks well."), (Id(edited), Text(edited, "displayName"), Text(edited, "notes")));
        var read = await SellerAsync(viewer, id);
        Assert.Equal(("Renamed By Tests", "Ships fast.\nPacks well."), (Text(read, "displayName"), Text(read, "notes")));
        // The identity is not the name: the seller id and platform stay.
        Assert.Equal((Text(before, "platform"), Text(before, "platformSellerId")), (Text(read, "platform"), Text(read, "platformSellerId")));
        Assert.Equal([id], (await AllSellersAsync(viewer, "&search=renamed%20by%20tests")).Select(Id));

        // A field left out stays; empty notes are none.
        var cleared = await (await operatorClient.PatchAsJsonAsync(path, new { notes = "" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed By Tests", Text(cleared, "displayName"));
        Assert.Null(cleared["notes"]);
        Assert.Null((await SellerAsync(viewer, id))["notes"]);

        Assert.Equal(["displayName"], await (await operatorClient.PatchAsJsonAsync(path, new { displayName = "" })).FieldErrorsAsync());
        Assert.Equal(["displayName"], await (await operatorClient.PatchAsJsonAsync(path, new { displayName = "   " })).FieldErrorsAsync());
        Assert.Equal(["displayName"], await (await operatorClient.PatchAsJsonAsync(path, new { displayName = new string('x', 101) })).FieldErrorsAsync());
        Assert.Equal(["notes"], await (await operatorClient.PatchAsJsonAsync(path, new { notes = new string('x', 2001) })).FieldErrorsAsync());
        Assert.Equal("Renamed By Tests", Text(await SellerAsync(viewer, id), "displayName"));

        Assert.Equal("No seller has id 999999.",
            await (await operatorClient.PatchAsJsonAsync("/api/v1/sellers/999999", new { displayName = "Nobody" })).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task The_identity_of_an_ebay_feedback_blob_is_read_and_a_tracking_parameter_is_a_400_naming_text()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var read = await (await client.GetAsync("/api/v1/sellers/identity?platform=ebay&text=dadcandoit%20%2099.8%25%20positive%20(1.2K)Top%20Rated%20Plus"))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Ebay", "dadcandoit", 1200, 99.8m, "Top Rated Plus"),
            (Text(read, "platform"), Text(read, "sellerId"), Int(read, "feedbackScore"), read["feedbackPercent"]!.GetValue<decimal>(), Text(read, "badge")));

        var refused = await client.GetAsync("/api/v1/sellers/identity?platform=ebay&text=p4429486.m3561.l161211");
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Equal(["text"], await refused.FieldErrorsAsync());
        Assert.Contains(SellerIdentityRule.TrackingParameter, problem);

        Assert.Equal(["text"], await (await client.GetAsync("/api/v1/sellers/identity?platform=ebay")).FieldErrorsAsync());
        Assert.Equal(["platform"], await (await client.GetAsync("/api/v1/sellers/identity?text=dadcandoit")).FieldErrorsAsync());
        Assert.Equal(["platform"], await (await client.GetAsync("/api/v1/sellers/identity?platform=etsy&text=dadcandoit")).FieldErrorsAsync());
    }

    [Fact]
    public async Task Coverage_is_at_least_95_percent_on_every_platform_and_every_unused_text_has_its_reason()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var answer = await (await client.GetAsync("/api/v1/sellers/coverage")).JsonAsync(HttpStatusCode.OK);

        var coverage = answer["coverage"]!.AsArray().Select(platform => platform!).ToList();
        Assert.Equal(["Ebay", "Blokpax", "ShootStrayt"], coverage.Select(platform => Text(platform, "platform")));
        Assert.All(coverage, platform =>
        {
            Assert.True(Int(platform, "listings") > 0);
            Assert.InRange(platform["percent"]!.GetValue<decimal>(), 95m, 100m);
            Assert.Equal(Math.Round(100m * Int(platform, "linked") / Int(platform, "listings"), 2), platform["percent"]!.GetValue<decimal>());
        });
        string[] reasons = [SellerIdentityRule.NoText, SellerIdentityRule.TrackingParameter, SellerIdentityRule.BadCharacters, SellerIdentityRule.TooLong,
            SellerIdentityRule.TooShort, SellerIdentityRule.ShortWallet];
        var unused = answer["unused"]!.AsArray().Select(text => text!).ToList();
        Assert.NotEmpty(unused);
        Assert.All(unused, text =>
        {
            Assert.Contains(Text(text, "reason"), reasons);
            Assert.True(Int(text, "listings") > 0);
        });
        // Every listing without a seller is one of the unused texts', and every listing with one is one of the sellers'.
        Assert.Equal(coverage.Sum(platform => Int(platform, "listings") - Int(platform, "linked")), unused.Sum(text => Int(text, "listings")));
        var sellers = await AllSellersAsync(client);
        Assert.Equal(coverage.Sum(platform => Int(platform, "linked")), sellers.Sum(row => Int(row, "listings")));
        foreach (var platform in coverage)
        {
            Assert.Equal(Int(platform, "linked"), sellers.Where(row => Text(row, "platform") == Text(platform, "platform")).Sum(row => Int(row, "listings")));
        }
    }

    [Fact]
    public async Task A_merge_previewed_made_and_undone_puts_every_listing_back_and_a_second_undo_is_a_409()
    {
        using var viewer = await demo.App.NewApiClientAsync(Roles.Viewer);
        using var operatorClient = await demo.App.NewApiClientAsync(Roles.Operator);
        // Three eBay sellers from the middle of the list, which no other test here picks; the two sources with different counts.
        var ebay = await AllSellersAsync(viewer, "&platform=Ebay");
        var middle = ebay.Count / 2;
        var (target, first) = (Id(ebay[middle - 1]), Id(ebay[middle]));
        var second = Id(ebay.Skip(middle + 1).First(row => Int(row, "listings") != Int(ebay[middle], "listings")));
        long[] sources = [first, second];
        var before = new Dictionary<long, List<long>>
        {
            [target] = await ListingIdsOfAsync(viewer, target),
            [first] = await ListingIdsOfAsync(viewer, first),
            [second] = await ListingIdsOfAsync(viewer, second),
        };
        Assert.All(before.Values, listings => Assert.NotEmpty(listings));
        async Task AssertAsBeforeAsync()
        {
            foreach (var (seller, listings) in before)
            {
                Assert.Equal(listings, await ListingIdsOfAsync(viewer, seller));
                var shown = await SellerAsync(viewer, seller);
                Assert.True(shown["isActive"]!.GetValue<bool>());
                Assert.Null(shown["mergedInto"]);
                Assert.Empty(shown["mergedFrom"]!.AsArray());
                Assert.Equal(listings.Count, Int(shown["analytics"], "listings"));
            }
        }
        var historyBefore = Int(await (await viewer.GetAsync("/api/v1/sellers/merges")).JsonAsync(HttpStatusCode.OK), "total");

        var preview = await (await operatorClient.PostJsonAsync("/api/v1/sellers/merges/preview", new { targetId = target, sourceIds = sources }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal((target, before[target].Count), (Id(preview["target"]), Int(preview["target"], "marketListings")));
        Assert.Equal(sources.Select(id => (id, before[id].Count)),
            preview["sources"]!.AsArray().Select(source => (Id(source), Int(source, "marketListings"))));
        Assert.Equal(before[first].Count + before[second].Count, Int(preview, "marketListings"));
        Assert.Empty(preview["collisions"]!.AsArray());
        await AssertAsBeforeAsync();
        Assert.Equal(historyBefore, Int(await (await viewer.GetAsync("/api/v1/sellers/merges")).JsonAsync(HttpStatusCode.OK), "total"));

        foreach (var path in new[] { "/api/v1/sellers/merges/preview", "/api/v1/sellers/merges" })
        {
            await ProblemAssert.IsProblemAsync(await viewer.PostJsonAsync(path, new { targetId = target, sourceIds = sources }), HttpStatusCode.Forbidden);
        }
        await AssertAsBeforeAsync();

        var made = await operatorClient.PostJsonAsync("/api/v1/sellers/merges", new { targetId = target, sourceIds = sources });
        var merge = await made.JsonAsync(HttpStatusCode.Created);
        var mergeId = Id(merge);
        Assert.Equal($"/api/v1/sellers/merges/{mergeId}", made.Headers.Location?.OriginalString);
        Assert.Equal((target, before[first].Count + before[second].Count), (Id(merge["target"]), Int(merge, "marketListings")));
        Assert.Equal(sources.Order().Select(id => (id, before[id].Count)), merge["sources"]!.AsArray().Select(source => (Id(source), Int(source, "marketListings"))));
        Assert.False(string.IsNullOrEmpty(Text(merge, "mergedBy")));
        Assert.Null(merge["undoneAt"]);
        Assert.Equal(merge.ToJsonString(), (await (await viewer.GetAsync(made.Headers.Location)).JsonAsync(HttpStatusCode.OK)).ToJsonString());

        Assert.Equal(before.Values.SelectMany(listings => listings).Order(), await ListingIdsOfAsync(viewer, target));
        var merged = await SellerAsync(viewer, target);
        Assert.Equal(before.Values.Sum(listings => listings.Count), Int(merged["analytics"], "listings"));
        Assert.Equal(sources.Order(), merged["mergedFrom"]!.AsArray().Select(Id).Order());
        foreach (var source in sources)
        {
            Assert.Empty(await ListingIdsOfAsync(viewer, source));
            var shown = await SellerAsync(viewer, source);
            Assert.False(shown["isActive"]!.GetValue<bool>());
            Assert.Equal(target, Id(shown["mergedInto"]));
            Assert.Equal(0, Int(shown["analytics"], "listings"));
        }
        var active = await AllSellersAsync(viewer, "&platform=Ebay");
        Assert.DoesNotContain(first, active.Select(Id));
        Assert.Equal(Int(merged["analytics"], "listings"), Int(active.Single(row => Id(row) == target), "listings"));
        var withMerged = await AllSellersAsync(viewer, "&platform=Ebay&includeMerged=true");
        Assert.Equal(target, withMerged.Single(row => Id(row) == first)["mergedIntoId"]!.GetValue<long>());
        Assert.Equal([mergeId], Items(await (await viewer.GetAsync($"/api/v1/sellers/merges?sellerId={second}")).JsonAsync(HttpStatusCode.OK)).Select(Id));
        // A merged seller takes part in no other merge until the merge is undone.
        Assert.Contains("not active", await (await operatorClient.PostJsonAsync("/api/v1/sellers/merges", new { targetId = first, sourceIds = new[] { Id(ebay[0]) } }))
            .ProblemAsync(HttpStatusCode.Conflict));

        var undone = await (await operatorClient.PostAsync($"/api/v1/sellers/merges/{mergeId}/undo", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(mergeId, Id(undone));
        Assert.NotNull(undone["undoneAt"]);
        Assert.False(string.IsNullOrEmpty(Text(undone, "undoneBy")));
        await AssertAsBeforeAsync();

        Assert.Contains($"Merge {mergeId} was undone already",
            await (await operatorClient.PostAsync($"/api/v1/sellers/merges/{mergeId}/undo", null)).ProblemAsync(HttpStatusCode.Conflict));
        await AssertAsBeforeAsync();
        Assert.Equal("No seller merge has id 999999.",
            await (await operatorClient.PostAsync("/api/v1/sellers/merges/999999/undo", null)).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_merge_of_a_seller_into_itself_is_a_400_and_of_an_unknown_seller_a_404_and_nothing_is_written()
    {
        using var operatorClient = await demo.App.NewApiClientAsync(Roles.Operator);
        var all = await AllSellersAsync(operatorClient);
        // Two sellers from the top of the list, which the other tests only read.
        var (target, source) = (Id(all[0]), Id(all[1]));
        var history = Int(await (await operatorClient.GetAsync("/api/v1/sellers/merges")).JsonAsync(HttpStatusCode.OK), "total");

        foreach (var path in new[] { "/api/v1/sellers/merges/preview", "/api/v1/sellers/merges" })
        {
            Assert.Equal(["sourceIds"], await (await operatorClient.PostJsonAsync(path, new { targetId = target, sourceIds = new[] { target } })).FieldErrorsAsync());
            Assert.Equal(["sourceIds"],
                await (await operatorClient.PostJsonAsync(path, new { targetId = target, sourceIds = new[] { source, target } })).FieldErrorsAsync());
            Assert.Equal(["sourceIds"], await (await operatorClient.PostJsonAsync(path, new { targetId = target, sourceIds = Array.Empty<long>() })).FieldErrorsAsync());
            Assert.Equal(["targetId"], await (await operatorClient.PostJsonAsync(path, new { sourceIds = new[] { source } })).FieldErrorsAsync());
            Assert.Equal("No seller has id 999999.",
                await (await operatorClient.PostJsonAsync(path, new { targetId = target, sourceIds = new[] { 999999L } })).ProblemAsync(HttpStatusCode.NotFound));
            Assert.Equal("No seller has id 999999.",
                await (await operatorClient.PostJsonAsync(path, new { targetId = 999999L, sourceIds = new[] { source } })).ProblemAsync(HttpStatusCode.NotFound));
        }

        Assert.Equal(history, Int(await (await operatorClient.GetAsync("/api/v1/sellers/merges")).JsonAsync(HttpStatusCode.OK), "total"));
        foreach (var id in new[] { target, source })
        {
            var shown = await SellerAsync(operatorClient, id);
            Assert.True(shown["isActive"]!.GetValue<bool>());
            Assert.Equal(Int(all.Single(row => Id(row) == id), "listings"), Int(shown["analytics"], "listings"));
        }
    }
}
