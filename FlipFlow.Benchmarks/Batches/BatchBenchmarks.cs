using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Benchmarks.Batches;

/// <summary>
/// The orchestration's own cost, with a Demo publish handler of ten steps that do nothing.
/// <see cref="CreateBatch"/>: one batch of 1,000 jobs of 10 tasks, planned and stored in one transaction, as the
/// console does it: its Hangfire jobs are enqueued in the background, after the measurement (target: under 1 s).
/// <see cref="EnqueueBatch"/>: enqueueing those 1,000 Hangfire jobs and recording their ids.
/// <see cref="RunTasks"/>: the runner alone, in this process, running 500 jobs of such tasks, one commit each;
/// Op/s is tasks per second (target: at least 2,000 on SQLite), 5,000 tasks a measurement.
/// <see cref="RunThroughEngine"/>: the same 500 jobs end to end, each a Hangfire job run by the Demo queue's
/// workers (Marketplaces:Demo:MaxConcurrency), from the servers' start until the batch is Completed.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class BatchBenchmarks
{
    public const int Jobs = 1000;
    public const int TasksPerJob = 10;
    public const int RunJobs = 500;

    private BenchmarkDatabase database = default!;
    private MarketplaceBatches batches = default!;
    private BatchJobEnqueuer enqueuer = default!;
    private IReadOnlyList<JobRequest> requests = default!;
    private long batchId;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(8));
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase(services => services.AddSingleton<IMarketplaceHandler, NothingHandler>());
        database.Host.Services.GetRequiredService<DemoProducts>().ImportAsync(Jobs).GetAwaiter().GetResult();
        batches = database.Host.Services.GetRequiredService<MarketplaceBatches>();
        // Running, as in the console: a new batch's Hangfire jobs are enqueued in the background.
        enqueuer = database.Host.Services.GetRequiredService<BatchJobEnqueuer>();
        enqueuer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var db = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        requests = db.Products.OrderBy(product => product.Id).Select(product => product.Id).ToList()
            .Select(id => new JobRequest(MarketplaceOperation.Publish, Marketplace.Demo, ProductId: id)).ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        enqueuer.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        database.Dispose();
    }

    [IterationSetup(Target = nameof(CreateBatch))]
    public void ClearBatches() => Clear();

    [Benchmark(Description = "Create a batch of 1,000 jobs x 10 tasks")]
    public async Task CreateBatch() => batchId = (await batches.CreateAsync("benchmark", "benchmark", requests)).Id;

    /// <summary>The background enqueue of the batch just created ends before the next measurement starts.</summary>
    [IterationCleanup(Target = nameof(CreateBatch))]
    public void AwaitEnqueue() => WaitUntilEnqueued();

    [IterationSetup(Target = nameof(EnqueueBatch))]
    public void PrepareEnqueue()
    {
        Clear();
        batchId = batches.CreateAsync("benchmark", "benchmark", requests).GetAwaiter().GetResult().Id;
        WaitUntilEnqueued();
        // As a crash between the commit and the enqueue leaves them: rows without their Hangfire jobs.
        using var db = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        db.MarketplaceJobs.ExecuteUpdate(update => update.SetProperty(job => job.BackgroundJobId, (string?)null));
    }

    [Benchmark(Description = "Enqueue a 1,000-job batch's Hangfire jobs")]
    public async Task EnqueueBatch()
    {
        var enqueued = await enqueuer.EnqueueAsync(batchId);
        if (enqueued != Jobs)
        {
            throw new InvalidOperationException($"Expected {Jobs} Hangfire jobs, enqueued {enqueued}.");
        }
    }

    [IterationSetup(Target = nameof(RunTasks))]
    public void PrepareTasks()
    {
        Clear();
        batchId = batches.CreateAsync("benchmark", "benchmark", requests.Take(RunJobs).ToList()).GetAwaiter().GetResult().Id;
        WaitUntilEnqueued();
    }

    [Benchmark(Description = "Run no-op tasks, one commit each", OperationsPerInvoke = RunJobs * TasksPerJob)]
    public async Task RunTasks()
    {
        var report = await database.Host.Services.GetRequiredService<MarketplaceDispatcher>().DrainAsync(null, CancellationToken.None);
        if (report.Completed != RunJobs)
        {
            throw new InvalidOperationException($"Expected {RunJobs} jobs to complete: {report}.");
        }
    }

    [IterationSetup(Target = nameof(RunThroughEngine))]
    public void PrepareEngineRun() => PrepareTasks();

    [Benchmark(Description = "Run no-op tasks end to end through Hangfire", OperationsPerInvoke = RunJobs * TasksPerJob)]
    public async Task RunThroughEngine()
    {
        var servers = database.Host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        await using var db = await database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (await db.BatchJobs.Where(batch => batch.Id == batchId).Select(batch => batch.Status).SingleAsync() != BatchStatus.Completed)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {batchId} did not complete within 5 minutes.");
            }
            await Task.Delay(20);
        }
    }

    [IterationCleanup(Target = nameof(RunThroughEngine))]
    public void StopServers() => database.Host.Services.GetRequiredService<JobServers>().StopAsync().GetAwaiter().GetResult();

    private void WaitUntilEnqueued()
    {
        using var db = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (db.MarketplaceJobs.Any(job => job.BatchId == batchId && job.BackgroundJobId == null))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {batchId}'s Hangfire jobs were not enqueued within 2 minutes.");
            }
            Thread.Sleep(20);
        }
    }

    private void Clear()
    {
        using var db = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        db.MarketplaceTasks.ExecuteDelete();
        db.MarketplaceJobs.ExecuteDelete();
        db.BatchJobs.ExecuteDelete();
    }

    /// <summary>Ten steps that do nothing: what is measured is the orchestration around them.</summary>
    private sealed class NothingHandler : IMarketplaceHandler
    {
        public Marketplace Marketplace => Marketplace.Demo;

        public MarketplaceOperation Operation => MarketplaceOperation.Publish;

        public IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
            Enumerable.Range(0, TasksPerJob).Select(_ => new PlannedStep(StepType.NoOp)).ToList();

        public Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
