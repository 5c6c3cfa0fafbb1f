using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Quartz;

namespace FlipFlow.Web.Cli;

/// <summary>
/// The scheduler run in this process by a verb that waits for work (<c>jobs trigger --wait</c>,
/// <c>batch publish --wait</c>) when no other process runs jobs, stopped again when the verb ends.
/// </summary>
internal sealed class SchedulerHere(IServiceProvider services) : IAsyncDisposable
{
    private IScheduler? scheduler;
    private SchedulerLock? sqliteLock;

    public bool IsStarted => scheduler is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // SQLite has one scheduler at a time: the lock makes a server that starts meanwhile refuse to start a second.
        sqliteLock = SchedulerLock.AcquireFor(services.GetRequiredService<DatabaseSettings>());
        var started = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        await started.Start(cancellationToken);
        scheduler = started;
    }

    public async ValueTask DisposeAsync()
    {
        if (scheduler is not null)
        {
            // Not the verb's token: a cancelled wait must still stop the scheduler, and let a stopping run record how it ended.
            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        }
        sqliteLock?.Dispose();
    }
}
