using System.CommandLine;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Zombies;

namespace FlipFlow.Web.Cli;

/// <summary><c>zombies scan [--json]</c>, <c>zombies resurrect &lt;listing-id&gt;... [--wait] [--json]</c>.</summary>
public static class ZombieVerbs
{
    public static Command Create(CliContext context)
    {
        var scanJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var scan = new Command("scan", "Judge every live listing now and print each zombie with its score, diagnosis and reasons, worst first.") { scanJson };
        scan.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var report = await host.Services.GetRequiredService<ZombieScanner>().ScanAsync(cancellationToken: cancellationToken);
            var reader = host.Services.GetRequiredService<ZombieReader>();
            var zombies = new List<ZombieLine>(report.Zombies);
            for (var skip = 0; ; skip += 1000)
            {
                var page = await reader.ListAsync(skip: skip, take: 1000, cancellationToken: cancellationToken);
                zombies.AddRange(page.Rows.Select(ZombieLine.From));
                if (page.Rows.Count < 1000)
                {
                    break;
                }
            }
            if (parsed.GetValue(scanJson))
            {
                context.WriteJson(new ScanResult(report.Judged, report.Zombies,
                    report.ByDiagnosis.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value), report.JudgedAt, zombies));
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"Zombie scan: {report}.");
            foreach (var zombie in zombies)
            {
                context.Output.WriteLine($"{zombie.ListingId,8}  {zombie.Sku,-20}  {zombie.Score,3}  {zombie.Diagnosis,-16}  {zombie.Reasons}");
            }
            return FlipFlowCli.Ok;
        });

        var ids = new Argument<long[]>("listing-id") { Description = "The listings to resurrect.", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait until the batch has ended; exit 0 only if it completed. When no FlipFlow process runs jobs, this one runs the batch.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var resurrect = new Command("resurrect", "End and relist zombies as new listings linked to the old ones, as one batch; prints the batch.") { ids, wait, json };
        resurrect.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var log = parsed.InvocationConfiguration.Error;
            var elsewhere = await host.Services.GetRequiredService<IJobScheduler>().IsRunningElsewhereAsync(cancellationToken);
            Infrastructure.Batches.BatchCreated created;
            try
            {
                created = await host.Services.GetRequiredService<ZombieResurrector>()
                    .ResurrectAsync(parsed.GetValue(ids) ?? [], "cli", cancellationToken);
            }
            catch (ZombieActionException exception)
            {
                await log.WriteLineAsync(exception.Message);
                return FlipFlowCli.Failed;
            }
            foreach (var skipped in created.Skipped)
            {
                await log.WriteLineAsync($"Left out {skipped}");
            }
            var batch = created.Batch;
            if (parsed.GetValue(wait))
            {
                batch = await BatchVerbs.WaitAsync(host.Services, batch.Id, elsewhere, log, cancellationToken);
            }
            else if (!elsewhere)
            {
                await log.WriteLineAsync("No FlipFlow process is running jobs now; the batch runs when one starts (or use --wait to run it here).");
            }
            if (parsed.GetValue(json))
            {
                context.WriteJson(BatchVerbs.BatchRow.From(batch));
            }
            else
            {
                context.Output.WriteLine($"Batch {batch.Id}: {batch.Title}: {batch.Status}, {batch.FinishedJobs} of {batch.TotalJobs} jobs finished " +
                    $"({batch.SucceededJobs} completed, {batch.FailedJobs} failed, {batch.CancelledJobs} cancelled)");
            }
            return !parsed.GetValue(wait) || batch.Status == BatchStatus.Completed ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        });

        return new Command("zombies", "Find listings that do not sell (zombies) and resurrect them.") { scan, resurrect };
    }

    /// <summary>The result of <c>zombies scan --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record ScanResult(int Judged, int ZombieCount, IReadOnlyDictionary<string, int> ByDiagnosis, DateTimeOffset JudgedAt,
        IReadOnlyList<ZombieLine> Zombies);

    /// <summary>One zombie in <c>zombies scan --json</c>. <see cref="ViewsLast30Days"/> and <see cref="Watchers"/> null are "no data".</summary>
    public sealed record ZombieLine(
        long ListingId, string Sku, string Title, string Marketplace, string? RemoteId, int Score, ZombieDiagnosis Diagnosis, string DiagnosisWords,
        string Reasons, int DaysListed, int? ViewsLast30Days, int? Watchers)
    {
        public static ZombieLine From(ZombieRow row) => new(row.ListingId, row.Sku, row.Title, Domain.Marketplaces.Marketplaces.Key(row.Marketplace),
            row.RemoteId, row.Score, row.Diagnosis, row.DiagnosisWords, row.Reasons, row.DaysListed, row.ViewsLast30Days, row.Watchers);
    }
}
