using System.Globalization;
using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Analytics;

/// <summary>The Analytics page's summary figures over a range, money with its currency.</summary>
public sealed record ApiAnalyticsSummary(
    DateOnly From,
    DateOnly To,
    string? Marketplace,
    IReadOnlyList<ApiMoney> PortfolioValue,
    int ActiveListings,
    int UnitsSold,
    int UnitsActiveAtEnd,
    decimal? SellThroughRate,
    double? MedianDaysToSell,
    int? Views,
    decimal? ViewsToSaleConversion,
    IReadOnlyList<ApiMoney> Revenue);

/// <summary>The Analytics page's portfolio per day and currency, oldest first.</summary>
public sealed record ApiAnalyticsTrends(DateOnly From, DateOnly To, string? Marketplace, IReadOnlyList<ApiPortfolioDay> Days);

/// <summary>One day of the portfolio in one currency: views and watchers are null when no listing reported them.</summary>
public sealed record ApiPortfolioDay(DateOnly Date, int ActiveListings, int? Views, int? Watchers, int UnitsSold, ApiMoney Revenue, ApiMoney ListedValue);

/// <summary>
/// <c>GET /api/v1/analytics/summary</c> and <c>GET /api/v1/analytics/trends</c> with <c>from</c>, <c>to</c> (yyyy-MM-dd, UTC; the last
/// 90 days when left out) and <c>marketplace</c> (demo, ebay or etsy; all when left out): the Analytics page's figures. A range
/// <see cref="AnalyticsRanges"/> refuses is a 400 naming the field, never clipped, as in <c>stats portfolio</c>.
/// </summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("analytics/summary", async Task<Results<Ok<ApiAnalyticsSummary>, ValidationProblem>> (string? from, string? to, string? marketplace,
                PortfolioAnalytics analytics, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var (range, problems) = Parse(from, to, marketplace, clock);
                if (problems.Count > 0)
                {
                    return TypedResults.ValidationProblem(problems);
                }
                var summary = await analytics.SummaryAsync(range, cancellationToken);
                return TypedResults.Ok(new ApiAnalyticsSummary(range.From, range.To, range.Marketplace?.Key(), Money(summary.PortfolioValue),
                    summary.ActiveListings, summary.UnitsSold, summary.UnitsActiveAtEnd, summary.SellThroughRate, summary.MedianDaysToSell, summary.Views,
                    summary.ViewsToSaleConversion, Money(summary.Revenue)));
            })
            .WithName("GetAnalyticsSummary")
            .WithSummary("The portfolio's summary over a range: value, sell-through, median days to sell, conversion and revenue.")
            .WithTags("Analytics");

        api.MapGet("analytics/trends", async Task<Results<Ok<ApiAnalyticsTrends>, ValidationProblem>> (string? from, string? to, string? marketplace,
                PortfolioAnalytics analytics, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var (range, problems) = Parse(from, to, marketplace, clock);
                if (problems.Count > 0)
                {
                    return TypedResults.ValidationProblem(problems);
                }
                var days = await analytics.PortfolioSeriesAsync(range, cancellationToken);
                return TypedResults.Ok(new ApiAnalyticsTrends(range.From, range.To, range.Marketplace?.Key(), days
                    .Select(day => new ApiPortfolioDay(day.Date, day.ActiveListings, day.Views, day.Watchers, day.UnitsSold,
                        new ApiMoney(day.Revenue, day.Currency), new ApiMoney(day.ListedValue, day.Currency)))
                    .ToList()));
            })
            .WithName("GetAnalyticsTrends")
            .WithSummary("The portfolio per day and currency over a range: active listings, views, watchers, units sold, revenue and listed value.")
            .WithTags("Analytics");
        return api;
    }

    private static IReadOnlyList<ApiMoney> Money(IReadOnlyList<MoneyTotal> totals) =>
        totals.Select(total => new ApiMoney(total.Amount, total.Currency)).ToList();

    /// <summary>
    /// The range asked for, and what is wrong with the query by field: a day not written yyyy-MM-dd, an unknown marketplace,
    /// or a range <see cref="AnalyticsRanges"/> refuses (named on <c>from</c>, the day to move).
    /// </summary>
    private static (AnalyticsRange Range, Dictionary<string, string[]> Problems) Parse(string? from, string? to, string? marketplace, TimeProvider clock)
    {
        var problems = new Dictionary<string, string[]>();
        Marketplace? only = null;
        if (!string.IsNullOrWhiteSpace(marketplace))
        {
            if (FlipFlow.Domain.Marketplaces.Marketplaces.TryParse(marketplace, out var parsed))
            {
                only = parsed;
            }
            else
            {
                var known = string.Join(", ", FlipFlow.Domain.Marketplaces.Marketplaces.All.Select(one => one.Key()));
                problems["marketplace"] = [$"No marketplace is called '{marketplace}'; give one of {known}, or leave it out for all."];
            }
        }
        var (start, end) = ApiQuery.Range(from, to, problems, clock);
        return (new AnalyticsRange(start, end, only), problems);
    }
}
