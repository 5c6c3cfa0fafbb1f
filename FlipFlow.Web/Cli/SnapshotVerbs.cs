using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Snapshots;

namespace FlipFlow.Web.Cli;

/// <summary><c>snapshots collect [--date yyyy-MM-dd] [--json]</c>.</summary>
public static class SnapshotVerbs
{
    public static Command Create(CliContext context)
    {
        var date = new Option<DateOnly?>("--date")
        {
            Description = "The day (UTC) to collect, as yyyy-MM-dd; yesterday when left out. A past day is recorded with the listings' "
                + "state as known now (today's counters, price, quantity and watchers), not as it was then.",
            HelpName = "yyyy-MM-dd",
            CustomParser = ParseDate,
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var collect = new Command("collect",
            "Collect one day's listing snapshots and daily totals (what the listing-snapshots job does for yesterday), replacing what the day held.")
        {
            date, json,
        };
        collect.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var snapshotter = host.Services.GetRequiredService<ListingSnapshotter>();
            var day = parsed.GetValue(date) ?? snapshotter.LastEndedDay;
            if (day < snapshotter.LastEndedDay)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{day:yyyy-MM-dd} is past: its snapshots record the listings as they are now, not as they were then."));
            }
            var report = await snapshotter.CollectAsync(day, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new CollectRow(report.Date, report.Snapshots, report.ActiveListings, report.Replaced, report.Totals,
                    Math.Round(report.Duration.TotalSeconds, 3)));
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Collected {report.Snapshots:N0} snapshot{(report.Snapshots == 1 ? "" : "s")} for {report.Date:yyyy-MM-dd} in {report.Duration.TotalSeconds:0.0} s"));
            return FlipFlowCli.Ok;
        });
        return new Command("snapshots", "Daily listing snapshots.") { collect };
    }

    /// <summary>A day written yyyy-MM-dd, up to today (UTC): the day a snapshot is taken for.</summary>
    internal static DateOnly? ParseDate(ArgumentResult result)
    {
        if (ParseDay(result) is not { } day)
        {
            return null;
        }
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        if (day > today)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture,
                $"--date {day:yyyy-MM-dd} is in the future: the latest day that can be collected is today, {today:yyyy-MM-dd} (UTC)."));
            return null;
        }
        return day;
    }

    /// <summary>A day written yyyy-MM-dd.</summary>
    internal static DateOnly? ParseDay(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var option = result.Parent is OptionResult owner ? owner.Option.Name : "--date";
            result.AddError($"{option} must be a day as yyyy-MM-dd, such as 2026-11-21; '{text}' is not.");
            return null;
        }
        return day;
    }

    /// <summary><c>snapshots collect --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record CollectRow(DateOnly Date, int Snapshots, int ActiveListings, int Replaced, int Totals, double DurationSeconds);
}
