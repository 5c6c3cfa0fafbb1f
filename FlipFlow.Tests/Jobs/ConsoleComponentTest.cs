using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.Batches;
using FlipFlow.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// The base of the Batches and Jobs pages' component tests: the monitors their pages listen to (never started here,
/// so nothing moves by itself), over FlipFlow's services and a migrated database.
/// </summary>
public abstract class ConsoleComponentTest : ComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var scopes = App.GetRequiredService<IServiceScopeFactory>();
        Services.AddSingleton(new JobsMonitor(scopes, TimeProvider.System, NullLogger<JobsMonitor>.Instance));
        Services.AddSingleton(new BatchesMonitor(scopes, TimeProvider.System, NullLogger<BatchesMonitor>.Instance));
    }

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
