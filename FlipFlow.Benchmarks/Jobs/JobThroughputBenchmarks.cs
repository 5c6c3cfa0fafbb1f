using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// How many job runs per second the engine gets through: <see cref="Runs"/> runs of a job that does nothing,
/// enqueued while no job server runs, from the servers' start until the last run has ended. "Catalogue job" is the
/// product's path through Hangfire (<see cref="JobRunRecorder"/>: a Running row, the work in a scope of its own,
/// the outcome row); "Bare Hangfire job" is the same number of jobs with no catalogue and no history, so the
/// difference is what the run history costs. Op/s is runs per second, with <see cref="Workers"/> workers.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class JobThroughputBenchmarks
{
    public const int Runs = 500;

    private JobBenchmarkHost host = default!;

    [Params(4, 20)]
    public int Workers { get; set; }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Each measurement is one batch of runs after setting it up, so one invocation per iteration.
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(8));
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }

    [GlobalSetup]
    public void Setup() => host = new JobBenchmarkHost(services =>
    {
        services.AddFlipFlowJob<NothingWork>(NothingWork.Definition);
        services.Configure<JobsOptions>(options => options.MaxConcurrency = Workers);
    });

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [IterationSetup(Target = nameof(CatalogueJob))]
    public void SetupCatalogueRuns()
    {
        host.ClearHistoryAsync().GetAwaiter().GetResult();
        var entry = host.Host.Services.GetRequiredService<JobCatalog>().Get(NothingWork.Definition.Id);
        for (var i = 0; i < Runs; i++)
        {
            host.Client.Create(CatalogJobRunner.Run(entry), new EnqueuedState(JobQueues.Catalogue));
        }
    }

    [IterationSetup(Target = nameof(BareHangfireJob))]
    public void SetupBareRuns()
    {
        NothingJob.Reset();
        for (var i = 0; i < Runs; i++)
        {
            host.Client.Create(Hangfire.Common.Job.FromExpression(() => NothingJob.Run(), JobQueues.Catalogue), new EnqueuedState(JobQueues.Catalogue));
        }
    }

    [IterationCleanup]
    public void StopServers() => host.Servers.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Runs, Description = "Catalogue job through Hangfire, run recorded")]
    public async Task CatalogueJob()
    {
        await host.Servers.StartAsync();
        var contexts = host.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        // Every run must have left its Succeeded row, or the rate means nothing.
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync();
            if (await db.JobRuns.CountAsync(run => run.JobId == NothingWork.Definition.Id && run.Outcome == JobOutcome.Succeeded) >= Runs)
            {
                return;
            }
            await Task.Delay(10);
        }
    }

    [Benchmark(OperationsPerInvoke = Runs, Description = "Bare Hangfire job, no history")]
    public async Task BareHangfireJob()
    {
        await host.Servers.StartAsync();
        while (NothingJob.Ran < Runs)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>A catalogue job that does nothing, so what is measured is the engine.</summary>
    public sealed class NothingWork : IJobWork
    {
        public static readonly JobDefinition Definition = new(
            "benchmark-nothing", "Does nothing", "The jobs benchmarks' no-op.", "0 0 31 2 *", Domain.Jobs.RetryPolicy.None, AllowOverlap: true);

        public Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) => Task.FromResult("nothing");
    }

    /// <summary>A bare Hangfire job that does nothing: no catalogue, no history; it only counts its runs.</summary>
    public static class NothingJob
    {
        private static int ran;

        public static int Ran => Volatile.Read(ref ran);

        public static void Reset() => Interlocked.Exchange(ref ran, 0);

        public static void Run() => Interlocked.Increment(ref ran);
    }
}
