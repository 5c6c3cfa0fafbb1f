using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>The job engine's part of /health, kept apart so a change of job engine touches this file alone.</summary>
public sealed class SchedulerHealthProbe(JobServers servers, JobNode node, DatabaseSettings database)
{
    public const string Running = "Running";

    /// <summary>Read from this process alone (its servers, and the node count its last check saw): health must answer even when the database does not.</summary>
    public Task<SchedulerDetail> CheckAsync(CancellationToken cancellationToken)
    {
        var state = servers.IsStarted ? Running : "NotRunning";
        var clustered = database.Provider != DatabaseProvider.Sqlite;
        return Task.FromResult(new SchedulerDetail(state, node.Name, clustered, clustered ? servers.LiveNodes : 1, null));
    }
}
