using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// How many job runs per second the engine gets through: <see cref="Runs"/> one-off triggers of a job that
/// does nothing, from the scheduler's start until the last run has ended. "Catalogue job" is the product's
/// path (<see cref="CatalogJob"/>: a Running row, the work in a scope of its own, the outcome row); "Raw
/// Quartz job" is the same triggers on a bare Quartz job, so the difference is what the run history costs.
/// Op/s is runs per second. A catalogue job may overlap itself here, so the engine's threads all work.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class JobThroughputBenchmarks
{
    public const int Runs = 500;

    private static readonly JobKey RawJob = new("benchmark-raw", "benchmark");

    private JobBenchmarkHost host = default!;
    private RunCounter counter = default!;

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
    public void Setup()
    {
        host = new JobBenchmarkHost(services => services.AddFlipFlowJob<NothingWork>(NothingWork.Definition));
        host.Host.Services.GetRequiredService<JobScheduleSync>().EnsureAsync().GetAwaiter().GetResult();
        host.Scheduler.AddJob(JobBuilder.Create<NothingJob>().WithIdentity(RawJob).StoreDurably().Build(), new AddJobOptions { Replace = true })
            .AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [IterationSetup(Target = nameof(CatalogueJob))]
    public void SetupCatalogueRuns() => Prepare(QuartzJobScheduler.JobKeyOf(NothingWork.Definition.Id));

    [IterationSetup(Target = nameof(RawQuartzJob))]
    public void SetupRawRuns() => Prepare(RawJob);

    /// <summary>Stores <see cref="Runs"/> triggers due now while the scheduler stands by, and counts their runs from here.</summary>
    private void Prepare(JobKey job)
    {
        host.ClearHistoryAsync().GetAwaiter().GetResult();
        var scheduler = host.Scheduler;
        var detail = scheduler.GetJobDetail(job).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"{job} is not stored.");
        var now = DateTimeOffset.UtcNow;
        var triggers = Enumerable.Range(0, Runs).Select(_ => TriggerBuilder.Create().ForJob(job).StartAt(now).Build()).ToList();
        scheduler.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [detail] = triggers }, new ScheduleJobOptions { Replace = true })
            .AsTask().GetAwaiter().GetResult();
        scheduler.ListenerManager.RemoveJobListener(RunCounter.ListenerName);
        counter = new RunCounter(Runs);
        scheduler.ListenerManager.AddJobListener(counter, [Matchers.Key(job)]);
    }

    [IterationCleanup(Target = nameof(CatalogueJob))]
    public void CheckCatalogueRuns()
    {
        host.Scheduler.Standby().AsTask().GetAwaiter().GetResult();
        // Every run must have left its Succeeded row, or the rate means nothing.
        using var db = host.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        var succeeded = db.JobRuns.Count(run => run.JobId == NothingWork.Definition.Id && run.Outcome == JobOutcome.Succeeded);
        if (succeeded != Runs)
        {
            throw new InvalidOperationException($"{succeeded} of {Runs} runs are recorded Succeeded.");
        }
    }

    [IterationCleanup(Target = nameof(RawQuartzJob))]
    public void StopRawRuns() => host.Scheduler.Standby().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Runs, Description = "Catalogue job, run recorded")]
    public async Task CatalogueJob()
    {
        await host.Scheduler.Start();
        await counter.AllRan;
    }

    [Benchmark(OperationsPerInvoke = Runs, Description = "Raw Quartz job, no history")]
    public async Task RawQuartzJob()
    {
        await host.Scheduler.Start();
        await counter.AllRan;
    }

    /// <summary>A catalogue job that does nothing, so what is measured is the engine.</summary>
    public sealed class NothingWork : IJobWork
    {
        public static readonly JobDefinition Definition = new(
            "benchmark-nothing", "Does nothing", "The jobs benchmarks' no-op.", "0 0 0 1 1 ? 2099", Domain.Jobs.RetryPolicy.None, AllowOverlap: true);

        public Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) => Task.FromResult("nothing");
    }

    /// <summary>A bare Quartz job that does nothing: no catalogue, no history.</summary>
    public sealed class NothingJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    /// <summary>Completes when the expected number of runs have ended, outcome rows written.</summary>
    private sealed class RunCounter(int expected) : IJobListener
    {
        public const string ListenerName = "benchmark-run-counter";
        private readonly TaskCompletionSource allRan = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int ended;

        public string Name => ListenerName;

        public Task AllRan => allRan.Task;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is not null)
            {
                allRan.TrySetException(jobException);
            }
            else if (Interlocked.Increment(ref ended) == expected)
            {
                allRan.TrySetResult();
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
