using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.RunLog;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.RunLog;

/// <summary>The run log over an import, market scans and job runs on a real database: one list, newest first, filtered, 30 days back.</summary>
[Trait("Category", "Integration")]
public sealed class DataRunLogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Now));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        db.ImportRuns.Add(new ImportRun
        {
            Kind = ImportKind.Inventory, Platform = MarketPlatform.ShootStrayt, FileName = "stock.csv", FileHash = "abc", Status = ImportStatus.Failed, CreatedBy = "ops",
            CreatedAt = Now.AddHours(-1), StartedAt = Now.AddHours(-1), FinishedAt = Now.AddHours(-1).AddMinutes(1), Error = "row 3, column sku: unknown",
        });
        db.MarketImports.AddRange(
            new MarketImport { Source = MarketSourceKind.Blokpax, StartedAt = Now.AddHours(-2), FinishedAt = Now.AddHours(-2).AddMinutes(2), Seen = 10, Errors = 1, ErrorText = "card 7: 500" },
            new MarketImport { Source = MarketSourceKind.Blokpax, StartedAt = Now.AddDays(-40), FinishedAt = Now.AddDays(-40), Seen = 10 });
        db.JobRuns.AddRange(
            new JobRun { Id = Guid.NewGuid(), JobId = "inventory-snapshot", Node = "n", StartedAt = Now.AddHours(-12), FinishedAt = Now.AddHours(-12).AddSeconds(3), Outcome = JobOutcome.Succeeded, Summary = "took 10 rows" },
            new JobRun { Id = Guid.NewGuid(), JobId = "zombie-scan", Node = "n", StartedAt = Now.AddHours(-3), FinishedAt = Now.AddHours(-3), Outcome = JobOutcome.Succeeded });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Imports_scans_and_data_jobs_of_the_last_30_days_are_one_list_newest_first_with_their_status_and_filters()
    {
        var log = host.Services.GetRequiredService<DataRunLog>();

        var (all, total) = await log.ListAsync(new DataRunFilter(), 0, 50);
        var (failed, _) = await log.ListAsync(new DataRunFilter(Status: DataRunStatus.Failed), 0, 50);
        var (blokpax, _) = await log.ListAsync(new DataRunFilter(Source: "blokpax"), 0, 50);
        var (today, _) = await log.ListAsync(new DataRunFilter(Kind: DataRunKind.InventorySnapshot, From: new DateOnly(2026, 12, 4)), 0, 50);

        Assert.Equal(3, total);
        Assert.Equal(["InventoryImport Failed ShootStrayt", "MarketScan Partial Blokpax", "InventorySnapshot Succeeded "],
            all.Select(run => $"{run.Kind} {run.Status} {run.Source}").ToList());
        Assert.Equal("row 3, column sku: unknown", Assert.Single(failed).Error);
        Assert.Equal(("card 7: 500", "marketplaces"), (Assert.Single(blokpax).Error, blokpax[0].Link));
        Assert.Equal(("took 10 rows", "jobs/inventory-snapshot"), (Assert.Single(today).Summary, today[0].Link));
    }
}
