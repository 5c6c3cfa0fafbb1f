using FlipFlow.Infrastructure.Database;
using FlipFlow.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// FlipFlow's services plus the jobs benchmarks' own, over a migrated database: a SQLite file in a temporary
/// folder, or the PostgreSQL database named by FLIPFLOW_BENCH_POSTGRES. Unlike <see cref="BenchmarkDatabase"/>
/// it takes services, because the jobs benchmarks register a job of their own. A PostgreSQL database is kept
/// between runs, so it starts with an empty run history and no stored jobs or triggers.
/// </summary>
public sealed class JobBenchmarkHost : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "flipflow-bench", Guid.NewGuid().ToString("N"));

    public JobBenchmarkHost(Action<IServiceCollection> configure)
    {
        Directory.CreateDirectory(folder);
        var postgres = Environment.GetEnvironmentVariable("FLIPFLOW_BENCH_POSTGRES");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = string.IsNullOrEmpty(postgres) ? nameof(DatabaseProvider.Sqlite) : nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:FlipFlow"] = postgres,
            ["FlipFlow:DataFolder"] = folder,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddFlipFlowCore(builder.Configuration);
        configure(builder.Services);
        Host = builder.Build();
        Host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().GetAwaiter().GetResult();
        Scheduler = Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask().GetAwaiter().GetResult();
        Scheduler.Clear().AsTask().GetAwaiter().GetResult();
        ClearHistoryAsync().GetAwaiter().GetResult();
    }

    public IHost Host { get; }

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
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
