using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Tests.Batches;

public sealed class BatchFaultTests
{
    [Fact]
    public async Task A_publish_batch_cut_off_by_kill_9_completes_after_a_restart_with_one_listing_per_product_and_no_task_run_twice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(500);
        var batch = (await host.Services.GetRequiredService<MarketplaceBatches>().PublishAsync(Marketplace.Demo, null, "tests")).Batch;
        var settings = database.Settings.ToDictionary();
        settings["FlipFlow:DataFolder"] = Path.Combine(database.DataFolder, "process");

        List<MarketplaceTask> completedBeforeKill;
        await using (var first = ProcessNode.Start("first", settings))
        {
            await first.WaitUntilHealthyAsync();
            await WaitForAsync(async () => await CountJobsAsync(contexts, batch.Id, MarketplaceJobStatus.Completed) >= 100,
                "100 jobs to complete", first);
            first.Kill();
            await using var db = await contexts.CreateDbContextAsync();
            completedBeforeKill = await Tasks(db, batch.Id).Where(task => task.Status == MarketplaceTaskStatus.Completed).ToListAsync();
            var unfinished = await db.MarketplaceJobs.CountAsync(job => job.BatchId == batch.Id && job.Status != MarketplaceJobStatus.Completed);
            Assert.True(unfinished > 0, "The batch finished before the kill; the test proves nothing.");
        }

        await using var second = ProcessNode.Start("second", settings);
        await second.WaitUntilHealthyAsync();
        await WaitForAsync(async () => (await host.Services.GetRequiredService<MarketplaceBatches>().GetAsync(batch.Id)).IsFinished,
            "the batch to end", second, TimeSpan.FromSeconds(180));

        await using var after = await contexts.CreateDbContextAsync();
        var finished = await after.BatchJobs.AsNoTracking().SingleAsync(row => row.Id == batch.Id);
        Assert.Equal((BatchStatus.Completed, 500, 0), (finished.Status, finished.SucceededJobs, finished.FailedJobs));
        // Exactly one live Demo listing per product, on the marketplace and in FlipFlow.
        var remote = await after.DemoListings.AsNoTracking().Where(listing => listing.Status == ListingStatus.Active).ToListAsync();
        Assert.Equal(500, remote.Count);
        Assert.Equal(500, remote.Select(listing => listing.Sku).Distinct().Count());
        var listings = await after.Listings.AsNoTracking().Where(listing => listing.Status == ListingStatus.Active).ToListAsync();
        Assert.Equal(500, listings.Select(listing => listing.ProductId).Distinct().Count());
        Assert.Equal(500, listings.Count);
        Assert.Equal(remote.Select(listing => listing.RemoteId).Order(), listings.Select(listing => listing.RemoteId!).Order());
        // A task completed before the kill was never run again: a rerun would have rewritten its end and result.
        var now = await Tasks(after, batch.Id).ToDictionaryAsync(task => task.Id);
        Assert.All(completedBeforeKill, task =>
            Assert.Equal((MarketplaceTaskStatus.Completed, task.FinishedAt, task.Result, task.Attempts),
                (now[task.Id].Status, now[task.Id].FinishedAt, now[task.Id].Result, now[task.Id].Attempts)));
    }

    private static IQueryable<MarketplaceTask> Tasks(FlipFlowDbContext db, long batchId) =>
        db.MarketplaceTasks.AsNoTracking().Where(task => db.MarketplaceJobs.Any(job => job.Id == task.JobId && job.BatchId == batchId));

    private static async Task<int> CountJobsAsync(IDbContextFactory<FlipFlowDbContext> contexts, long batchId, MarketplaceJobStatus status)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.MarketplaceJobs.CountAsync(job => job.BatchId == batchId && job.Status == status);
    }

    private static Task WaitForAsync(Func<Task<bool>> condition, string what, ProcessNode node, TimeSpan? limit = null) =>
        Poll.UntilAsync(condition, limit ?? TimeSpan.FromSeconds(90), what, () => Task.FromResult(node.Output));
}
