using System.Reflection;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Support;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Batches;

/// <summary>Marketplace jobs as engine jobs: enqueued in the background, one per job, on the marketplace's queue.</summary>
[Trait("Category", "Integration")]
public sealed class MarketplaceEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private TestDatabase database = default!;
    private IHost host = default!;
    private JobServers? servers;
    private readonly ScriptedHandler handler = new();

    private MarketplaceBatches Batches => host.Services.GetRequiredService<MarketplaceBatches>();
    private JobStorage Storage => host.Services.GetRequiredService<JobStorage>();
    private IBackgroundJobClientV2 Client => host.Services.GetRequiredService<IBackgroundJobClientV2>();

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        handler.Release.TrySetResult();
        if (servers is not null)
        {
            await servers.StopAsync();
        }
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await database.DisposeAsync();
    }

    private async Task StartAsync(int concurrency = 4, Action<IServiceCollection>? configure = null)
    {
        host = TestHost.Build(database, configure: services =>
        {
            services.AddSingleton<IMarketplaceHandler>(handler);
            configure?.Invoke(services);
        }, settings: new Dictionary<string, string?>
        {
            ["Marketplaces:Demo:MaxConcurrency"] = concurrency.ToString(),
            ["Orchestration:RetryInitialSeconds"] = "0.01",
            ["Orchestration:RetryMaxSeconds"] = "0.05",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.StartAsync();
    }

    /// <summary>The engine's servers, as the console runs them: one per marketplace queue, MaxConcurrency workers each.</summary>
    private async Task StartServersAsync()
    {
        servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
    }

    private async Task<BatchJob> PublishAsync(int products)
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(products);
        return (await Batches.PublishAsync(Marketplace.Demo, null, "tests")).Batch;
    }

    private Task<List<MarketplaceJob>> JobsAsync(long batchId) => host.Services.QueryAsync(db => db.MarketplaceJobs.AsNoTracking()
        .Include(job => job.Product).Include(job => job.Tasks).Where(job => job.BatchId == batchId).OrderBy(job => job.Id).ToListAsync());

    private async Task<List<MarketplaceJob>> EnqueuedAsync(long batchId)
    {
        List<MarketplaceJob> jobs = [];
        await WaitUntilAsync(async () => (jobs = await JobsAsync(batchId)).All(job => job.BackgroundJobId is not null), "every job to have its engine job");
        return jobs;
    }

    private async Task<BatchJob> FinishedAsync(long batchId)
    {
        try
        {
            await WaitUntilAsync(async () => (await Batches.GetAsync(batchId)).IsFinished, $"batch {batchId} to end");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Its jobs: {string.Join("; ", (await JobsAsync(batchId)).Select(Describe))}", timeout);
        }
        return await Batches.GetAsync(batchId);
    }

    /// <summary>A job and its engine job's history, for a test that times out.</summary>
    private string Describe(MarketplaceJob job)
    {
        var history = job.BackgroundJobId is null ? [] : Storage.GetMonitoringApi().JobDetails(job.BackgroundJobId)?.History ?? [];
        return $"{job.Id} {job.Status} ({job.Error}) engine job {job.BackgroundJobId}: " +
            string.Join(" < ", history.Select(state => $"{state.StateName} {state.Reason} {string.Join(",", state.Data.Select(pair => $"{pair.Key}={pair.Value}"))}"));
    }

    private string? StateOf(string backgroundJobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(backgroundJobId)?.Name;
    }

    private async Task WaitForStateAsync(string backgroundJobId, string state) =>
        await WaitUntilAsync(() => Task.FromResult(StateOf(backgroundJobId) == state), $"engine job {backgroundJobId} to be {state} (is {StateOf(backgroundJobId)})");

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, Limit, what, every: TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task A_batch_is_visible_at_once_and_its_Hangfire_jobs_are_enqueued_in_the_background()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartAsync(configure: services => services.AddSingleton<IBackgroundJobClientV2>(provider =>
        {
            // Hangfire's configuration for this host first, as its own client would have it.
            provider.GetRequiredService<IGlobalConfiguration>();
            return new GatedClient(new BackgroundJobClient(provider.GetRequiredService<JobStorage>()), gate.Task);
        }));

        // The engine's client is held shut: the batch is created without waiting for it.
        var batch = await PublishAsync(150).WaitAsync(Limit);

        var shown = await Batches.GetAsync(batch.Id);
        Assert.Equal((BatchStatus.Pending, 150), (shown.Status, shown.TotalJobs));
        Assert.All(await JobsAsync(batch.Id), job => Assert.Null(job.BackgroundJobId));
        gate.SetResult();
        var jobs = await EnqueuedAsync(batch.Id);
        Assert.Equal(150, jobs.Select(job => job.BackgroundJobId).Distinct().Count());
        var monitoring = Storage.GetMonitoringApi();
        Assert.Equal(150, monitoring.EnqueuedCount(JobQueues.ForMarketplace(Marketplace.Demo)));
        Assert.All(jobs, job => Assert.Equal(EnqueuedState.StateName, StateOf(job.BackgroundJobId!)));
    }

    [Fact]
    public async Task Each_marketplace_job_runs_as_a_Hangfire_job_named_for_what_it_does_on_its_marketplace_queue()
    {
        await StartAsync();
        var batch = await PublishAsync(3);
        await StartServersAsync();

        Assert.Equal(BatchStatus.Completed, (await FinishedAsync(batch.Id)).Status);
        var monitoring = Storage.GetMonitoringApi();
        foreach (var job in await JobsAsync(batch.Id))
        {
            await WaitForStateAsync(job.BackgroundJobId!, SucceededState.StateName);
            var details = monitoring.JobDetails(job.BackgroundJobId);
            Assert.Equal($"Publish {job.Product!.Sku} to Demo · batch {batch.Id}", DisplayName(details.Job));
            var enqueued = details.History.Single(state => state.StateName == EnqueuedState.StateName);
            Assert.Equal("marketplace-demo", enqueued.Data["Queue"]);
            Assert.Equal("marketplace-demo", details.Job.Queue);
            var processing = details.History.Single(state => state.StateName == ProcessingState.StateName);
            Assert.Contains("/marketplace-demo:", processing.Data["ServerId"]);
        }
        Assert.Equal(3, monitoring.SucceededJobs(0, 10).Count(succeeded => DisplayName(succeeded.Value.Job).EndsWith($"to Demo · batch {batch.Id}")));
    }

    /// <summary>The name the engine's dashboard shows: the method's display-name format applied to the job's arguments.</summary>
    private static string DisplayName(Job job) =>
        string.Format(job.Method.GetCustomAttribute<JobDisplayNameAttribute>()!.DisplayName, [.. job.Args]);

    [Fact]
    public async Task A_marketplace_queue_never_runs_more_jobs_at_once_than_MaxConcurrency()
    {
        // Steps long enough that the three workers' jobs overlap even when the machine is busy.
        handler.Steps = 3;
        handler.StepDelay = TimeSpan.FromMilliseconds(200);
        await StartAsync(concurrency: 3);
        var batch = await PublishAsync(12);
        await StartServersAsync();

        var finished = await FinishedAsync(batch.Id);

        Assert.Equal((BatchStatus.Completed, 12), (finished.Status, finished.SucceededJobs));
        Assert.Equal(3, handler.MostAtOnce);
    }

    [Fact]
    public async Task A_job_retried_by_Hangfire_resumes_at_its_first_unfinished_task()
    {
        // The database goes away under the runner at the third task, the first time: a fault the runner cannot record.
        handler.Before = (step, before) =>
        {
            if (step.Task.Order == 2 && before == 0)
            {
                step.Db.Dispose();
            }
        };
        await StartAsync();
        var batch = await PublishAsync(1);
        await StartServersAsync();

        Assert.Equal(BatchStatus.Completed, (await FinishedAsync(batch.Id)).Status);
        var job = (await JobsAsync(batch.Id)).Single();
        Assert.Equal([1, 1, 2, 1, 1], Enumerable.Range(0, 5).Select(order => handler.TimesRan(job.Id, order)));
        Assert.Equal(2, job.Attempts);
        await WaitForStateAsync(job.BackgroundJobId!, SucceededState.StateName);
        using var connection = Storage.GetConnection();
        Assert.Equal("1", connection.GetJobParameter(job.BackgroundJobId, "RetryCount"));
        // Retried on its marketplace's queue, where its workers are.
        Assert.All(Storage.GetMonitoringApi().JobDetails(job.BackgroundJobId).History.Where(state => state.StateName == EnqueuedState.StateName),
            state => Assert.Equal("marketplace-demo", state.Data["Queue"]));
    }

    [Fact]
    public async Task Cancelling_a_batch_deletes_its_not_started_Hangfire_jobs_and_stops_running_ones_before_their_next_task()
    {
        handler.HoldAt = 1;
        await StartAsync(concurrency: 1);
        var batch = await PublishAsync(3);
        var jobs = await EnqueuedAsync(batch.Id);
        await StartServersAsync();
        await handler.Held.Task.WaitAsync(Limit);

        Assert.True(await Batches.CancelAsync(batch.Id));

        var running = jobs.Single(job => job.Id == handler.Ran.First().Job);
        foreach (var waiting in jobs.Where(job => job != running))
        {
            await WaitForStateAsync(waiting.BackgroundJobId!, DeletedState.StateName);
        }
        handler.Release.SetResult();
        var finished = await FinishedAsync(batch.Id);
        Assert.Equal((BatchStatus.Cancelled, 0, 3), (finished.Status, finished.SucceededJobs, finished.CancelledJobs));
        var tasks = (await JobsAsync(batch.Id)).Single(job => job.Id == running.Id).Tasks.OrderBy(task => task.Order).Select(task => task.Status);
        Assert.Equal([MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped], tasks);
        Assert.Equal(2, handler.Ran.Count);
        await WaitForStateAsync(running.BackgroundJobId!, SucceededState.StateName);
    }

    [Fact]
    public async Task Deleting_a_running_marketplace_job_on_the_dashboard_cancels_it()
    {
        handler.HoldAt = 1;
        await StartAsync();
        var batch = await PublishAsync(1);
        var job = (await EnqueuedAsync(batch.Id)).Single();
        await StartServersAsync();
        await handler.Held.Task.WaitAsync(Limit);

        // What the dashboard's Delete does.
        Assert.True(Client.ChangeState(job.BackgroundJobId!, new DeletedState(), null));

        Assert.Equal(BatchStatus.Failed, (await FinishedAsync(batch.Id)).Status);
        var after = (await JobsAsync(batch.Id)).Single();
        Assert.Equal((MarketplaceJobStatus.Cancelled, "Deleted on the dashboard."), (after.Status, after.Error));
        Assert.Equal([MarketplaceTaskStatus.Completed, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped, MarketplaceTaskStatus.Skipped],
            after.Tasks.OrderBy(task => task.Order).Select(task => task.Status));
        Assert.Equal(1, (await Batches.GetAsync(batch.Id)).CancelledJobs);
    }

    [Fact]
    public async Task A_second_delivery_of_a_claimed_job_runs_no_task()
    {
        handler.HoldAt = 1;
        await StartAsync(concurrency: 2);
        var batch = await PublishAsync(1);
        var job = (await EnqueuedAsync(batch.Id)).Single();
        await StartServersAsync();
        await handler.Held.Task.WaitAsync(Limit);

        var again = Client.Create(BatchJobEnqueuer.For(job.Id, "again", Marketplace.Demo), new EnqueuedState(JobQueues.ForMarketplace(Marketplace.Demo)));
        await WaitForStateAsync(again, SucceededState.StateName);

        Assert.Equal([(job.Id, 0), (job.Id, 1)], handler.Ran);
        handler.Release.SetResult();
        Assert.Equal(BatchStatus.Completed, (await FinishedAsync(batch.Id)).Status);
        Assert.Equal([1, 1, 1, 1, 1], Enumerable.Range(0, 5).Select(order => handler.TimesRan(job.Id, order)));
    }

    [Fact]
    public async Task The_sweeper_enqueues_jobs_left_without_a_Hangfire_job_after_a_crash()
    {
        await StartAsync();
        // The sweep made at start has had its turn, so the one below is the one that finds what this test leaves.
        await host.Services.GetRequiredService<MarketplaceSweeper>().ExecuteTask!;
        var batch = await PublishAsync(4);
        var jobs = await EnqueuedAsync(batch.Id);
        // A crash between the commit and the enqueue; an engine job deleted while its job waits; one the engine lost.
        await host.Services.QueryAsync(db => db.MarketplaceJobs.Where(job => job.Id == jobs[0].Id)
            .ExecuteUpdateAsync(update => update.SetProperty(job => job.BackgroundJobId, (string?)null)));
        Assert.True(Client.ChangeState(jobs[1].BackgroundJobId!, new DeletedState(), null));
        await host.Services.QueryAsync(db => db.MarketplaceJobs.Where(job => job.Id == jobs[2].Id)
            .ExecuteUpdateAsync(update => update.SetProperty(job => job.BackgroundJobId, "424242")));

        Assert.Equal(3, await host.Services.GetRequiredService<MarketplaceSweeper>().SweepAsync(CancellationToken.None));

        var after = await JobsAsync(batch.Id);
        Assert.All(after.Take(3), job => Assert.Equal(EnqueuedState.StateName, StateOf(job.BackgroundJobId!)));
        Assert.Equal(3, after.Take(3).Select(job => job.BackgroundJobId).Except(jobs.Select(job => job.BackgroundJobId)).Count());
        Assert.Equal(jobs[3].BackgroundJobId, after[3].BackgroundJobId);
        await StartServersAsync();
        Assert.Equal(BatchStatus.Completed, (await FinishedAsync(batch.Id)).Status);
        Assert.All(after, job => Assert.Equal([1, 1, 1, 1, 1], Enumerable.Range(0, 5).Select(order => handler.TimesRan(job.Id, order))));
    }

    [Fact]
    public async Task Retry_failed_enqueues_the_failed_jobs_again_keeping_completed_tasks()
    {
        handler.Fail = (_, order, before) => order == 3 && before == 0 ? new StepFailedException("not yet") : null;
        await StartAsync();
        var batch = await PublishAsync(3);
        await StartServersAsync();
        Assert.Equal(BatchStatus.Failed, (await FinishedAsync(batch.Id)).Status);
        var failed = await JobsAsync(batch.Id);

        Assert.Equal(3, await Batches.RetryFailedAsync(batch.Id));

        var finished = await FinishedAsync(batch.Id);
        Assert.Equal((BatchStatus.Completed, 3, 0), (finished.Status, finished.SucceededJobs, finished.FailedJobs));
        var again = await JobsAsync(batch.Id);
        Assert.All(again, job => Assert.DoesNotContain(job.BackgroundJobId, failed.Select(old => old.BackgroundJobId)));
        Assert.All(again, job => Assert.Equal([1, 1, 1, 2, 1], Enumerable.Range(0, 5).Select(order => handler.TimesRan(job.Id, order))));
    }

    [Fact]
    public async Task A_permanently_failed_marketplace_job_is_Failed_on_the_dashboard_without_Hangfire_retries()
    {
        handler.Fail = (_, order, _) => order == 2 ? new PermanentMarketplaceException(Marketplace.Demo, "Demo answered 400: bad category") : null;
        await StartAsync();
        var batch = await PublishAsync(1);
        await StartServersAsync();

        Assert.Equal(BatchStatus.Failed, (await FinishedAsync(batch.Id)).Status);
        var job = (await JobsAsync(batch.Id)).Single();
        await WaitForStateAsync(job.BackgroundJobId!, FailedState.StateName);
        var details = Storage.GetMonitoringApi().JobDetails(job.BackgroundJobId);
        Assert.True(details.History.All(state => state.StateName != ScheduledState.StateName), Describe(job));
        Assert.Equal(1, details.History.Count(state => state.StateName == ProcessingState.StateName));
        var failed = details.History.First(state => state.StateName == FailedState.StateName);
        Assert.Equal(typeof(MarketplaceJobFailedException).FullName, failed.Data["ExceptionType"]);
        Assert.Contains("bad category", failed.Data["ExceptionMessage"]);
        Assert.Equal(1, handler.TimesRan(job.Id, 2));
    }

    /// <summary>The engine's client, holding every enqueue until the test opens the gate.</summary>
    private sealed class GatedClient(BackgroundJobClient inner, Task gate) : IBackgroundJobClientV2
    {
        public JobStorage Storage => inner.Storage;

        public string Create(Job job, IState state) => Create(job, state, new Dictionary<string, object>());

        public string Create(Job job, IState state, IDictionary<string, object> parameters)
        {
            gate.Wait();
            return inner.Create(job, state, parameters);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => inner.ChangeState(jobId, state, expectedState);
    }
}

