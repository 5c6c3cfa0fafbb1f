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

    /// <summary>Counts summed over currencies per day: views and units sold, active listings and watchers.</summary>
    public static IReadOnlyList<ChartSeries> Activity(IReadOnlyList<PortfolioDay> days)
    {
        var perDay = days.GroupBy(day => day.Date).OrderBy(group => group.Key).ToList();
        return
        [
            new("Views", perDay.Where(group => group.Any(day => day.Views is not null)).Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.Views ?? 0))).ToList()),
            new("Watchers", perDay.Where(group => group.Any(day => day.Watchers is not null)).Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.Watchers ?? 0))).ToList()),
            new("Active listings", perDay.Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.ActiveListings))).ToList()),
        ];
    }

    public static IReadOnlyList<ChartSeries> Sales(IReadOnlyList<PortfolioDay> days) =>
    [
        new("Units sold", days.GroupBy(day => day.Date).OrderBy(group => group.Key).Select(group => new ChartPoint(At(group.Key), group.Sum(day => day.UnitsSold))).ToList()),
    ];

    /// <summary>Revenue and listed value in one currency.</summary>
    public static IReadOnlyList<ChartSeries> Value(IReadOnlyList<PortfolioDay> days, string currency) =>
    [
        new($"Revenue ({currency})", days.Where(day => day.Currency == currency).Select(day => new ChartPoint(At(day.Date), (double)day.Revenue)).ToList()),
        new($"Listed value ({currency})", days.Where(day => day.Currency == currency).Select(day => new ChartPoint(At(day.Date), (double)day.ListedValue)).ToList()),
    ];

    public static IReadOnlyList<ChartSeries> ListingActivity(IReadOnlyList<ListingDay> days) =>
    [
        new("Views", days.Where(day => day.Views is not null).Select(day => new ChartPoint(At(day.Date), day.Views!.Value)).ToList()),
        new("Watchers", days.Where(day => day.Watchers is not null).Select(day => new ChartPoint(At(day.Date), day.Watchers!.Value)).ToList()),
        new("Units sold", days.Select(day => new ChartPoint(At(day.Date), day.UnitsSold)).ToList()),
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
