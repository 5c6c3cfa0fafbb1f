using System.CommandLine;
using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.RunLog;
using FlipFlow.Web.Features.RunLog;

namespace FlipFlow.Web.Cli;

/// <summary><c>runlog [--kind] [--status] [--source] [--from] [--to] [--json]</c>: every data run of the last 30 days.</summary>
public static class RunLogVerbs
{
    public static Command Create(CliContext context)
    {
        var kind = new Option<DataRunKind?>("--kind") { Description = "InventoryImport, MarketScan, SellerBackfill, InventorySnapshot or ListingSnapshot." };
        var status = new Option<DataRunStatus?>("--status") { Description = "Running, Succeeded, Partial, Failed or Cancelled." };
        var source = new Option<string?>("--source") { Description = "A platform or market source: Ebay, Blokpax, ShootStrayt, Demo, EbayBrowse…" };
        var from = new Option<string?>("--from") { Description = "The first day, as yyyy-MM-dd.", HelpName = "yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "The last day, as yyyy-MM-dd.", HelpName = "yyyy-MM-dd" };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var paging = new PageOptions("Runs");
        var command = new Command("runlog", $"Every run that brought data in or worked it over in the last {DataRuns.RetentionDays} days, newest first.")
        {
            kind, status, source, from, to, json, paging.Page, paging.Size,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (filter, problems) = RunLogApi.Parse(parsed.GetValue(kind)?.ToString(), parsed.GetValue(status)?.ToString(), parsed.GetValue(source),
                parsed.GetValue(from), parsed.GetValue(to));
            if (problems.Count > 0)
            {
                foreach (var message in problems.SelectMany(problem => problem.Value))
                {
                    await parsed.InvocationConfiguration.Error.WriteLineAsync(message);
                }
                return FlipFlowCli.UsageError;
            }
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, skip) = paging.Read(parsed);
            var (runs, total) = await host.Services.GetRequiredService<DataRunLog>().ListAsync(filter, skip, size, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, runs });
                return FlipFlowCli.Ok;
            }
            foreach (var run in runs)
            {
                context.Output.WriteLine($"{run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} {run.Kind}{(run.Source is { } from ? $" {from}" : "")}: {run.Status}. {run.Summary}" +
                    (run.Error is { } error ? $" Error: {error.Split('\n')[0]}" : ""));
            }
            context.Output.WriteLine($"{runs.Count} of {total} runs.");
            return FlipFlowCli.Ok;
        });
        return command;
    }
}
