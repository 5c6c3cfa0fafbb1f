using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Analytics;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class AnalyticsApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static readonly JsonSerializerOptions Json = ApiAnswers.Json;

    private PortfolioAnalytics Analytics => demo.App.Services.GetRequiredService<PortfolioAnalytics>();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Summary_answers_the_analytics_pages_figures_for_the_range_and_marketplace_asked_for()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);
        var range = new AnalyticsRange(Today.AddDays(-30), Today.AddDays(-1), Marketplace.Demo);

        var summary = await client.GetFromJsonAsync<ApiAnalyticsSummary>(
            $"/api/v1/analytics/summary?from={range.From:yyyy-MM-dd}&to={range.To:yyyy-MM-dd}&marketplace=demo", Json);

        var expected = await Analytics.SummaryAsync(range);
        Assert.NotNull(summary);
        Assert.Equal((range.From, range.To, "demo"), (summary.From, summary.To, summary.Marketplace));
        Assert.True(expected.UnitsSold > 0);
        Assert.Equal((expected.ActiveListings, expected.UnitsSold, expected.UnitsActiveAtEnd, expected.SellThroughRate, expected.MedianDaysToSell,
            expected.Views, expected.ViewsToSaleConversion), (summary.ActiveListings, summary.UnitsSold, summary.UnitsActiveAtEnd, summary.SellThroughRate,
            summary.MedianDaysToSell, summary.Views, summary.ViewsToSaleConversion));
        Assert.Equal(expected.Revenue.Select(money => (money.Amount, money.Currency)), summary.Revenue.Select(money => (money.Amount, money.Currency)));
        Assert.Equal(expected.PortfolioValue.Select(money => (money.Amount, money.Currency)),
            summary.PortfolioValue.Select(money => (money.Amount, money.Currency)));

        var ebay = await client.GetFromJsonAsync<ApiAnalyticsSummary>(
            $"/api/v1/analytics/summary?from={range.From:yyyy-MM-dd}&to={range.To:yyyy-MM-dd}&marketplace=ebay", Json);
        Assert.Equal((0, 0), (ebay!.ActiveListings, ebay.UnitsSold));
    }

    [Fact]
    public async Task Trends_answer_the_portfolio_per_day_with_money_and_its_currency_and_the_last_ninety_days_by_default()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var trends = await client.GetFromJsonAsync<ApiAnalyticsTrends>("/api/v1/analytics/trends", Json);

        var (from, to) = AnalyticsExportEndpoints.DefaultRange(TimeProvider.System);
        var expected = await Analytics.PortfolioSeriesAsync(new AnalyticsRange(from, to));
        Assert.NotNull(trends);
        Assert.Equal((from, to, null), (trends.From, trends.To, trends.Marketplace));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(day => (day.Date, day.ActiveListings, day.Views, day.Watchers, day.UnitsSold, day.Revenue, day.ListedValue, day.Currency)),
            trends.Days.Select(day => (day.Date, day.ActiveListings, day.Views, day.Watchers, day.UnitsSold, day.Revenue.Amount, day.ListedValue.Amount,
                day.Revenue.Currency)));
        Assert.All(trends.Days, day => Assert.Equal("USD", day.ListedValue.Currency));
    }

    [Theory]
    [InlineData("analytics/summary?from=2000-01-01&to=2026-01-31", "from", "at most")]
    [InlineData("analytics/trends?from=2026-02-01&to=2026-01-31", "from", "after its end")]
    [InlineData("analytics/trends?from=01/02/2026", "from", "yyyy-MM-dd")]
    [InlineData("analytics/summary?to=tomorrow", "to", "yyyy-MM-dd")]
    [InlineData("analytics/summary?marketplace=amazon", "marketplace", "demo, ebay, etsy")]
    public async Task A_range_the_rules_refuse_a_day_not_written_yyyy_MM_dd_or_an_unknown_marketplace_is_a_400_naming_the_field(string path,
        string field, string says)
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync($"/api/v1/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var messages = errors.GetProperty(field).EnumerateArray().Select(message => message.GetString()).ToList();
        Assert.Contains(messages, message => message!.Contains(says, StringComparison.Ordinal));
    }
}
