using FlipFlow.Domain.Common;
using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Domain.Products;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>batch publish --marketplace &lt;m&gt; [--all|--sku S...] [--wait] [--json]</c>, <c>batch list [--json]</c>,
/// <c>batch show &lt;id&gt; [--json]</c>, <c>batch retry &lt;id&gt; [--wait]</c>, <c>batch cancel &lt;id&gt;</c>.
/// </summary>
public static class BatchVerbs
{
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a waiting verb reports progress on standard error.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliContext context)
    {
        var marketplace = new Option<string>("--marketplace") { Description = "demo, ebay or etsy.", Required = true };
        marketplace.AcceptOnlyFromAmong([.. Marketplaces.All.Select(Marketplaces.Key)]);
        var all = new Option<bool>("--all") { Description = "Publish every product not yet live on the marketplace." };
        var sku = new Option<string[]>("--sku") { Description = "The SKUs to publish (repeat, or separate with spaces).", AllowMultipleArgumentsPerToken = true };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait until the batch has ended; exit 0 only if it completed. When no FlipFlow process runs jobs, this one runs the batch.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var publish = new Command("publish", "Publish products to a marketplace as a batch of jobs; prints the batch.") { marketplace, all, sku, wait, json };
        publish.Validators.Add(result =>
        {
            var skus = result.GetValue(sku) ?? [];
            if (result.GetValue(all) == (skus.Length > 0))
            {
                result.AddError("Give either --all or at least one --sku.");
            }
            // A SKU with a character no one can see would be reported as "no product has this SKU", which reads as wrong.
            foreach (var given in skus)
            {
                if (Identifier.Problem(Identifier.Normalize(given), "SKU") is { } problem)
                {
                    result.AddError($"--sku {given.Trim()}: {problem}");
                }
            }
        });
        publish.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var batches = host.Services.GetRequiredService<MarketplaceBatches>();
            var scheduler = host.Services.GetRequiredService<IJobScheduler>();
            var log = parsed.InvocationConfiguration.Error;
            var target = Marketplaces.Parse(parsed.GetValue(marketplace));
            var skus = parsed.GetValue(all) ? null : parsed.GetValue(sku);
            var elsewhere = await scheduler.IsRunningElsewhereAsync(cancellationToken);
            BatchJob batch;
            try
            {
                var created = await batches.PublishAsync(target, skus, "cli", cancellationToken);
                foreach (var skipped in created.Skipped.Take(20))
                {
                    await log.WriteLineAsync($"Left out {skipped}");
                }
                if (created.Skipped.Count > 20)
                {
                    await log.WriteLineAsync($"… and {created.Skipped.Count - 20} more left out.");
                }
                batch = created.Batch;
            }
            catch (BatchRuleException) when (parsed.GetValue(wait))
            {
                // Everything asked for may already be in a batch that was cut off (a killed process): carry that one on.
                var underway = await batches.UnfinishedAsync(target, MarketplaceOperation.Publish, cancellationToken);
                if (underway.Count == 0)
                {
                    throw;
                }
                batch = underway[0];
                await log.WriteLineAsync($"Batch {batch.Id} ({batch.Title}) is already publishing these products; carrying it on.");
                await batches.ResumeAsync(batch.Id, cancellationToken);
            }
            if (!parsed.GetValue(wait))
            {
                Write(context, parsed.GetValue(json), batch);
                if (!elsewhere)
                {
                    await log.WriteLineAsync("No FlipFlow process is running jobs now; the batch runs when one starts (or use --wait to run it here).");
                }
                return FlipFlowCli.Ok;
            }
            var final = await WaitAsync(host.Services, batch.Id, elsewhere, log, cancellationToken);
            Write(context, parsed.GetValue(json), final);
            return final.Status == BatchStatus.Completed ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        }));

        var listJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var limit = new Option<int>("--limit") { Description = "How many batches to list, newest first (1 to 500).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be between 1 and 500.");
            }
        });
        var list = new Command("list", "List batches, newest first.") { listJson, limit };
        list.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var rows = (await host.Services.GetRequiredService<MarketplaceBatches>().ListAsync(0, parsed.GetValue(limit), cancellationToken))
                .Select(BatchRow.From).ToList();
            if (parsed.GetValue(listJson))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            if (rows.Count == 0)
            {
                context.Output.WriteLine("No batches yet. Create one with 'batch publish'.");
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{"Id",6}  {"Status",-21}  {"Jobs",-13}  {"Created (UTC)",-19}  Title");
            foreach (var row in rows)
            {
                context.Output.WriteLine($"{row.Id,6}  {row.Status,-21}  {$"{row.FinishedJobs}/{row.TotalJobs}",-13}  {Time(row.CreatedAt),-19}  {row.Title}");
            }
            return FlipFlowCli.Ok;
        }));

        var showId = new Argument<long>("id") { Description = "The batch to show." };
        var showJson = new Option<bool>("--json") { Description = "Write JSON for scripts, with every job and its tasks." };
        var show = new Command("show", "Show a batch, its jobs and their tasks.") { showId, showJson };
        show.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var batches = host.Services.GetRequiredService<MarketplaceBatches>();
            var batch = await batches.GetAsync(parsed.GetValue(showId), cancellationToken);
            var jobs = (await batches.JobsAsync(batch.Id, null, 0, int.MaxValue, cancellationToken)).Jobs.Select(JobRow.From).ToList();
            if (parsed.GetValue(showJson))
            {
                context.WriteJson(new BatchDetail(BatchRow.From(batch), jobs));
                return FlipFlowCli.Ok;
            }
            WriteText(context, batch);
            foreach (var job in jobs)
            {
                context.Output.WriteLine($"  Job {job.Id}: {job.Operation} {job.Sku ?? "-"} on {job.Marketplace}: {job.Status}{(job.Error is null ? "" : $": {job.Error}")}");
                foreach (var task in job.Tasks.Where(task => task.Status != MarketplaceTaskStatus.Completed || job.Status != MarketplaceJobStatus.Completed))
                {
                    context.Output.WriteLine($"    {task.Order + 1}. {task.Name}: {task.Status} (attempts {task.Attempts}){(task.Error is null ? "" : $": {task.Error}")}");
                }
            }
            return FlipFlowCli.Ok;
        }));

        var retryId = new Argument<long>("id") { Description = "The batch whose failed and cancelled jobs to run again." };
        var retryWait = new Option<bool>("--wait") { Description = "Wait until the batch has ended again; exit 0 only if it completed." };
        var retry = new Command("retry", "Run a batch's failed and cancelled jobs again (their completed tasks are kept), or carry on a batch that was cut off.")
        {
            retryId, retryWait,
        };
        retry.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var batches = host.Services.GetRequiredService<MarketplaceBatches>();
            var log = parsed.InvocationConfiguration.Error;
            var elsewhere = await host.Services.GetRequiredService<IJobScheduler>().IsRunningElsewhereAsync(cancellationToken);
            var batch = await batches.GetAsync(parsed.GetValue(retryId), cancellationToken);
            if (batch.IsFinished)
            {
                var count = await batches.RetryFailedAsync(batch.Id, cancellationToken);
                context.Output.WriteLine($"Batch {batch.Id}: {count} job{(count == 1 ? "" : "s")} to run again.");
            }
            else
            {
                await batches.ResumeAsync(batch.Id, cancellationToken);
                context.Output.WriteLine($"Batch {batch.Id} has not ended: its waiting jobs run when a FlipFlow process takes them up.");
            }
            if (!parsed.GetValue(retryWait))
            {
                return FlipFlowCli.Ok;
            }
            var final = await WaitAsync(host.Services, batch.Id, elsewhere, log, cancellationToken);
            WriteText(context, final);
            return final.Status == BatchStatus.Completed ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        }));

        var cancelId = new Argument<long>("id") { Description = "The batch to cancel." };
        var cancel = new Command("cancel", "Cancel a batch: jobs not started are cancelled, running ones stop before their next task.") { cancelId };
        cancel.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var id = parsed.GetValue(cancelId);
            var cancelled = await host.Services.GetRequiredService<MarketplaceBatches>().CancelAsync(id, cancellationToken);
            context.Output.WriteLine(cancelled ? $"Batch {id} is being cancelled." : $"Batch {id} had already ended.");
            return cancelled ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        }));

        return new Command("batch", "Publish products as batches of marketplace jobs; list, show, retry and cancel batches.")
        {
            publish, list, show, retry, cancel,
        };
    }

    /// <summary>
    /// Waits for the batch to end, reporting progress on standard error. When no other process runs jobs, this
    /// one runs the batch itself (and takes over if the one that ran it stops). The batch's engine jobs were
    /// enqueued before this is called.
    /// </summary>
    internal static async Task<BatchJob> WaitAsync(IServiceProvider services, long batchId, bool elsewhere, TextWriter log,
        CancellationToken cancellationToken)
    {
        await using var here = new SchedulerHere(services);
        if (!elsewhere)
        {
            await log.WriteLineAsync("No other FlipFlow process is running jobs, so this one runs the batch.");
            await RunHereAsync(services, here, cancellationToken);
        }
        return await FollowAsync(services, batchId, here, log, cancellationToken);
    }

    /// <summary>
    /// Starts the engine's servers here, then enqueues again the jobs no engine job would run, such as those of a
    /// batch cut off by a killed process.
    /// </summary>
    private static async Task RunHereAsync(IServiceProvider services, SchedulerHere here, CancellationToken cancellationToken)
    {
        await here.StartAsync(cancellationToken);
        await services.GetRequiredService<MarketplaceSweeper>().SweepAsync(cancellationToken);
    }

    private static async Task<BatchJob> FollowAsync(IServiceProvider services, long batchId, SchedulerHere here, TextWriter log,
        CancellationToken cancellationToken)
    {
        var batches = services.GetRequiredService<MarketplaceBatches>();
        var scheduler = services.GetRequiredService<IJobScheduler>();
        var clock = services.GetRequiredService<TimeProvider>();
        var lastReport = DateTimeOffset.MinValue;
        var lastFinished = -1;
        while (true)
        {
            var batch = await batches.GetAsync(batchId, cancellationToken);
            if (batch.IsFinished)
            {
                return batch;
            }
            var now = clock.GetUtcNow();
            if (now - lastReport >= ProgressInterval && batch.FinishedJobs != lastFinished)
            {
                await log.WriteLineAsync($"Batch {batch.Id}: {batch.FinishedJobs} of {batch.TotalJobs} jobs finished ({batch.FailedJobs} failed)");
                lastReport = now;
                lastFinished = batch.FinishedJobs;
            }
            if (!here.IsStarted && !await scheduler.IsRunningElsewhereAsync(cancellationToken))
            {
                await log.WriteLineAsync("No other FlipFlow process is running jobs any more, so this one runs the batch.");
                await RunHereAsync(services, here, cancellationToken);
            }
            await Task.Delay(WaitPollInterval, clock, cancellationToken);
        }
    }

    private static void Write(CliContext context, bool json, BatchJob batch)
    {
        if (json)
        {
            context.WriteJson(BatchRow.From(batch));
        }
        else
        {
            WriteText(context, batch);
        }
    }

    private static void WriteText(CliContext context, BatchJob batch) =>
        context.Output.WriteLine($"Batch {batch.Id}: {batch.Title}: {batch.Status}, {batch.FinishedJobs} of {batch.TotalJobs} jobs finished " +
            $"({batch.SucceededJobs} completed, {batch.FailedJobs} failed, {batch.CancelledJobs} cancelled)");

    private static string Time(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    private static Func<ParseResult, CancellationToken, Task<int>> Reporting(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parsed, cancellationToken) =>
        {
            try
            {
                return await action(parsed, cancellationToken);
            }
            catch (BatchRuleException exception)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(exception.Message);
                return FlipFlowCli.Failed;
            }
        };

    /// <summary>A batch in <c>batch list --json</c> and <c>batch publish --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record BatchRow(
        long Id, string Title, string RequestedBy, BatchStatus Status, int TotalJobs, int SucceededJobs, int FailedJobs, int CancelledJobs,
        int FinishedJobs, double Progress, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
    {
        public static BatchRow From(BatchJob batch) => new(batch.Id, batch.Title, batch.RequestedBy, batch.Status, batch.TotalJobs,
            batch.SucceededJobs, batch.FailedJobs, batch.CancelledJobs, batch.FinishedJobs, Math.Round(batch.Progress, 4), batch.CreatedAt,
            batch.StartedAt, batch.FinishedAt);
    }

    public sealed record BatchDetail(BatchRow Batch, IReadOnlyList<JobRow> Jobs);

    public sealed record JobRow(
        long Id, MarketplaceOperation Operation, string Marketplace, string? Sku, MarketplaceJobStatus Status, int Attempts, string? Error,
        long? ListingId, string? RemoteId, IReadOnlyList<TaskRow> Tasks)
    {
        public static JobRow From(MarketplaceJob job) => new(job.Id, job.Operation, job.Marketplace.Key(), job.Product?.Sku, job.Status,
            job.Attempts, job.Error, job.ListingId, job.Listing?.RemoteId, job.Tasks.OrderBy(task => task.Order).Select(TaskRow.From).ToList());
    }

    public sealed record TaskRow(int Order, string Name, MarketplaceTaskStatus Status, int Attempts, double? DurationSeconds, string? Result, string? Error)
    {
        public static TaskRow From(MarketplaceTask task) => new(task.Order, task.Name, task.Status, task.Attempts,
            task.Duration is { } duration ? Math.Round(duration.TotalSeconds, 3) : null, task.Result, task.Error);
    }
}
