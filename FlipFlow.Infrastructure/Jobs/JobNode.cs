using FlipFlow.Infrastructure.Database;
using Hangfire;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The name of this process in the run history and in the names of its job servers ("&lt;node&gt;/jobs"): host,
/// process id and a random suffix, new at each start. On PostgreSQL and SQL Server the servers' heartbeats tell
/// which nodes are alive; on SQLite one process runs jobs, so a run left Running under any other name was cut
/// off by a process that is gone.
/// </summary>
public sealed class JobNode(JobStorage storage, DatabaseSettings database)
{
    /// <summary>How long a server may miss heartbeats before it counts as gone (Hangfire's ServerTimeout as FlipFlow sets it).</summary>
    public static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    public string Name { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x1000, 0xFFFF):x4}";

    public Task<string> NameAsync(CancellationToken cancellationToken = default) => Task.FromResult(Name);

    /// <summary>The node part of a Hangfire server name ("&lt;node&gt;/jobs:&lt;guid&gt;").</summary>
    public static string NodeOf(string serverName)
    {
        var slash = serverName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? serverName[..slash] : serverName.Split(':')[0];
    }

    /// <summary>
    /// The names of the nodes alive now, this one included, from the job servers' heartbeats; null on SQLite, where
    /// this process is the only one that runs jobs and any other name belongs to a process that is gone.
    /// </summary>
    public Task<IReadOnlyList<string>?> AliveAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return Task.FromResult<IReadOnlyList<string>?>(null);
        }
        var since = DateTime.UtcNow - ServerTimeout;
        IReadOnlyList<string> alive = storage.GetMonitoringApi().Servers()
            .Where(server => (server.Heartbeat ?? server.StartedAt) >= since)
            .Select(server => NodeOf(server.Name))
            .Append(Name)
            .Distinct()
            .ToList();
        return Task.FromResult<IReadOnlyList<string>?>(alive);
    }
}
