using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// The base of the Batches and Jobs pages' component tests: <see cref="ComponentTest"/> (whose monitors are never
/// started, so nothing moves by itself) and a batch seeded as the runner would leave it.
/// </summary>
public abstract class ConsoleComponentTest : ComponentTest
{
    /// <summary>An ended batch of one Demo job, written straight to the database, as a run of the runner would leave it.</summary>
    protected async Task<BatchJob> SeedBatchAsync(BatchStatus status = BatchStatus.Failed, int failed = 1)
    {
        await using var db = await App.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var batch = new BatchJob
        {
            Title = "Seeded batch", RequestedBy = "test", Status = status, TotalJobs = 1, FailedJobs = failed, SucceededJobs = 1 - failed,
            CreatedAt = now.AddMinutes(-1), StartedAt = now.AddMinutes(-1), FinishedAt = now,
        };
        batch.Jobs.Add(new MarketplaceJob
        {
            Operation = MarketplaceOperation.Sync, Marketplace = Marketplace.Demo, Attempts = 1,
            Status = failed > 0 ? MarketplaceJobStatus.Failed : MarketplaceJobStatus.Completed,
            CreatedAt = now.AddMinutes(-1), StartedAt = now.AddMinutes(-1), FinishedAt = now, Error = failed > 0 ? "Demo answered 503." : null,
        });
        db.BatchJobs.Add(batch);
        await db.SaveChangesAsync();
        return batch;
    }
}
