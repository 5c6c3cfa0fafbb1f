using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Quality;

/// <summary>The data-quality checks over the demo market, against counts worked out here from its rows, and a fix and its undo over the API.</summary>
[Trait("Category", "Integration")]
public sealed class DataQualityApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static JsonNode Check(JsonNode report, string kind) => report["checks"]!.AsArray().Single(check => (string)check!["kind"]! == kind)!;

    private static int Count(JsonNode report, string kind) => (int)Check(report, kind)["measure"]!["count"]!;

    /// <summary>The live single-card listings beyond the first of each card, treatment, seller, format, price and currency.</summary>
    private Task<List<(long Id, int Card)>> DuplicatesAsync() => demo.App.Services.QueryAsync(async db =>
    {
        var live = await db.MarketListings.Where(listing => listing.Status == MarketListingStatus.Active && listing.CardId != null && listing.SellerId != null
                && !listing.IsBulkLot && listing.ExcludedByFixId == null && listing.ProductType == MarketProductType.Single)
            .Select(listing => new { listing.Id, Card = listing.CardId!.Value, listing.Treatment, listing.SellerId, listing.Format, listing.Price, listing.Currency })
            .ToListAsync();
        return live.GroupBy(listing => new { listing.Card, listing.Treatment, listing.SellerId, listing.Format, listing.Price, listing.Currency })
            .SelectMany(group => group.OrderBy(listing => listing.Id).Skip(1)).Select(listing => (listing.Id, listing.Card)).ToList();
    });

    [Fact]
    public async Task Every_check_counts_what_the_rows_hold_and_fixing_the_duplicates_leaves_them_out_of_prices_until_undone()
    {
        using var viewer = await demo.App.NewApiClientAsync(Roles.Viewer);
        using var operatorClient = await demo.App.NewApiClientAsync(Roles.Operator);
        var duplicates = await DuplicatesAsync();
        Assert.NotEmpty(duplicates);
        var withoutUrl = await demo.App.Services.QueryAsync(db => db.MarketListings.CountAsync(listing => listing.Url == null || listing.Url == ""));
        Assert.True(withoutUrl > 0, "The demo market has listings without an address.");
        var card = duplicates.GroupBy(duplicate => duplicate.Card).OrderByDescending(group => group.Count()).First();
        var cards = demo.App.Services.GetRequiredService<CardMarket>();
        async Task<int> ActiveAsync() => (await cards.ListAsync(null, 0, 1000)).Cards.Single(summary => summary.Id == card.Key).Active;
        var activeBefore = await ActiveAsync();

        var report = await (await viewer.GetAsync("/api/v1/data-quality")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["SellerCoverage", "SkuMapping", "DataRuns", "BulkLots", "Duplicates", "PriceOutliers", "OtherGames", "MissingUrls", "StaleSources"],
            report["checks"]!.AsArray().Select(check => (string)check!["kind"]!));
        Assert.Equal(duplicates.Count, Count(report, "Duplicates"));
        Assert.Equal(withoutUrl, Count(report, "MissingUrls"));
        Assert.False((bool)Check(report, "Duplicates")["measure"]!["holds"]!);
        Assert.Equal(Math.Min(5, duplicates.Count), Check(report, "Duplicates")["examples"]!.AsArray().Count);
        var cli = JsonNode.Parse(await demo.CliAsync("quality", "check", "--json"))!;
        Assert.Equal(duplicates.Count, Count(cli, "Duplicates"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/data-quality/fixes", new { check = "Duplicates" })).StatusCode);
        var fix = await (await operatorClient.PostAsJsonAsync("/api/v1/data-quality/fixes", new { check = "Duplicates" })).JsonAsync(HttpStatusCode.Created);
        var id = (long)fix["id"]!;
        Assert.Equal(duplicates.Count, (int)fix["listings"]!);
        Assert.NotNull((string?)fix["appliedBy"]);
        var fixedReport = await (await viewer.GetAsync("/api/v1/data-quality")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, Count(fixedReport, "Duplicates"));
        Assert.Equal(activeBefore - card.Count(), await ActiveAsync());
        Assert.Equal(duplicates.Select(duplicate => duplicate.Id).Order(),
            await demo.App.Services.QueryAsync(db => db.MarketListings.Where(listing => listing.ExcludedByFixId == id).Select(listing => listing.Id).OrderBy(x => x).ToListAsync()));
        Assert.Contains("finds nothing to fix", await (await operatorClient.PostAsJsonAsync("/api/v1/data-quality/fixes", new { check = "Duplicates" })).ProblemAsync(HttpStatusCode.Conflict));

        var undone = await (await operatorClient.PostAsync($"/api/v1/data-quality/fixes/{id}/undo", null)).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull((string?)undone["undoneAt"]);
        Assert.Equal(duplicates.Count, Count(await (await viewer.GetAsync("/api/v1/data-quality")).JsonAsync(HttpStatusCode.OK), "Duplicates"));
        Assert.Equal(activeBefore, await ActiveAsync());
        Assert.Contains("was undone by", await (await operatorClient.PostAsync($"/api/v1/data-quality/fixes/{id}/undo", null)).ProblemAsync(HttpStatusCode.Conflict));
        Assert.Contains("no data-quality fix 999999", await (await operatorClient.PostAsync("/api/v1/data-quality/fixes/999999/undo", null)).ProblemAsync(HttpStatusCode.NotFound));
        var fixes = await (await viewer.GetAsync("/api/v1/data-quality/fixes")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(fixes.AsArray(), row => (long)row!["id"]! == id && (string?)row["undoneBy"] is not null);
        Assert.Contains($"{id} Duplicates: {duplicates.Count:N0} listings", await demo.CliAsync("quality", "fixes"));
    }

    [Theory]
    [InlineData("SellerCoverage", "has no fix")]
    [InlineData("Nope", "'Nope' is not a check")]
    [InlineData(null, "Name the check")]
    public async Task A_fix_for_a_check_without_one_or_no_check_is_refused_on_its_field(string? check, string message)
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Operator);
        var problem = await (await client.PostAsJsonAsync("/api/v1/data-quality/fixes", new { check })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains(message, (string)problem["errors"]!["check"]![0]!);
    }
}
