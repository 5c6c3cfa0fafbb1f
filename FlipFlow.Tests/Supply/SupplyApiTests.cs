using System.Net;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Tests.Supply;

/// <summary>
/// Supply analytics over the demo data, against figures worked out here from the rows themselves: a card's sellers, units, HHI and
/// top five from its inventory items, and its median days to sell from its sold market listings.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SupplyApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    /// <summary>The card held by the most sellers, and each seller's units of it (the demo has no merges: an account is a business).</summary>
    private Task<(int Card, string Number, Dictionary<long, int> Units)> MostHeldAsync() => demo.App.Services.QueryAsync(async db =>
    {
        var card = await db.InventoryItems.Where(item => item.Quantity > 0).GroupBy(item => item.CardId)
            .OrderByDescending(group => group.Select(item => item.SellerId).Distinct().Count()).ThenBy(group => group.Key).Select(group => group.Key).FirstAsync();
        var items = await db.InventoryItems.Where(item => item.CardId == card && item.Quantity > 0).ToListAsync();
        var number = await db.Cards.Where(one => one.Id == card).Select(one => one.Number).FirstAsync();
        return (card, number, items.GroupBy(item => item.SellerId).ToDictionary(group => group.Key, group => group.Sum(item => item.Quantity)));
    });

    [Fact]
    public async Task A_cards_supply_is_the_hhi_of_its_sellers_shares_of_its_inventory_with_the_five_largest_and_the_list_agrees()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);
        var (card, number, units) = await MostHeldAsync();
        var total = units.Values.Sum();
        var hhi = Math.Round(units.Values.Sum(quantity => Math.Pow(100.0 * quantity / total, 2)), 1, MidpointRounding.AwayFromZero);
        var largest = units.Values.OrderDescending().Take(5).Select(quantity => Math.Round(100.0 * quantity / total, 1, MidpointRounding.AwayFromZero)).ToList();

        var details = await (await client.GetAsync($"/api/v1/analytics/supply-diversity/{card}")).JsonAsync(HttpStatusCode.OK);
        var list = await (await client.GetAsync("/api/v1/analytics/supply-diversity?sort=Sellers&pageSize=500")).JsonAsync(HttpStatusCode.OK);
        var cli = JsonNode.Parse(await demo.CliAsync("supply", "card", number.Split('/')[0], "--json"))!;

        var supply = details["supply"]!;
        Assert.True(units.Count >= 2, $"the most held card has {units.Count} sellers");
        Assert.Equal((units.Count, total, hhi), (supply["sellers"]!.GetValue<int>(), supply["units"]!.GetValue<int>(), supply["hhi"]!.GetValue<double>()));
        Assert.Equal(largest, supply["top"]!.AsArray().Select(seller => seller!["share"]!.GetValue<double>()).ToList());
        Assert.All(supply["top"]!.AsArray(), seller => Assert.Equal(units[seller!["sellerId"]!.GetValue<long>()], seller["quantity"]!.GetValue<int>()));
        Assert.Equal(hhi > 2500 ? "HighlyConcentrated" : hhi >= 1500 ? "ModeratelyConcentrated" : "Unconcentrated", supply["level"]!.GetValue<string>());
        var listed = list["items"]!.AsArray().Single(item => item!["cardId"]!.GetValue<int>() == card)!;
        Assert.Equal(hhi, listed["hhi"]!.GetValue<double>());
        Assert.Equal(units.Count, list["items"]![0]!["sellers"]!.GetValue<int>());
        Assert.Equal(hhi, cli["supply"]!["hhi"]!.GetValue<double>());
        // The trend runs over the snapshots: today's day is the inventory as it is now.
        var today = details["trend"]!.AsArray().Last()!;
        Assert.Equal((units.Count, hhi), (today["sellers"]!.GetValue<int>(), today["hhi"]!.GetValue<double>()));
    }

    [Fact]
    public async Task A_cards_velocity_is_the_median_days_from_listing_to_sale_of_its_sold_listings_per_treatment_and_seller()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);
        var (card, sales) = await demo.App.Services.QueryAsync(async db =>
        {
            var sold = db.MarketListings.Where(listing => listing.Status == MarketListingStatus.Sold && listing.CardId != null && listing.SellerId != null
                && !listing.IsBulkLot && listing.ProductType == MarketProductType.Single);
            var most = await sold.GroupBy(listing => listing.CardId!.Value).OrderByDescending(group => group.Count()).ThenBy(group => group.Key).Select(group => group.Key).FirstAsync();
            return (most, await sold.Where(listing => listing.CardId == most).ToListAsync());
        });
        var expected = sales.GroupBy(sale => (Treatment: sale.Treatment ?? "", Seller: sale.SellerId!.Value))
            .Select(group =>
            {
                var days = group.Select(sale => (sale.SoldAt!.Value - sale.FirstSeenAt).TotalDays).Where(day => day <= 180).Order().ToList();
                var median = days.Count == 0 ? (double?)null
                    : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1, MidpointRounding.AwayFromZero);
                return $"{group.Key.Treatment}|{group.Key.Seller}|{median}|{days.Count}";
            })
            .Order(StringComparer.Ordinal).ToList();

        var page = await (await client.GetAsync($"/api/v1/analytics/inventory-velocity?cardId={card}&pageSize=500")).JsonAsync(HttpStatusCode.OK);

        var rows = page["items"]!.AsArray().Select(row => $"{row!["treatment"]}|{row["sellerId"]}|{row["medianDays"]?.GetValue<double>()}|{row["sales"]}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, rows);
        Assert.Equal(["treatment"], await (await client.GetAsync("/api/v1/analytics/inventory-velocity?treatment=Gold")).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/analytics/supply-diversity/999999")).StatusCode);
    }
}
