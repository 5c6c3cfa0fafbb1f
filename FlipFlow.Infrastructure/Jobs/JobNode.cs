using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The name of this process's scheduler in the run history. In a cluster it is Quartz's instance id, which
/// the cluster's check-ins tell alive or gone. Without a cluster Quartz calls every process NON_CLUSTERED, so
/// each gets a name of its own (host, process id and a random suffix): runs left Running under any other
/// name were cut off by a process that is gone.
/// </summary>
public sealed class JobNode(ISchedulerFactory schedulers)
{
    private readonly string unclustered = $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x1000, 0xFFFF):x4}";
    private string? name;
    private bool clustered;

    public async Task<string> NameAsync(CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            var metadata = await (await schedulers.GetScheduler(cancellationToken)).GetMetadata(cancellationToken);
            clustered = metadata.JobStoreClustered;
            name = clustered ? metadata.SchedulerInstanceId : unclustered;
        }
        return name;
    }

    /// <summary>
    /// The names of the nodes alive now, this one included, from the cluster's check-ins; null without a cluster,
    /// where this process is the only one that runs jobs and any other name belongs to a process that is gone.
    /// </summary>
    public async Task<IReadOnlyList<string>?> AliveAsync(CancellationToken cancellationToken = default)
    {
        var self = await NameAsync(cancellationToken);
        if (!clustered)
        {
            return null;
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return (await scheduler.QueryClusterNodes(cancellationToken))
            .Where(node => node.State == ClusterNodeState.Alive || node.IsCurrentNode)
            .Select(node => node.InstanceId)
            .Append(self)
            .Distinct()
            .ToList();
    }
}
