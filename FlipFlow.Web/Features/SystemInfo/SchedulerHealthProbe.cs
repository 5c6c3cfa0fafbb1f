using FlipFlow.Infrastructure.Jobs;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>The job scheduler's part of /health, kept apart so a change of job engine touches this file alone.</summary>
public sealed class SchedulerHealthProbe(Quartz.ISchedulerFactory schedulers, JobNode node)
{
    public const string Running = "Running";

    /// <summary>Read from the local scheduler alone: health must answer even when the database does not.</summary>
    public async Task<SchedulerDetail> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var metadata = await scheduler.GetMetadata(cancellationToken);
            var state = await scheduler.GetStatus(cancellationToken) == Quartz.SchedulerStatus.Running ? Running : "NotRunning";
            var nodes = metadata.JobStoreClustered
                ? (await scheduler.QueryClusterNodes(cancellationToken)).Count(other => other.State == Quartz.ClusterNodeState.Alive)
                : 1;
            return new SchedulerDetail(state, await node.NameAsync(cancellationToken), metadata.JobStoreClustered, nodes, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new SchedulerDetail("Failed", "", false, 0, exception.Message);
        }
    }
}
