using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// A <see cref="BenchmarkDatabase"/> with the jobs benchmarks' own services and the scheduler in standby. A
/// PostgreSQL database is kept between runs, so this starts from an empty run history and no stored jobs or triggers.
/// </summary>
public sealed class JobBenchmarkHost : IDisposable
{
    private readonly BenchmarkDatabase database;

    public JobBenchmarkHost(Action<IServiceCollection> configure)
    {
        database = new BenchmarkDatabase(configure);
        Scheduler = Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask().GetAwaiter().GetResult();
        Scheduler.Clear().AsTask().GetAwaiter().GetResult();
        ClearHistoryAsync().GetAwaiter().GetResult();
    }

    public IHost Host => database.Host;

    /// <summary>The scheduler, in standby until a benchmark starts it.</summary>
    public IScheduler Scheduler { get; }

    public async Task ClearHistoryAsync()
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        await db.JobRuns.ExecuteDeleteAsync();
    }

    public void Dispose()
    {
        Scheduler.Shutdown(waitForJobsToComplete: true).AsTask().GetAwaiter().GetResult();
        database.Dispose();
    }
}
