using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>
/// Tells the jobs pages when something they show has changed: every <see cref="Interval"/> it reads a small
/// fingerprint of the scheduler (counters, each job's newest run and its schedule and pause state) and raises
/// <see cref="Changed"/> when the fingerprint differs from the last one. Pages subscribe instead of polling,
/// so one process reads once however many consoles are open, and reads nothing while none is.
/// </summary>
public sealed class JobsMonitor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobsMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private string? lastFingerprint;
    private bool lastReadFailed;

    /// <summary>Raised on a background thread; subscribers marshal to their own context (InvokeAsync).</summary>
    public event Action? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Changed is null)
            {
                continue;
            }
            await CheckAsync(stoppingToken);
        }
    }

    /// <summary>Reads the fingerprint once and raises <see cref="Changed"/> when it moved.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        string fingerprint;
        try
        {
            fingerprint = await ReadFingerprintAsync(cancellationToken);
            if (lastReadFailed)
            {
                logger.LogInformation("The jobs console reads the scheduler again.");
                lastReadFailed = false;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Said once per outage, not every two seconds: the database may be briefly away or still migrating at start.
            if (!lastReadFailed)
            {
                logger.LogWarning(error, "The jobs console cannot read the scheduler; open jobs pages stop updating until it can.");
                lastReadFailed = true;
            }
            return;
        }
        if (fingerprint == lastFingerprint)
        {
            return;
        }
        lastFingerprint = fingerprint;
        Changed?.Invoke();
    }

    private async Task<string> ReadFingerprintAsync(CancellationToken cancellationToken)
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
