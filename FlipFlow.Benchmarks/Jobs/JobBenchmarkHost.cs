using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// A <see cref="BenchmarkDatabase"/> with the jobs benchmarks' own services and no job server running. A PostgreSQL
/// database is kept between runs, so this starts from an empty run history and an empty <c>jobs</c> queue.
/// </summary>
public sealed class JobBenchmarkHost : IDisposable
{
    private readonly BenchmarkDatabase database;

    public JobBenchmarkHost(Action<IServiceCollection> configure)
    {
        database = new BenchmarkDatabase(configure);
        EmptyQueue();
        ClearHistoryAsync().GetAwaiter().GetResult();
    }

    public IHost Host => database.Host;

    /// <summary>This process's job servers, stopped until a benchmark starts them.</summary>
    public JobServers Servers => Host.Services.GetRequiredService<JobServers>();

    public IBackgroundJobClientV2 Client => Host.Services.GetRequiredService<IBackgroundJobClientV2>();

    /// <summary>Deletes what an earlier run left waiting on the catalogue's queue.</summary>
    private void EmptyQueue()
    {
        var monitoring = Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        while (monitoring.EnqueuedJobs(JobQueues.Catalogue, 0, 500) is { Count: > 0 } waiting)
        {
            foreach (var job in waiting)
            {
                Client.Delete(job.Key);
            }
        }
    }

    public async Task ClearHistoryAsync()
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        await db.JobRuns.ExecuteDeleteAsync();
    }

    public void Dispose()
    {
        Servers.StopAsync().GetAwaiter().GetResult();
        database.Dispose();
    }
}
