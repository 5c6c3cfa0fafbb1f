using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Components.Charts;

namespace FlipFlow.Web.Features.Analytics;

/// <summary>How the Analytics and listing pages write figures and turn series into charts.</summary>
public static class AnalyticsFormatting
{
    public static string Money(IReadOnlyList<MoneyTotal> totals) =>
        totals.Count == 0 ? "—" : string.Join(" · ", totals.Select(total => Money(total.Amount, total.Currency)));

    public static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.CurrentCulture)} {currency}";

    public static string Percent(decimal? share) => share is { } value ? (value * 100).ToString("0.0", CultureInfo.CurrentCulture) + " %" : "—";

    public static string Count(int? value) => value?.ToString("N0", CultureInfo.CurrentCulture) ?? "no data";

    public static string Days(double? days) => days is { } value ? value.ToString("0.0", CultureInfo.CurrentCulture) + " days" : "—";

    public static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) + (at is null ? "—" : " UTC");

    private static DateTimeOffset At(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Days summed over currencies, oldest first: the counts do not depend on the money they were listed in.</summary>
    private static List<IGrouping<DateOnly, PortfolioDay>> PerDay(IReadOnlyList<PortfolioDay> days) =>
        days.GroupBy(day => day.Date).OrderBy(group => group.Key).ToList();

    /// <summary>Views during each day. A day no marketplace reported views for has no point, not a 0.</summary>
    public static IReadOnlyList<ChartSeries> Views(IReadOnlyList<PortfolioDay> days) =>
    [
        new("Views", PerDay(days).Where(group => group.Any(day => day.Views is not null)).Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.Views ?? 0))).ToList()),
    ];

    public static IReadOnlyList<ChartSeries> Sales(IReadOnlyList<PortfolioDay> days) =>
    [
        new("Units sold", PerDay(days).Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.UnitsSold))).ToList()),
    ];

    /// <summary>
    /// What was live at each day's end: the active listings (axis 0) and the people watching them (axis 1, columns).
    /// Watchers are a count at collection (ListingSnapshot.Watchers), not the day's new watchers: summed over days
    /// they would mean nothing, so they are named for what they are and kept off the per-day charts.
    /// </summary>
    public static IReadOnlyList<ChartSeries> Listed(IReadOnlyList<PortfolioDay> days)
    {
        var perDay = PerDay(days);
        return
        [
            new("Active listings", perDay.Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.ActiveListings))).ToList(), ChartKind.Line, Axis: 0),
            new(WatchersAtDayEnd, perDay.Where(group => group.Any(day => day.Watchers is not null))
                .Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.Watchers ?? 0))).ToList(), ChartKind.Bar, Axis: 1),
        ];
    }

    public const string WatchersAtDayEnd = "Watchers at day's end";

    /// <summary>
    /// Money in one currency: the day's revenue (columns, axis 0) and what the active listings asked at the day's end
    /// (a line, axis 1). They have axes of their own: a day's revenue of a few hundred beside a listed value of tens of
    /// thousands would lie flat on 0.
    /// </summary>
    public static IReadOnlyList<ChartSeries> Value(IReadOnlyList<PortfolioDay> days, string currency) =>
    [
        new($"Revenue per day ({currency})", days.Where(day => day.Currency == currency).Select(day => new ChartPoint(At(day.Date), (double)day.Revenue)).ToList(),
            ChartKind.Bar, Axis: 0),
        new($"Listed value ({currency})", days.Where(day => day.Currency == currency).Select(day => new ChartPoint(At(day.Date), (double)day.ListedValue)).ToList(),
            ChartKind.Line, Axis: 1),
    ];

    /// <summary>The money chart's axes: revenue on the left, listed value on the right, both in the currency with its cents.</summary>
    public static ChartSettings ValueSettings(string currency) => new(ChartKind.Line, Height: 300)
    {
        Daily = true,
        Axes = [new ChartAxis($"revenue per day ({currency})", Decimals: 2), new ChartAxis($"listed value ({currency})", Decimals: 2, Opposite: true)],
    };

    /// <summary>One listing's views (a line, axis 0) and units sold (columns, axis 1) during each day.</summary>
    public static IReadOnlyList<ChartSeries> ListingActivity(IReadOnlyList<ListingDay> days) =>
    [
        new("Views", days.Where(day => day.Views is not null).Select(day => new ChartPoint(At(day.Date), day.Views!.Value)).ToList(), ChartKind.Line, Axis: 0),
        new("Units sold", days.Select(day => new ChartPoint(At(day.Date), day.UnitsSold)).ToList(), ChartKind.Bar, Axis: 1),
    ];

    /// <summary>How many watched the listing when each day's snapshot was taken.</summary>
    public static IReadOnlyList<ChartSeries> ListingWatchers(IReadOnlyList<ListingDay> days) =>
    [
        new(WatchersAtDayEnd, days.Where(day => day.Watchers is not null).Select(day => new ChartPoint(At(day.Date), day.Watchers!.Value)).ToList()),
    ];

    public static IReadOnlyList<ChartSeries> ListingPrice(IReadOnlyList<ListingDay> days) =>
    [
        new("Price", days.Select(day => new ChartPoint(At(day.Date), (double)day.Price)).ToList()),
    ];

    public static string Describe(ListingEvent change) => change.Kind switch
    {
        ListingEventKind.Sold => $"Sold {change.Quantity ?? 1} for {(change.Amount is { } amount ? Money(amount, change.Currency ?? "") : "—")}",
        ListingEventKind.PriceChanged => $"Price {change.OldValue} → {change.NewValue}",
        ListingEventKind.QuantityChanged => $"Quantity {change.OldValue} → {change.NewValue}",
        _ => $"Status {change.OldValue} → {change.NewValue}",
    };
}
