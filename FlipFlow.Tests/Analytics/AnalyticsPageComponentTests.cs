using System.Text.Json;
using Bunit;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Components;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Analytics;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.Analytics;

/// <summary>The Analytics page: its empty state, the charts it hands ApexCharts, and the one-listing picker.</summary>
public sealed class AnalyticsPageComponentTests : ComponentTest
{
    /// <summary>How long to wait for the page's reads: generous, as the machine running the tests may be loaded.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly BunitJSModuleInterop charts;

    public AnalyticsPageComponentTests()
    {
        charts = JSInterop.SetupModule("./js/apexchart.js");
        charts.SetupVoid("create", _ => true).SetVoidResult();
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private IReadOnlyList<JsonElement> Created => charts.Invocations["create"].Select(call => JsonSerializer.SerializeToElement(call.Arguments[1])).ToList();

    private JsonElement Chart(string firstSeries) =>
        Created.Single(options => options.GetProperty("series").EnumerateArray().Any(series => series.GetProperty("name").GetString() == firstSeries));

    /// <summary>Three days of eBay totals in USD: revenue of a few hundred a day beside a listed value of about 60,000, watchers growing.</summary>
    private async Task SeedTotalsAsync()
    {
        await App.QueryAsync(async db =>
        {
            for (var daysAgo = 3; daysAgo >= 1; daysAgo--)
            {
                db.DailyListingTotals.Add(new DailyListingTotals
                {
                    Date = Today.AddDays(-daysAgo), Marketplace = Marketplace.Ebay, Currency = "USD", ActiveListings = 400, Views = 900 + daysAgo,
                    Watchers = 120 - daysAgo, UnitsSold = 10 + daysAgo, Revenue = 310.50m + daysAgo, ListedValue = 60_250m - daysAgo,
                });
            }
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public void A_range_without_daily_totals_says_what_to_do_instead_of_drawing_empty_charts()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<AnalyticsPage>();

        var empty = page.WaitForElement("[data-testid=analytics-empty]", Wait);
        Assert.Contains("listing-snapshots job", empty.TextContent);
        Assert.Contains("db seed --demo", empty.TextContent);
        Assert.Contains(Today.AddDays(-90).ToString("yyyy-MM-dd"), empty.TextContent);
        Assert.Empty(page.FindAll("[data-testid=portfolio-activity-chart]"));
        Assert.Empty(charts.Invocations["create"]);
    }

    [Fact]
    public async Task Revenue_has_an_axis_of_its_own_beside_listed_value_both_with_cents()
    {
        await SeedTotalsAsync();
        SignInAs(Roles.Viewer);

        var page = RenderPage<AnalyticsPage>();
        page.WaitForElement("[data-testid=portfolio-value-chart-USD]", Wait);
        page.WaitForAssertion(() => Assert.Equal(4, charts.Invocations["create"].Count), Wait);

        var value = Chart("Revenue per day (USD)");
        var series = value.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["Revenue per day (USD)", "Listed value (USD)"], series.Select(one => one.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["column", "line"], series.Select(one => one.GetProperty("type").GetString()!).ToArray());
        Assert.Equal(313.5, series[0].GetProperty("data")[0][1].GetDouble());
        var axes = value.GetProperty("yaxis").EnumerateArray().ToList();
        Assert.Equal(2, axes.Count);
        Assert.Equal("Revenue per day (USD)", Assert.Single(axes[0].GetProperty("seriesName").EnumerateArray()).GetString());
        Assert.Equal("Listed value (USD)", Assert.Single(axes[1].GetProperty("seriesName").EnumerateArray()).GetString());
        Assert.True(axes[1].GetProperty("opposite").GetBoolean());
        Assert.All(axes, axis => Assert.Equal(2, axis.GetProperty("numberFormat").GetProperty("decimals").GetInt32()));
    }

    [Fact]
    public async Task Watchers_are_drawn_as_the_count_at_each_days_end_not_as_a_daily_figure()
    {
        await SeedTotalsAsync();
        SignInAs(Roles.Viewer);

        var page = RenderPage<AnalyticsPage>();
        page.WaitForAssertion(() => Assert.Equal(4, charts.Invocations["create"].Count), Wait);

        // The per-day chart has views alone; watchers go with the active listings, as what stood at each day's end.
        var perDay = Chart("Views");
        Assert.Equal(["Views"], perDay.GetProperty("series").EnumerateArray().Select(one => one.GetProperty("name").GetString()!).ToArray());
        var listed = Chart(AnalyticsFormatting.WatchersAtDayEnd);
        var watchers = listed.GetProperty("series").EnumerateArray().Single(one => one.GetProperty("name").GetString() == "Watchers at day's end");
        Assert.Equal("column", watchers.GetProperty("type").GetString());
        Assert.Equal([117.0, 118, 119], watchers.GetProperty("data").EnumerateArray().Select(point => point[1].GetDouble()).ToArray());
        Assert.Equal("watchers", listed.GetProperty("yaxis")[1].GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("at each day's end", page.Markup);
    }

    [Fact]
    public async Task The_listing_picker_searches_as_you_type_and_shows_the_listing_picked()
    {
        var product = await App.GetRequiredService<ProductCatalog>().CreateAsync(new ProductInput("HOLO-CHARIZARD-4", "Charizard holo, base set", "",
            ItemCondition.Good, 250m, "USD", 1, [], new Dictionary<string, string>()));
        await App.QueryAsync(async db =>
        {
            db.Listings.Add(new Listing
            {
                ProductId = product.Id, Marketplace = Marketplace.Ebay, Status = ListingStatus.Active, Price = 250m, Quantity = 1,
                ListedAt = DateTimeOffset.UtcNow.AddDays(-20), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        SignInAs(Roles.Viewer);
        var popovers = Render<MudPopoverProvider>();
        var page = Render<AnalyticsPage>();
        page.WaitForElement("[data-testid=analytics-summary]", Wait);
        Assert.Contains("as you type", page.Find("[data-testid=listing-picker]").TextContent);

        // Typed, not entered: the matches show after a short pause.
        page.Find("[data-testid=listing-search] input, input[data-testid=listing-search]").Input("chariz");

        popovers.WaitForAssertion(() => Assert.Contains("HOLO-CHARIZARD-4", popovers.Find("[data-testid=listing-choice]").TextContent), Wait);
        popovers.Find("[data-testid=listing-choice]").Click();
        page.WaitForAssertion(() => Assert.Contains("HOLO-CHARIZARD-4", page.Find("[data-testid=listing-trend-title]").TextContent), Wait);
    }

    [Fact]
    public async Task A_range_longer_than_allowed_is_refused_with_the_reason_instead_of_clipped()
    {
        await SeedTotalsAsync();
        SignInAs(Roles.Viewer);
        var page = RenderPage<AnalyticsPage>();
        page.WaitForElement("[data-testid=analytics-summary]", Wait);

        var from = page.FindComponents<MudDatePicker>().Single(picker => picker.Instance.Label == "From");
        var farBack = Today.AddDays(-FlipFlow.Domain.Analytics.AnalyticsRanges.MaxDays - 1).ToDateTime(TimeOnly.MinValue);
        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(farBack));

        var refused = page.WaitForElement("[data-testid=analytics-range-error]", Wait);
        Assert.Contains($"spans {FlipFlow.Domain.Analytics.AnalyticsRanges.MaxDays + 1:N0} days; at most {FlipFlow.Domain.Analytics.AnalyticsRanges.MaxDays:N0}",
            refused.TextContent);
        Assert.Empty(page.FindAll("[data-testid=analytics-summary]"));
        Assert.True(page.Find("[data-testid=analytics-export]").HasAttribute("disabled")
            || page.Find("[data-testid=analytics-export]").ClassList.Contains("mud-button-disabled"));

        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(Today.AddDays(-30).ToDateTime(TimeOnly.MinValue)));
        page.WaitForElement("[data-testid=analytics-summary]", Wait);
        Assert.Empty(page.FindAll("[data-testid=analytics-range-error]"));
    }
}
