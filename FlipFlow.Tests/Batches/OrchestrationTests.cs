using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Tests.Batches;

[Trait("Category", "Integration")]
public sealed class OrchestrationTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;
    private ScriptedHandler? scripted;

    private MarketplaceBatches Batches => host.Services.GetRequiredService<MarketplaceBatches>();
    private MarketplaceDispatcher Dispatcher => host.Services.GetRequiredService<MarketplaceDispatcher>();

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        scripted?.Release.TrySetResult();
        host?.Dispose();
        await database.DisposeAsync();
    }

    private async Task StartAsync(ScriptedHandler? handler = null, Func<IServiceProvider, IMarketplaceHandler>? replacement = null, double failureRate = 0,
        int concurrency = 4)
    {
        scripted = handler;
        host = TestHost.Build(database, configure: services =>
        {
            if (handler is not null)
            {
                services.AddSingleton<IMarketplaceHandler>(handler);
            }
            if (replacement is not null)
            {
                services.AddSingleton(replacement);
            }
        }, settings: new Dictionary<string, string?>
        {
            ["Marketplaces:Demo:Market:FailureRate"] = failureRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Marketplaces:Demo:Market:Seed"] = "7",
            ["Marketplaces:Demo:MaxConcurrency"] = concurrency.ToString(),
            ["Orchestration:RetryInitialSeconds"] = "0.01",
            ["Orchestration:RetryMaxSeconds"] = "0.05",
            ["Orchestration:TaskMaxAttempts"] = "10",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    private async Task<BatchJob> PublishDemoAsync(int products)
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(products);
        return (await Batches.PublishAsync(Marketplace.Demo, null, "tests")).Batch;
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private Task<List<MarketplaceTask>> TasksAsync(long batchId) => QueryAsync(db => db.MarketplaceTasks.AsNoTracking()
        .Where(task => db.MarketplaceJobs.Any(job => job.Id == task.JobId && job.BatchId == batchId))
        .OrderBy(task => task.JobId).ThenBy(task => task.Order).ToListAsync());

    [Fact]
    public async Task The_same_refusal_for_several_products_adds_up_to_one_top_failure_reason()
    {
        await StartAsync();
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(3);

        var batch = (await Batches.PublishAsync(Marketplace.Ebay, null, "tests")).Batch;
        await Dispatcher.DrainAsync(null, CancellationToken.None);

        Assert.Equal(BatchStatus.Failed, (await Batches.GetAsync(batch.Id)).Status);
        var ebay = (await host.Services.GetRequiredService<MarketplaceStats>().TaskStatsAsync()).Single(stats => stats.Marketplace == Marketplace.Ebay);
        Assert.Equal((0, 3), (ebay.Day.Completed, ebay.Day.Failed));
        Assert.Equal([new FailureReason("Cannot be listed on eBay: eBay needs at least one image.", 3)], ebay.Day.TopFailures);
    }

    [Fact]
    public async Task Publishing_to_Demo_lists_every_product_once_under_injected_failures()
    {
        await StartAsync(failureRate: 0.2);
        var batch = await PublishDemoAsync(40);

        var report = await Dispatcher.DrainAsync(null, CancellationToken.None);

        var errors = await QueryAsync(db => db.MarketplaceJobs.Where(job => job.Error != null).Select(job => job.Error).ToListAsync());
        Assert.Equal([], errors);
        Assert.Equal(40, report.Completed);
        var finished = await Batches.GetAsync(batch.Id);
        Assert.Equal(BatchStatus.Completed, finished.Status);
        Assert.Equal((40, 40, 0, 0), (finished.TotalJobs, finished.SucceededJobs, finished.FailedJobs, finished.CancelledJobs));
        var tasks = await TasksAsync(batch.Id);
        Assert.All(tasks, task => Assert.Equal(MarketplaceTaskStatus.Completed, task.Status));
        Assert.Contains(tasks, task => task.Attempts > 1);
        Assert.Equal(["Validate", "MapData", "CreateListing", "SaveResult"], tasks.Where(task => task.JobId == tasks[0].JobId).Select(task => task.Name));
        // One live listing per product, in FlipFlow and on the marketplace, the two agreeing on the remote id.
        var listings = await QueryAsync(db => db.Listings.AsNoTracking().ToListAsync());
        Assert.Equal(40, listings.Count);
        Assert.All(listings, listing => Assert.Equal(ListingStatus.Active, listing.Status));
        Assert.Equal(40, listings.Select(listing => listing.ProductId).Distinct().Count());
        var remote = await QueryAsync(db => db.DemoListings.AsNoTracking().ToListAsync());
        Assert.Equal(40, remote.Count);
        Assert.Equal(40, remote.Select(listing => listing.Sku).Distinct().Count());
        Assert.Equal(remote.Select(listing => listing.RemoteId).Order(), listings.Select(listing => listing.RemoteId!).Order());
    }

    [Fact]
    public async Task Publishing_again_leaves_out_products_already_live()
    {
        await StartAsync();
        await PublishDemoAsync(5);
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(8);
        await QueryAsync(db => db.Products.Where(product => product.Sku == "WOTF-EX-008-NM").ExecuteUpdateAsync(set => set.SetProperty(product => product.Quantity, 0)));

        var again = await Batches.PublishAsync(Marketplace.Demo, null, "tests");

        Assert.Equal(2, again.Batch.TotalJobs);
        Assert.Equal(6, again.Skipped.Count);
        Assert.Equal(5, again.Skipped.Count(reason => reason.Contains("already live on Demo")));
        Assert.Contains("WOTF-EX-008-NM: none in stock", again.Skipped);
        var none = await Assert.ThrowsAsync<BatchRuleException>(() => Batches.PublishAsync(Marketplace.Demo, ["WOTF-EX-001-NM"], "tests"));
        Assert.Contains("already live", none.Message);
    }

    [Fact]
    public async Task A_permanent_failure_fails_the_job_with_its_message_and_skips_the_rest()
    {
        var handler = new ScriptedHandler { Fail = (_, order, _) => order == 2 ? new PermanentMarketplaceException(Marketplace.Demo, "Demo answered 400: bad category") : null };
        await StartAsync(handler);
        var batch = await PublishDemoAsync(1);

        await Dispatcher.DrainAsync(null, CancellationToken.None);

        var tasks = await TasksAsync(batch.Id);
        Assert.Equal([MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Failed, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped],
            tasks.Select(task => task.Status));
        Assert.Equal("Demo answered 400: bad category", tasks[2].Error);
        Assert.Equal(1, tasks[2].Attempts);
        var job = await QueryAsync(db => db.MarketplaceJobs.AsNoTracking().SingleAsync());
        Assert.Equal(MarketplaceJobStatus.Failed, job.Status);
        Assert.Contains("bad category", job.Error);
        Assert.Equal(BatchStatus.Failed, (await Batches.GetAsync(batch.Id)).Status);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_attempts_run_out()
    {
        var handler = new ScriptedHandler
        {
            Fail = (_, order, before) => order == 1 && before < 2 ? new TransientMarketplaceException(Marketplace.Demo, "Demo answered 503") : null,
        };
        await StartAsync(handler);
        var batch = await PublishDemoAsync(1);
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        var tasks = await TasksAsync(batch.Id);
        Assert.All(tasks, task => Assert.Equal(MarketplaceTaskStatus.Completed, task.Status));
        Assert.Equal(3, tasks[1].Attempts);
        Assert.Null(tasks[1].Error);

        handler.Fail = (_, order, _) => order == 0 ? new TransientMarketplaceException(Marketplace.Demo, "Demo answered 429") : null;
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(2);
        var second = (await Batches.PublishAsync(Marketplace.Demo, null, "tests")).Batch;
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        var failed = (await TasksAsync(second.Id))[0];
        Assert.Equal(MarketplaceTaskStatus.Failed, failed.Status);
        Assert.Equal(10, failed.Attempts);
        Assert.Equal(BatchStatus.Failed, (await Batches.GetAsync(second.Id)).Status);
    }

    [Fact]
    public async Task Retry_resumes_at_the_first_unfinished_task_and_never_reruns_completed_ones()
    {
        var handler = new ScriptedHandler { Fail = (job, order, before) => order == 3 && before == 0 ? new StepFailedException("not yet") : null };
        await StartAsync(handler);
        var batch = await PublishDemoAsync(3);
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        Assert.Equal(BatchStatus.Failed, (await Batches.GetAsync(batch.Id)).Status);

        Assert.Equal(3, await Batches.RetryFailedAsync(batch.Id));
        await Dispatcher.DrainAsync(null, CancellationToken.None);

        var finished = await Batches.GetAsync(batch.Id);
        Assert.Equal(BatchStatus.Completed, finished.Status);
        Assert.Equal((3, 0), (finished.SucceededJobs, finished.FailedJobs));
        foreach (var job in (await TasksAsync(batch.Id)).Select(task => task.JobId).Distinct())
        {
            Assert.Equal([1, 1, 1, 2, 1], Enumerable.Range(0, 5).Select(order => handler.TimesRan(job, order)));
        }
        await Assert.ThrowsAsync<BatchRuleException>(() => Batches.RetryFailedAsync(batch.Id));
    }

    [Fact]
    public async Task Progress_is_committed_task_by_task_and_the_batch_moves_only_when_a_job_ends()
    {
        var handler = new ScriptedHandler { HoldAt = 3 };
        await StartAsync(handler, concurrency: 1);
        var batch = await PublishDemoAsync(2);

        var drain = Dispatcher.DrainAsync(null, CancellationToken.None);
        await handler.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var tasks = await TasksAsync(batch.Id);
        var first = tasks.Where(task => task.JobId == tasks[0].JobId).ToList();
        Assert.Equal([MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Running, MarketplaceTaskStatus.Pending],
            first.Select(task => task.Status));
        Assert.Equal(MarketplaceJobStatus.Running, await QueryAsync(db => db.MarketplaceJobs.Where(job => job.Id == tasks[0].JobId).Select(job => job.Status).SingleAsync()));
        var during = await Batches.GetAsync(batch.Id);
        Assert.Equal((BatchStatus.Running, 0, 0.0), (during.Status, during.FinishedJobs, during.Progress));

        handler.Release.SetResult();
        await drain;
        var after = await Batches.GetAsync(batch.Id);
        Assert.Equal((BatchStatus.Completed, 2, 1.0), (after.Status, after.FinishedJobs, after.Progress));
    }

    [Fact]
    public async Task Cancelling_stops_before_the_next_task_and_cancels_jobs_not_started()
    {
        var handler = new ScriptedHandler { HoldAt = 1 };
        await StartAsync(handler, concurrency: 1);
        var batch = await PublishDemoAsync(3);
        var drain = Dispatcher.DrainAsync(null, CancellationToken.None);
        await handler.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await Batches.CancelAsync(batch.Id));
        handler.Release.SetResult();
        await drain;

        var finished = await Batches.GetAsync(batch.Id);
        Assert.Equal((BatchStatus.Cancelled, 0, 3), (finished.Status, finished.SucceededJobs, finished.CancelledJobs));
        var tasks = await TasksAsync(batch.Id);
        var running = tasks.Where(task => task.JobId == tasks[0].JobId).Select(task => task.Status);
        Assert.Equal([MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped], running);
        Assert.All(tasks.Where(task => task.JobId != tasks[0].JobId), task => Assert.Equal(MarketplaceTaskStatus.Skipped, task.Status));
        Assert.Equal(2, handler.Ran.Count);
        Assert.False(await Batches.CancelAsync(batch.Id));
    }

    [Fact]
    public async Task The_dispatcher_runs_no_more_jobs_of_a_marketplace_at_once_than_its_limit()
    {
        // Steps long enough that the jobs overlap even on a busy machine, where each claim is a few round trips.
        var handler = new ScriptedHandler { Steps = 3, StepDelay = TimeSpan.FromMilliseconds(150) };
        await StartAsync(handler, concurrency: 3);
        await PublishDemoAsync(12);

        var report = await Dispatcher.DrainAsync(null, CancellationToken.None);

        Assert.Equal(12, report.Completed);
        Assert.Equal(3, handler.MostAtOnce);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_after_it_acted_is_found_again_not_repeated()
    {
        await StartAsync(replacement: services => new AnswerLostOnce(services.GetRequiredService<DemoMarketplace>()));
        var lost = host.Services.GetServices<IMarketplaceHandler>().OfType<AnswerLostOnce>().Single();
        var batch = await PublishDemoAsync(3);

        await Dispatcher.DrainAsync(null, CancellationToken.None);

        Assert.Equal(BatchStatus.Completed, (await Batches.GetAsync(batch.Id)).Status);
        Assert.True(lost.Lost >= 3);
        Assert.Equal(3, await QueryAsync(db => db.DemoListings.CountAsync()));
        var creates = (await TasksAsync(batch.Id)).Where(task => task.Step == StepType.CreateListing).ToList();
        Assert.All(creates, task => Assert.Equal(2, task.Attempts));
        Assert.Equal(3, await QueryAsync(db => db.Listings.CountAsync(listing => listing.Status == ListingStatus.Active)));
    }

    /// <summary>Demo's publish handler, except that each job's first CreateListing acts and then loses its answer.</summary>
    private sealed class AnswerLostOnce(DemoMarketplace demo) : IMarketplaceHandler
    {
        private readonly DemoPublishHandler inner = new(demo);
        private readonly HashSet<long> failedOnce = [];

        public int Lost { get; private set; }

        public Marketplace Marketplace => Marketplace.Demo;

        public MarketplaceOperation Operation => MarketplaceOperation.Publish;

        public IReadOnlyList<PlannedStep> Plan(JobSubject subject) => inner.Plan(subject);

        public async Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken)
        {
            var result = await inner.RunStepAsync(step, cancellationToken);
            if (step.Task.Step == StepType.CreateListing)
            {
                lock (failedOnce)
                {
                    if (failedOnce.Add(step.Job.Id))
                    {
                        Lost++;
                        throw new TransientMarketplaceException(Marketplace.Demo, "Demo acted but its answer was lost (simulated timeout).");
                    }
                }
            }
            return result;
        }
    }
}
