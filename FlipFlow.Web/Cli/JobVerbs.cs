using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Features.Jobs;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>jobs list [--json]</c>, <c>jobs status [--json]</c>, <c>jobs pause|resume &lt;id&gt;|--all</c>,
/// <c>jobs trigger &lt;id&gt; [--wait]</c>, <c>jobs history &lt;id&gt; [--limit N] [--json]</c>.
/// </summary>
public static class JobVerbs
{
    /// <summary>How often <c>trigger --wait</c> looks at the run history: often enough that a person does not notice.</summary>
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often <c>trigger --wait</c>, while the run has not started, asks whether another process still runs jobs.</summary>
    private static readonly TimeSpan ElsewhereRecheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a retried attempt's successor may take to appear after the attempt is marked Failed.</summary>
    private static readonly TimeSpan TakeoverGrace = TimeSpan.FromSeconds(10);

    public static Command Create(CliContext context)
    {
        var json = Json();
        var list = new Command("list", "List every job with its schedule, state, next fire time and last run.") { json };
        list.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var jobs = await host.Services.GetRequiredService<IJobScheduler>().ListAsync(cancellationToken);
            var rows = jobs.Select(job => new JobRow(job.Id, job.Title, job.Cron, job.CronInWords, job.Enabled, job.Paused,
                job.NextFireAt, job.LastRun?.Outcome, job.LastRun?.StartedAt, Seconds(job.LastRun?.Duration), job.RunningNow)).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            var idWidth = Math.Max(2, rows.Select(row => row.Id.Length).DefaultIfEmpty(0).Max());
            var scheduleWidth = Math.Max(8, rows.Select(row => Schedule(row).Length).DefaultIfEmpty(0).Max());
            context.Output.WriteLine($"{"Id".PadRight(idWidth)}  {"Schedule".PadRight(scheduleWidth)}  {"State",-8}  {"Next fire (UTC)",-19}  Last run");
            foreach (var row in rows)
            {
                var state = !row.Enabled ? "disabled" : row.Paused ? "paused" : "active";
                var last = row.LastOutcome is { } outcome
                    ? $"{outcome} {Time(row.LastStartedAt)}{(row.LastDurationSeconds is { } seconds ? $" ({Duration(seconds)})" : "")}"
                    : "never";
                if (row.RunningNow > 0)
                {
                    last += $", {row.RunningNow} running now";
                }
                context.Output.WriteLine($"{row.Id.PadRight(idWidth)}  {Schedule(row).PadRight(scheduleWidth)}  {state,-8}  {Time(row.NextFireAt),-19}  {last}");
            }
            return FlipFlowCli.Ok;
        }));

        var statusJson = Json();
        var status = new Command("status", "Show the scheduler's state, its processes and the run counters.") { statusJson };
        status.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var scheduler = host.Services.GetRequiredService<IJobScheduler>();
            var state = await scheduler.StatusAsync(cancellationToken);
            var report = new SchedulerInfo(state.State, state.InstanceId, state.Clustered,
                await scheduler.IsRunningElsewhereAsync(cancellationToken),
                state.Nodes.Select(node => new NodeRow(node.InstanceId, node.State, node.LastCheckIn, node.IsThisProcess)).ToList(),
                state.ScheduledJobs, state.PausedJobs,
                new CounterRow(state.Counters.Running, state.Counters.Retrying, state.Counters.SucceededLastDay, state.Counters.FailedLastDay));
            if (parsed.GetValue(statusJson))
            {
                context.WriteJson(report);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"State:      {report.State}");
            context.Output.WriteLine($"Instance:   {report.InstanceId}");
            context.Output.WriteLine($"Clustered:  {(report.Clustered ? "yes" : "no")}");
            context.Output.WriteLine($"Elsewhere:  {(report.RunningElsewhere ? "another FlipFlow process runs jobs" : "no other FlipFlow process runs jobs")}");
            context.Output.WriteLine(report.Nodes.Count == 0 ? "Nodes:      none" : "Nodes:");
            foreach (var node in report.Nodes)
            {
                context.Output.WriteLine($"  {node.InstanceId}  {node.State}  last check-in {Time(node.LastCheckIn)}{(node.IsThisProcess ? "  (this process)" : "")}");
            }
            context.Output.WriteLine($"Jobs:       {report.ScheduledJobs} scheduled, {report.PausedJobs} paused");
            var counters = report.Counters;
            context.Output.WriteLine($"Runs:       {counters.Running} running, {counters.Retrying} retrying; " +
                $"in the last day {counters.SucceededLastDay} succeeded, {counters.FailedLastDay} failed");
            return FlipFlowCli.Ok;
        }));

        var pause = PauseOrResume(context, "pause", "Pause a job's schedule, or every job's with --all, until resumed; survives restarts.",
            (scheduler, id, cancellationToken) => scheduler.PauseAsync(id, cancellationToken),
            (scheduler, cancellationToken) => scheduler.PauseAllAsync(cancellationToken), "Paused");
        var resume = PauseOrResume(context, "resume", "Resume a paused job's schedule, or every job's with --all.",
            (scheduler, id, cancellationToken) => scheduler.ResumeAsync(id, cancellationToken),
            (scheduler, cancellationToken) => scheduler.ResumeAllAsync(cancellationToken), "Resumed");

        var triggerId = new Argument<string>("id") { Description = "The job to run now, paused or not." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait for the run's final outcome, retries included; exit 0 only if it succeeded. " +
                "When no FlipFlow process runs jobs, the run happens in this one.",
        };
        var trigger = new Command("trigger", "Run a job now and print its run id.") { triggerId, wait };
        trigger.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var scheduler = host.Services.GetRequiredService<IJobScheduler>();
            var log = Log(parsed);
            // Known before anything starts here; an unknown id ends the verb with the known ones named.
            var id = (await scheduler.GetAsync(parsed.GetValue(triggerId)!, cancellationToken)).Id;
            // Asked before anything is started here, so that this process never counts as the one running jobs.
            var elsewhere = await scheduler.IsRunningElsewhereAsync(cancellationToken);
            if (!parsed.GetValue(wait))
            {
                context.Output.WriteLine(await scheduler.TriggerAsync(id, cancellationToken));
                if (!elsewhere)
                {
                    await log.WriteLineAsync("No FlipFlow process is running jobs now; the run starts when one does (or use --wait to run it here).");
                }
                return FlipFlowCli.Ok;
            }

            await using var here = new SchedulerHere(host.Services);
            if (!elsewhere)
            {
                await log.WriteLineAsync("No other FlipFlow process is running jobs, so this one runs the job.");
                await here.StartAsync(cancellationToken);
            }
            var runId = await scheduler.TriggerAsync(id, cancellationToken);
            context.Output.WriteLine(runId);
            await context.Output.FlushAsync(cancellationToken);
            var final = await WaitForFinalAttemptAsync(host.Services, runId, here, log, cancellationToken);
            context.Output.WriteLine(Describe(final));
            return final.Outcome == JobOutcome.Succeeded ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        }));

        var historyId = new Argument<string>("id") { Description = "The job whose runs to list." };
        var limit = new Option<int>("--limit") { Description = "How many runs to list, newest first (1 to 500).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be between 1 and 500.");
            }
        });
        var historyJson = Json();
        var history = new Command("history", "List a job's runs, newest first, one line per attempt.") { historyId, limit, historyJson };
        history.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            // The catalogue says whether the id is known and spells it as the history stores it.
            var jobId = host.Services.GetRequiredService<JobCatalog>().Get(parsed.GetValue(historyId)!).Definition.Id;
            var page = await host.Services.GetRequiredService<JobHistory>()
                .QueryAsync(new JobRunQuery(JobId: jobId, Take: parsed.GetValue(limit)), cancellationToken);
            var rows = page.Runs.Select(ApiJobRun.Of).ToList();
            if (parsed.GetValue(historyJson))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            if (rows.Count == 0)
            {
                context.Output.WriteLine($"{jobId} has not run yet.");
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{"Started (UTC)",-19}  {"Trigger",-8}  {"Attempt",-7}  {"Outcome",-11}  {"Duration",-8}  Result");
            foreach (var row in rows)
            {
                var result = row.Outcome is JobOutcome.Succeeded ? row.Summary : row.Error ?? row.Summary;
                context.Output.WriteLine($"{Time(row.StartedAt),-19}  {row.StartedBy,-8}  {$"{row.Attempt}/{row.MaxAttempts}",-7}  {row.Outcome,-11}  " +
                    $"{(row.DurationSeconds is { } seconds ? Duration(seconds) : ""),-8}  {result}");
            }
            if (page.Total > rows.Count)
            {
                context.Output.WriteLine($"The newest {rows.Count} of {page.Total} runs; --limit shows more.");
            }
            return FlipFlowCli.Ok;
        }));

        return new Command("jobs", "List, pause, resume, trigger and inspect background jobs.") { list, status, pause, resume, trigger, history };
    }

    private static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts." };

    private static Command PauseOrResume(CliContext context, string name, string description,
        Func<IJobScheduler, string, CancellationToken, Task> one, Func<IJobScheduler, CancellationToken, Task> every, string done)
    {
        var id = new Argument<string?>("id") { Description = "The job; or give --all instead.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Every job." };
        var command = new Command(name, description) { id, all };
        // Exactly one of the two, checked at parse time so that a mistake is a usage error (exit 2) with the hint to --help.
        command.Validators.Add(result =>
        {
            var hasId = !string.IsNullOrWhiteSpace(result.GetValue(id));
            var hasAll = result.GetValue(all);
            if (hasId == hasAll)
            {
                result.AddError($"Give either a job id or --all to {name}, not {(hasId ? "both" : "neither")}.");
            }
        });
        command.SetAction(Reporting(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var scheduler = host.Services.GetRequiredService<IJobScheduler>();
            if (parsed.GetValue(all))
            {
                await every(scheduler, cancellationToken);
                context.Output.WriteLine($"{done} every job.");
                return FlipFlowCli.Ok;
            }
            var jobId = parsed.GetValue(id)!;
            await one(scheduler, jobId, cancellationToken);
            context.Output.WriteLine($"{done} {jobId}.");
            return FlipFlowCli.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The last attempt of the run once it is final: Succeeded, Cancelled, Interrupted, or Failed with no
    /// attempt left. A failed attempt to be retried is Retrying until the next attempt takes it over, and is
    /// marked Failed just before that attempt is recorded, so a Failed attempt with attempts left is final
    /// only when no next attempt follows within <see cref="TakeoverGrace"/>.
    /// </summary>
    /// <remarks>
    /// While nothing runs the chain, the process that was to run it may have stopped (a server shut down, or
    /// one that looked alive had only just stopped); then this process runs it, rather than wait for ever.
    /// </remarks>
    private static async Task<JobRun> WaitForFinalAttemptAsync(IServiceProvider services, Guid runId, SchedulerHere here, TextWriter log,
        CancellationToken cancellationToken)
    {
        var history = services.GetRequiredService<JobHistory>();
        var scheduler = services.GetRequiredService<IJobScheduler>();
        var clock = services.GetRequiredService<TimeProvider>();
        var reported = 0;
        var nextLookElsewhere = clock.GetUtcNow() + ElsewhereRecheckInterval;
        DateTimeOffset? failedSeenAt = null;
        while (true)
        {
            var attempts = await history.AttemptsAsync(runId, cancellationToken);
            foreach (var attempt in attempts.Where(attempt => attempt.Attempt > reported && attempt.Outcome == JobOutcome.Retrying))
            {
                await log.WriteLineAsync($"Attempt {attempt.Attempt} of {attempt.MaxAttempts} failed, to be retried: {attempt.Error}");
                reported = attempt.Attempt;
            }
            var last = attempts.Count > 0 ? attempts[^1] : null;
            var now = clock.GetUtcNow();
            switch (last?.Outcome)
            {
                case JobOutcome.Succeeded or JobOutcome.Cancelled or JobOutcome.Interrupted:
                    return last;
                case JobOutcome.Failed when last.Attempt >= last.MaxAttempts:
                    return last;
                case JobOutcome.Failed:
                    failedSeenAt ??= now;
                    if (now - failedSeenAt >= TakeoverGrace)
                    {
                        return last;
                    }
                    break;
                default:
                    failedSeenAt = null;
                    break;
            }
            if (!here.IsStarted && last?.Outcome is not JobOutcome.Running && now >= nextLookElsewhere)
            {
                nextLookElsewhere = now + ElsewhereRecheckInterval;
                if (!await scheduler.IsRunningElsewhereAsync(cancellationToken))
                {
                    await log.WriteLineAsync("No other FlipFlow process is running jobs any more, so this one runs the job.");
                    await here.StartAsync(cancellationToken);
                }
            }
            await Task.Delay(WaitPollInterval, clock, cancellationToken);
        }
    }

    private static string Describe(JobRun final)
    {
        var detail = final.Outcome == JobOutcome.Succeeded ? final.Summary : final.Error ?? final.Summary;
        var attempts = final.Attempt == 1 ? "1 attempt" : $"{final.Attempt} attempts";
        var took = Seconds(final.Duration) is { } seconds ? $", {(final.Attempt == 1 ? "" : "the last ")}took {Duration(seconds)}" : "";
        return $"{final.Outcome}{(string.IsNullOrEmpty(detail) ? "" : $": {detail}")} ({attempts}{took})";
    }

    /// <summary>
    /// The jobs' own refusals (an unknown id, an operation the scheduler cannot do) end the verb with exit 1 and
    /// their message on standard error, as the account and migration rules do in <see cref="FlipFlowCli.RunAsync"/>.
    /// </summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Reporting(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parsed, cancellationToken) =>
        {
            try
            {
                return await action(parsed, cancellationToken);
            }
            catch (Exception exception) when (exception is UnknownJobException or JobOperationException)
            {
                await Log(parsed).WriteLineAsync(exception.Message);
                return FlipFlowCli.Failed;
            }
        };

    private static TextWriter Log(ParseResult parsed) => parsed.InvocationConfiguration.Error;

    private static string Schedule(JobRow row) => row.CronInWords is { } words ? $"{row.Cron} ({words})" : row.Cron;

    private static double? Seconds(TimeSpan? duration) => duration is { } value ? Math.Round(value.TotalSeconds, 3) : null;

    private static string Duration(double seconds) =>
        seconds < 60 ? $"{seconds.ToString("0.##", CultureInfo.InvariantCulture)} s" : TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    /// <summary>One row of <c>jobs list --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record JobRow(
        string Id,
        string Title,
        string Cron,
        string? CronInWords,
        bool Enabled,
        bool Paused,
        DateTimeOffset? NextFireAt,
        JobOutcome? LastOutcome,
        DateTimeOffset? LastStartedAt,
        double? LastDurationSeconds,
        int RunningNow);

    /// <summary>The JSON shape of <c>jobs status --json</c>; scripts rely on it, so only add to it.</summary>
    /// <param name="RunningElsewhere">Whether another FlipFlow process runs jobs; the CLI itself never does, except for <c>trigger --wait</c>.</param>
    public sealed record SchedulerInfo(
        string State,
        string InstanceId,
        bool Clustered,
        bool RunningElsewhere,
        IReadOnlyList<NodeRow> Nodes,
        int ScheduledJobs,
        int PausedJobs,
        CounterRow Counters);

    public sealed record NodeRow(string InstanceId, string State, DateTimeOffset? LastCheckIn, bool IsThisProcess);

    public sealed record CounterRow(int Running, int Retrying, int SucceededLastDay, int FailedLastDay);
}
