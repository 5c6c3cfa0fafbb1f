using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Keeps a catalogue job that does not allow overlap (<c>AllowOverlap = false</c>) to one run at a time across
/// every process: each run holds the job's lock in the engine's storage. A run that finds it held is skipped and
/// logged (the job stays as it was when the previous run ends), rather than waiting and running late.
/// </summary>
public sealed class NoOverlapFilter(JobCatalog catalog, ILogger<NoOverlapFilter> logger) : IServerFilter
{
    private const string LockItem = "flipflow.no-overlap";

    /// <summary>How long a run waits for the previous one to let go before it is skipped.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    public static string ResourceOf(string jobId) => $"flipflow:job:{jobId}";

    public void OnPerforming(PerformingContext context)
    {
        if (CatalogJobRunner.JobIdOf(context.BackgroundJob.Job) is not { } jobId || catalog.Find(jobId) is not { Definition.AllowOverlap: false } entry)
        {
            return;
        }
        try
        {
            context.Items[LockItem] = context.Connection.AcquireDistributedLock(ResourceOf(entry.Definition.Id), Wait);
        }
        catch (DistributedLockTimeoutException)
        {
            logger.LogWarning("Skipped a run of {JobId} (Hangfire job {BackgroundJobId}): the previous run was still running", entry.Definition.Id,
                context.BackgroundJob.Id);
            context.Canceled = true;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(LockItem, out var held) && held is IDisposable handle)
        {
            context.Items.Remove(LockItem);
            handle.Dispose();
        }
    }
}
