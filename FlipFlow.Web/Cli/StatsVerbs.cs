using System.CommandLine;
using System.CommandLine.Parsing;
using FlipFlow.Domain.Analytics;
using FlipFlow.Web.Features.Analytics;
using System.Globalization;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Dashboard;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>stats dashboard [--json]</c>: the dashboard's figures, as the home page shows them. <c>stats portfolio [--from] [--to]
/// [--marketplace]</c>: the Analytics page's portfolio per day and currency, as its CSV export writes it.
/// </summary>
public static class StatsVerbs
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts: every figure of the dashboard." };
        var dashboard = new Command("dashboard", "The dashboard's figures: health, listings, zombies, queue, recent sales and offers, 90 days.") { json };
        dashboard.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var report = await host.Services.GetRequiredService<DashboardFigures>().ReadAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(report);
                return FlipFlowCli.Ok;
            }
            Write(context.Output, report);
            return FlipFlowCli.Ok;
        });
        return new Command("stats", "Figures about the business.") { dashboard, Portfolio(context) };
    }

    private static Command Portfolio(CliContext context)
    {
        var from = new Option<DateOnly?>("--from")
        {
            Description = $"The first day (UTC), as yyyy-MM-dd; {AnalyticsExportEndpoints.DefaultDays} days before --to when left out.",
            HelpName = "yyyy-MM-dd",
            CustomParser = result => ParseDate(result, "--from"),
        };
        var to = new Option<DateOnly?>("--to")
        {
            Description = "The last day (UTC), as yyyy-MM-dd; today when left out.",
            HelpName = "yyyy-MM-dd",
            CustomParser = result => ParseDate(result, "--to"),
        };
        var marketplace = new Option<string?>("--marketplace") { Description = "demo, ebay or etsy; every marketplace when left out." };
        marketplace.AcceptOnlyFromAmong([.. FlipFlow.Domain.Marketplaces.Marketplaces.All.Select(FlipFlow.Domain.Marketplaces.Marketplaces.Key)]);
        var portfolio = new Command("portfolio",
            $"The portfolio per day and currency as CSV, as the Analytics page exports it; at most {AnalyticsRanges.MaxDays:N0} days.")
        {
            from, to, marketplace,
        };
        // A range too long or backwards is a usage error with the reason (exit 2), never clipped to what fits.
        portfolio.Validators.Add(result =>
        {
            var (first, last) = RangeOf(result.GetValue(from), result.GetValue(to));
            if (AnalyticsRanges.Problem(first, last) is { } problem)
            {
                result.AddError(problem);
            }
        });
        portfolio.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (first, last) = RangeOf(parsed.GetValue(from), parsed.GetValue(to));
            Marketplace? only = parsed.GetValue(marketplace) is { } key ? FlipFlow.Domain.Marketplaces.Marketplaces.Parse(key) : null;
            await host.Services.GetRequiredService<PortfolioAnalytics>()
                .WritePortfolioCsvAsync(new AnalyticsRange(first, last, only), context.Output, cancellationToken);
            return FlipFlowCli.Ok;
        });
        return portfolio;
    }

    private static (DateOnly From, DateOnly To) RangeOf(DateOnly? from, DateOnly? to) =>
        AnalyticsExportEndpoints.RangeOf(from, to, TimeProvider.System);

    private static DateOnly? ParseDate(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        result.AddError($"{name} must be a day as yyyy-MM-dd, such as 2026-11-21; '{text}' is not.");
        return null;
    }

    private static void Write(TextWriter output, DashboardReport report)
    {
        var listings = report.Listings;
        var revenue = listings.RevenueLast30Days.Count == 0
            ? "0.00"
            : string.Join(" + ", listings.RevenueLast30Days.Select(money => $"{money.Amount:N2} {money.Currency}"));
        output.WriteLine($"As of {report.ReadAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}");
        output.WriteLine($"Active listings       {listings.Active,12:N0}   ({listings.UnitsActive:N0} units on offer)");
        output.WriteLine($"New in 7 days         {listings.NewLast7Days,12:N0}");
        output.WriteLine($"Sold in 7 days        {listings.SoldLast7Days,12:N0}   units ({listings.SoldLast30Days:N0} in 30 days)");
        output.WriteLine($"Revenue in 30 days    {revenue,12}");
        output.WriteLine($"Sell-through, 30 days {(listings.SellThroughRate30Days is { } rate ? rate.ToString("P1") : "-"),12}");
        output.WriteLine($"Zombies               {report.Zombies.Count,12:N0}");
        foreach (var zombie in report.Zombies.Worst)
        {
            output.WriteLine($"  {zombie.Score,4}  {zombie.Sku}  {zombie.Title}  ({zombie.Diagnosis})");
        }
        output.WriteLine($"Scheduler             {report.Health.SchedulerState,12}   ({report.Health.FailedRunsLastDay} failed runs in 24 h)");
        foreach (var marketplace in report.Health.Marketplaces)
        {
            var age = marketplace.SyncAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture) + " ago" : "never";
            output.WriteLine($"  {marketplace.Marketplace.DisplayName(),-8} {marketplace.Connection.Describe(),-14} {marketplace.ActiveListings,8:N0} active, last sync {age}");
        }
        output.WriteLine($"Batches               {report.Queue.BatchesRunning,12:N0} running, {report.Queue.BatchesPending:N0} pending, " +
            $"{report.Queue.JobsWaiting:N0} jobs waiting, {report.Queue.FailedTasksLastDay:N0} failed tasks in 24 h");
        var withData = report.Days.Count(day => day.ActiveListings is not null);
        output.WriteLine($"Daily totals          {withData,12} of {report.Days.Count} days");
    }
}
