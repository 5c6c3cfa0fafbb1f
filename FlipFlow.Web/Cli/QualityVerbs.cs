using System.CommandLine;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Quality;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>quality check [--json]</c> prints every data-quality check; <c>quality fix &lt;check&gt;</c>, <c>quality undo &lt;id&gt;</c> and
/// <c>quality fixes</c> leave what a check finds out of price figures, bring it back, and list what was done.
/// </summary>
public static class QualityVerbs
{
    public static Command Create(CliContext context) =>
        new("quality", "The data-quality checks over the market and inventory, and their fixes.") { Check(context), Fix(context), Undo(context), Fixes(context) };

    private static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts." };

    private static Command Check(CliContext context)
    {
        var json = Json();
        var command = new Command("check", "Prints every check with its count, rate, target and whether it holds.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var report = await host.Services.GetRequiredService<DataQuality>().CheckAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(report);
            }
            else
            {
                foreach (var check in report.Checks)
                {
                    context.Output.WriteLine($"{(check.Measure.Holds ? "ok  " : "FAIL")} {check.Name}: {check.Measure.Count:N0} of {check.Measure.Total:N0}, " +
                        $"{check.Measure.Rate:0.##}% (target: {check.Target}). {check.Finding}");
                }
                context.Output.WriteLine($"Price changes in {DataQuality.PriceChangeDays} days: {report.PriceChanges.Count:N0}. " +
                    $"Imported pages kept: {report.Payloads.Count:N0} ({report.Payloads.Bytes:N0} bytes, {report.Payloads.Truncated:N0} cut at 512 KB).");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Fix(CliContext context)
    {
        var check = new Argument<QualityCheckKind>("check") { Description = "BulkLots, Duplicates, PriceOutliers or OtherGames." };
        var json = Json();
        var command = new Command("fix", "Leaves what a check finds now out of price figures, as one fix 'quality undo' can take back.") { check, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var fix = await host.Services.GetRequiredService<QualityFixes>().ApplyAsync(parsed.GetValue(check), "cli:" + Environment.UserName, cancellationToken);
            Write(context, parsed.GetValue(json), fix, $"Fix {fix.Id}: {fix.Listings:N0} listings left out of price figures; 'quality undo {fix.Id}' brings them back.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Undo(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The fix's id (see 'quality fixes')." };
        var json = Json();
        var command = new Command("undo", "Brings the listings a fix left out back into price figures.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var fix = await host.Services.GetRequiredService<QualityFixes>().UndoAsync(parsed.GetValue(id), "cli:" + Environment.UserName, cancellationToken);
            Write(context, parsed.GetValue(json), fix, $"Fix {fix.Id} undone: its {fix.Listings:N0} listings count in price figures again.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Fixes(CliContext context)
    {
        var json = Json();
        var command = new Command("fixes", "The fixes applied, newest first.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var fixes = await host.Services.GetRequiredService<QualityFixes>().ListAsync(cancellationToken: cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(fixes);
                return FlipFlowCli.Ok;
            }
            foreach (var fix in fixes)
            {
                context.Output.WriteLine($"{fix.Id} {fix.Check}: {fix.Listings:N0} listings, by {fix.AppliedBy} at {fix.AppliedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC" +
                    (fix.UndoneAt is { } undone ? $"; undone by {fix.UndoneBy} at {undone.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : ""));
            }
            context.Output.WriteLine($"{fixes.Count} fix{(fixes.Count == 1 ? "" : "es")}.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static void Write(CliContext context, bool json, QualityFix fix, string text)
    {
        if (json)
        {
            context.WriteJson(fix);
        }
        else
        {
            context.Output.WriteLine(text);
        }
    }
}
