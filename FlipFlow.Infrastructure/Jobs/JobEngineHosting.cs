using FlipFlow.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Runs the scheduler in this process. Before it starts: on SQLite it takes the one scheduler lock; it
/// brings the stored schedule in line with the catalogue (<see cref="JobScheduleSync"/>); and it marks runs
/// left Running by processes that are gone as Interrupted, which it checks again every minute in a cluster.
/// </summary>
public sealed class JobEngineHosting(
    ISchedulerFactory schedulers,
    JobScheduleSync schedule,
    JobHistory history,
    JobNode thisNode,
    DatabaseSettings database,
    ILogger<JobEngineHosting> logger) : BackgroundService, IHostedLifecycleService
{
    private SchedulerLock? sqliteLock;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        sqliteLock = SchedulerLock.AcquireFor(database);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await schedule.EnsureAsync(cancellationToken);
        await InterruptOrphansAsync(scheduler, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await InterruptOrphansAsync(await schedulers.GetScheduler(stoppingToken), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not check for runs left by stopped processes");
            }
        }
    }

    private async Task InterruptOrphansAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var self = await thisNode.NameAsync(cancellationToken);
        // One scheduler on SQLite, and its name is new at each start: every other one is gone.
        var alive = await thisNode.AliveAsync(cancellationToken);
        Func<string, bool> gone = alive is null ? node => node != self : node => !alive.Contains(node);
        foreach (var run in await history.InterruptRunsAsync(run => gone(run.Node), cancellationToken))
        {
            logger.LogWarning("Run {RunId} of {JobId} (attempt {Attempt}) was cut off when {Node} stopped; marked Interrupted",
                run.Id, run.JobId, run.Attempt, run.Node);
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        sqliteLock?.Dispose();
        return Task.CompletedTask;
    }
}

public static class JobEngineHostingRegistration
{
    /// <summary>Starts the scheduler in this process (the console); the CLI leaves it in standby.</summary>
    public static IServiceCollection AddFlipFlowJobHosting(this IServiceCollection services)
    {
        services.AddHostedService<JobEngineHosting>();
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            // Start the scheduler before the server takes requests, so /health is right from the first one.
            options.AwaitApplicationStarted = false;
        });
        // The grace period running jobs get to stop when FlipFlow shuts down.
        services.AddOptions<HostOptions>().Configure<IOptions<JobsOptions>>((host, jobs) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(jobs.Value.ShutdownGraceSeconds));
        return services;
    }
}
