using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Web.Components.Charts;

namespace FlipFlow.Web.Features.Market;

/// <summary>A card's sales chart: each day's median sale price, the median over every sale as a flat line, and the sales per day as columns.</summary>
public static class CardSalesChart
{
    public const string DailyMedian = "Daily median sale";
    public const string Median = "Median";
    public const string SalesPerDay = "Sales";

    /// <param name="sales">Sales in one currency, in any order.</param>
    public static IReadOnlyList<ChartSeries> Series(IReadOnlyList<CardSale> sales)
    {
        var days = sales.GroupBy(sale => Day(sale.At)).OrderBy(day => day.Key).ToList();
        if (days.Count == 0)
        {
            return [];
        }
        var median = (double)ScannerRules.Median(sales.Select(sale => sale.Price))!.Value;
        return
        [
            new ChartSeries(DailyMedian, days.Select(day => new ChartPoint(day.Key, (double)ScannerRules.Median(day.Select(sale => sale.Price))!.Value)).ToList()),
            new ChartSeries(Median, [new ChartPoint(days[0].Key, median), new ChartPoint(days[^1].Key, median)]),
            new ChartSeries(SalesPerDay, days.Select(day => new ChartPoint(day.Key, day.Count())).ToList(), ChartKind.Bar, Axis: 1),
        ];
    }

    private static DateTimeOffset Day(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);
}
