using FlipFlow.Domain.Jobs;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Keeps a catalogue job that does not allow overlap (<c>AllowOverlap = false</c>) to one run at a time across every
/// process. The run history says what runs: a run starts only when no other run of the job is Running on a live
/// node, checked and recorded under the job's lock in the engine's storage, which is held for that moment only (so
/// a process killed mid-run leaves no lock behind for long). A run that finds another running is skipped and
/// logged, rather than waiting and running late.
/// </summary>
public sealed class NoOverlapGuard(JobHistory history, JobNode thisNode, ILogger<NoOverlapGuard> logger)
{
    /// <summary>How long a run waits for another one's check to finish.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static string ResourceOf(string jobId) => $"flipflow:job:{jobId}";

    /// <summary>Runs <paramref name="start"/> (which records the run as Running) unless another run of the job is running; null when skipped.</summary>
    public JobRun? StartAlone(PerformContext context, CatalogEntry entry, Func<JobRun?> start)
    {
        if (entry.Definition.AllowOverlap)
        {
            return start();
        }
        IDisposable held;
        try
        {
            held = context.Connection.AcquireDistributedLock(ResourceOf(entry.Definition.Id), Wait);
        }
        catch (DistributedLockTimeoutException)
        {
            Skip(context, entry, "its lock stayed held");
            return null;
        }
        using (held)
        {
            var alive = thisNode.AliveAsync().GetAwaiter().GetResult();
            var chain = context.GetJobParameter<string>(JobRunRecorder.ChainIdKey, allowStale: true);
            // On SQLite only this process runs jobs: a run Running under another node's name was cut off.
            var other = history.RunningAsync(entry.Definition.Id).GetAwaiter().GetResult()
                .FirstOrDefault(run => (run.Node == thisNode.Name || alive?.Contains(run.Node) == true) && run.ChainId.ToString() != chain);
            if (other is not null)
            {
                Skip(context, entry, $"run {other.Id} was still running on {other.Node}");
                return null;
            }
            return start();
        }
    }

    private void Skip(PerformContext context, CatalogEntry entry, string why) =>
        logger.LogWarning("Skipped a run of {JobId} (Hangfire job {BackgroundJobId}): the previous run was still running ({Why})",
            entry.Definition.Id, context.BackgroundJob.Id, why);
}
