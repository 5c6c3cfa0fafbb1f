using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Tests.Inventory;

/// <summary>
/// The inventory snapshot endpoints and verbs over the demo inventory (its 40 sellers' 120 days, as retention keeps them): a seller and
/// card's days against the table, the trend against the rows, bad queries, and taking a day. Taking today again leaves the same rows.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InventorySnapshotsApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The seller and card held on the most days, and those days' quantity per treatment as the table holds them.</summary>
    private async Task<(long Seller, int Card, List<string> Days)> LongestHeldAsync() => await demo.App.Services.QueryAsync(async db =>
    {
        var pair = await db.InventorySnapshots.GroupBy(row => new { row.SellerId, row.CardId })
            .OrderByDescending(group => group.Select(row => row.Date).Distinct().Count()).ThenBy(group => group.Key.SellerId).ThenBy(group => group.Key.CardId)
            .Select(group => group.Key).FirstAsync();
        var rows = await db.InventorySnapshots.Where(row => row.SellerId == pair.SellerId && row.CardId == pair.CardId).ToListAsync();
        return (pair.SellerId, pair.CardId, rows.OrderByDescending(row => row.Date).ThenBy(row => row.Treatment, StringComparer.Ordinal)
            .Select(row => $"{Day(row.Date)} {row.Treatment} {row.Quantity}").ToList());
    });

    [Fact]
    public async Task A_seller_and_cards_days_come_back_as_the_table_holds_them_and_the_trend_sums_them_per_treatment()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);
        var (seller, card, days) = await LongestHeldAsync();
        var query = $"sellerId={seller}&cardId={card}&from={Day(Today.AddDays(-119))}&to={Day(Today)}";

        var page = await (await client.GetAsync($"/api/v1/inventory/snapshots?{query}&pageSize=500")).JsonAsync(HttpStatusCode.OK);
        var trend = await (await client.GetAsync($"/api/v1/inventory/snapshots/trend?{query}")).JsonAsync(HttpStatusCode.OK);

        var items = page["page"]!["items"]!.AsArray().Select(item => item!).ToList();
        Assert.Equal(days, items.Select(row => $"{row["date"]} {row["treatment"]} {row["quantity"]}").ToList());
        Assert.Equal(days.Count, page["page"]!["total"]!.GetValue<int>());
        Assert.True(days.Select(day => day[..10]).Distinct().Count() >= 30, $"the longest held card has {days.Count} rows");
        var points = trend["points"]!.AsArray().Select(point => $"{point!["date"]} {point["treatment"]} {point["quantity"]}").ToList();
        Assert.Equal(days.OrderBy(day => day, StringComparer.Ordinal), points);
    }

    [Fact]
    public async Task A_page_in_quantity_order_holds_the_largest_rows_first_and_bad_queries_name_their_fields()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var page = await (await client.GetAsync("/api/v1/inventory/snapshots?sort=quantity&descending=true&pageSize=20")).JsonAsync(HttpStatusCode.OK);
        var largest = await demo.App.Services.QueryAsync(db => db.InventorySnapshots.Where(row => row.Date >= Today.AddDays(-90))
            .OrderByDescending(row => row.Quantity).Select(row => row.Quantity).Take(20).ToListAsync());

        Assert.Equal(largest, page["page"]!["items"]!.AsArray().Select(row => row!["quantity"]!.GetValue<int>()).ToList());
        Assert.Equal(Day(Today.AddDays(-90)), page["from"]!.GetValue<string>());
        Assert.Equal(["from", "sort", "treatment"],
            await (await client.GetAsync("/api/v1/inventory/snapshots?from=2026-13-01&sort=cheapest&treatment=Gold")).FieldErrorsAsync());
        Assert.Equal(["from"], await (await client.GetAsync("/api/v1/inventory/snapshots/trend?from=2026-12-02&to=2026-12-01")).FieldErrorsAsync());
    }

    [Fact]
    public async Task Taking_today_needs_an_operator_key_writes_a_row_per_seller_card_and_treatment_held_and_a_future_day_is_refused()
    {
        using var viewer = await demo.App.NewApiClientAsync(Roles.Viewer);
        using var operatorClient = await demo.App.NewApiClientAsync(Roles.Operator);
        var held = await demo.App.Services.QueryAsync(db => db.InventoryItems.Select(item => new { item.SellerId, item.CardId, item.Treatment }).Distinct().CountAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/v1/inventory/snapshots", null)).StatusCode);
        var taken = await (await operatorClient.PostAsync("/api/v1/inventory/snapshots", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Day(Today), taken["date"]!.GetValue<string>());
        Assert.Equal(held, taken["rows"]!.GetValue<int>());
        Assert.Equal(held, taken["replaced"]!.GetValue<int>());
        Assert.Equal(["date"], await (await operatorClient.PostAsync($"/api/v1/inventory/snapshots?date={Day(Today.AddDays(1))}", null)).FieldErrorsAsync());
    }

    [Fact]
    public async Task The_verbs_take_a_day_and_list_its_rows_as_json()
    {
        var taken = JsonNode.Parse(await demo.CliAsync("inventory", "snapshot", "--json"))!;
        var listed = JsonNode.Parse(await demo.CliAsync("inventory", "snapshots", "--from", Day(Today), "--to", Day(Today), "--page-size", "1", "--json"))!;

        Assert.Equal(Day(Today), taken["date"]!.GetValue<string>());
        Assert.Equal(taken["rows"]!.GetValue<int>(), listed["total"]!.GetValue<int>());
        Assert.Equal(Day(Today), listed["rows"]![0]!["date"]!.GetValue<string>());
    }
}
