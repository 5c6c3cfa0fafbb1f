using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Jobs;

/// <summary>Runs that a batch starts say so ("Batch 12"), instead of passing for runs a person started by hand.</summary>
[Trait("Category", "Integration")]
public sealed class BatchStartedRunTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private async Task<JobServers> StartSchedulerAsync()
    {
        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        return servers;
    }

    private async Task<JobRun> FirstRunAsync(string jobId, Func<JobRun, bool> wanted)
    {
        var history = host.Services.GetRequiredService<JobHistory>();
        for (var i = 0; i < 200; i++)
        {
            if ((await history.QueryAsync(new JobRunQuery(jobId))).Runs.FirstOrDefault(wanted) is { } run)
            {
                return run;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No run of {jobId} started within 20 s.");
    }

    [Fact]
    public async Task A_run_triggered_for_a_batch_records_the_batch_and_reads_Batch_and_its_number()
    {
        var scheduler = await StartSchedulerAsync();
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerForBatchAsync(HistoryCleanupWork.Definition.Id, 12);
            var run = await FirstRunAsync(HistoryCleanupWork.Definition.Id, candidate => candidate.Id == runId);

            Assert.Equal((JobTrigger.Batch, 12L), (run.Trigger, run.BatchId));
            Assert.Equal("Batch 12", run.StartedBy);
            Assert.Contains("started by batch 12", run.Log);
            Assert.Equal(1, (await host.Services.GetRequiredService<JobHistory>().QueryAsync(
                new JobRunQuery(HistoryCleanupWork.Definition.Id, Trigger: JobTrigger.Batch))).Total);
        }
        finally
        {
            await scheduler.StopAsync();
        }
    }

    [Fact]
    public async Task Publishing_a_batch_wakes_the_marketplace_work_job_with_a_run_started_by_that_batch_not_Manual()
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(2);
        var batch = (await host.Services.GetRequiredService<MarketplaceBatches>().PublishAsync(Marketplace.Demo, null, "test")).Batch;
        var scheduler = await StartSchedulerAsync();
        try
        {
            var run = await FirstRunAsync(MarketplaceWork.Definition.Id, candidate => candidate.Trigger != JobTrigger.Schedule);

            Assert.Equal(JobTrigger.Batch, run.Trigger);
            Assert.Equal(batch.Id, run.BatchId);
            Assert.Equal($"Batch {batch.Id}", run.StartedBy);
        }
        finally
        {
            await scheduler.StopAsync();
        }
    }

    [Theory]
    [InlineData(JobTrigger.Schedule, null, "Schedule")]
    [InlineData(JobTrigger.Manual, null, "Manual")]
    [InlineData(JobTrigger.Retry, 7L, "Retry")]
    [InlineData(JobTrigger.Batch, 7L, "Batch 7")]
    public void A_run_says_what_started_it(JobTrigger trigger, long? batchId, string expected) =>
        Assert.Equal(expected, new JobRun { JobId = "job", Node = "node", Trigger = trigger, BatchId = batchId }.StartedBy);
}
