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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Benchmarks.Batches;

/// <summary>
/// The orchestration's own cost, with a Demo publish handler of ten steps that do nothing.
/// <see cref="CreateBatch"/>: one batch of 1,000 jobs of 10 tasks, planned and stored in one transaction
/// (target: under 1 s). <see cref="RunTasks"/>: the dispatcher running 500 jobs of such tasks, one commit each;
/// Op/s is tasks per second (target: at least 2,000 on SQLite), 5,000 tasks a measurement.
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
    private IReadOnlyList<JobRequest> requests = default!;

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
        using var db = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext();
        requests = db.Products.OrderBy(product => product.Id).Select(product => product.Id).ToList()
            .Select(id => new JobRequest(MarketplaceOperation.Publish, Marketplace.Demo, ProductId: id)).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [IterationSetup(Target = nameof(CreateBatch))]
    public void ClearBatches() => Clear();

    [Benchmark(Description = "Create a batch of 1,000 jobs x 10 tasks")]
    public async Task CreateBatch() => await batches.CreateAsync("benchmark", "benchmark", requests);

    [IterationSetup(Target = nameof(RunTasks))]
    public void PrepareTasks()
    {
        Clear();
        batches.CreateAsync("benchmark", "benchmark", requests.Take(RunJobs).ToList()).GetAwaiter().GetResult();
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
