using System.Globalization;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Components.Charts;
using FlipFlow.Web.Components.Shared;
using MudBlazor;
using FlipFlow.Infrastructure.Dashboard;

namespace FlipFlow.Web.Features.Dashboard;

/// <summary>How the dashboard writes its figures and draws its charts.</summary>
public static class DashboardFormatting
{
    /// <summary>"1,234.50 USD + 80.00 EUR": money is never added across currencies; "0.00" when nothing sold.</summary>
    public static string Money(IReadOnlyList<DashboardMoney> amounts) =>
        amounts.Count == 0 ? 0m.ToString("N2") : string.Join(" + ", amounts.Select(money => $"{money.Amount:N2} {money.Currency}"));

    public static string Money(decimal? amount, string? currency) => amount is { } value ? $"{value:N2} {currency}" : "–";

    public static string Rate(double? rate) => rate is { } value ? value.ToString("P1") : "–";

    /// <summary>The raw figure for tests and scripts, culture-free.</summary>
    public static string Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    public static string Raw(IReadOnlyList<DashboardMoney> amounts) =>
        string.Join(";", amounts.Select(money => $"{money.Currency}={money.Amount.ToString(CultureInfo.InvariantCulture)}"));

    public static string SyncAge(long? seconds) => seconds is { } value ? Durations.Describe(TimeSpan.FromSeconds(value)) + " ago" : "never";

    /// <summary>The scheduler's chip: green while it runs, amber on standby, red for anything else (stopped, failed).</summary>
    public static Color SchedulerColor(string state) => state switch
    {
        "Running" => Color.Success,
        "Standby" => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>
    /// One series of a day figure. A day without totals has no point (left out, the line joins its neighbours)
    /// rather than a 0 that would read as "nothing listed".
    /// </summary>
    public static IReadOnlyList<ChartSeries> Series(string name, IReadOnlyList<DashboardDay> days, Func<DashboardDay, int?> figure) =>
    [
        new(name, days
            .Where(day => figure(day) is not null)
            .Select(day => new ChartPoint(new DateTimeOffset(day.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), figure(day)!.Value))
            .ToList()),
    ];
}
