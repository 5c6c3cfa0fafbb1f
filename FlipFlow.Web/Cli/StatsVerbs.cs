using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Dashboard;

namespace FlipFlow.Web.Cli;

/// <summary><c>stats dashboard [--json]</c>: the dashboard's figures, as the home page shows them.</summary>
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
        return new Command("stats", "Figures about the business.") { dashboard };
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
