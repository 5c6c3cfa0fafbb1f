using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>
/// Tells the jobs pages when something they show has changed: a fingerprint of the scheduler (counters, each job's newest
/// run and its schedule and pause state), read every two seconds while a page listens.
/// </summary>
public sealed class JobsMonitor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobsMonitor> logger)
    : ChangeMonitor(TimeSpan.FromSeconds(2), clock, logger)
{
    protected override string Outage => "The jobs console cannot read the scheduler";

    protected override async Task<string> ReadFingerprintAsync(CancellationToken cancellationToken)
    {
        // A scope per read, so this works whatever lifetime the scheduler is registered with.
        await using var scope = scopes.CreateAsyncScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<IJobScheduler>();
        var history = scope.ServiceProvider.GetRequiredService<JobHistory>();

        var status = await scheduler.StatusAsync(cancellationToken);
        var jobs = await scheduler.ListAsync(cancellationToken);
        var latest = await history.LatestByJobAsync(cancellationToken);

        var parts = new List<string>
        {
            $"{status.State}|{status.ScheduledJobs}|{status.PausedJobs}|{status.Counters}",
            string.Join(",", status.Nodes.Select(node => $"{node.InstanceId}:{node.State}")),
        };
        parts.AddRange(jobs.Select(job => $"{job.Id}|{job.Paused}|{job.Enabled}|{job.Cron}|{job.NextFireAt:O}|{job.RunningNow}"));
        parts.AddRange(latest.Values.OrderBy(run => run.JobId, StringComparer.Ordinal).Select(Describe));
        return string.Join("\n", parts);
    }

    private static string Describe(JobRun run) => $"{run.JobId}|{run.Id}|{run.Attempt}|{run.Outcome}|{run.FinishedAt:O}";
}
