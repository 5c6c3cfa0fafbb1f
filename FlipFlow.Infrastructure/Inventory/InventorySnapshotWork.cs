using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>Takes the day that just ended (yesterday, UTC) with <see cref="InventorySnapshotter"/>, at midnight.</summary>
public sealed class InventorySnapshotWork(InventorySnapshotter snapshotter) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "inventory-snapshot",
        "Daily inventory snapshot",
        "Records each seller's inventory per card and treatment (items, quantity, average, lowest and highest price) for the day that just ended (UTC), " +
        "then keeps InventorySnapshots:DailyDays (90) days daily and one day a month before that. Running it again replaces the day; 'inventory snapshot --date' backfills one.",
        "0 0 0 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var date = snapshotter.LastEndedDay;
        run.Log($"Taking {date:yyyy-MM-dd}");
        return (await snapshotter.TakeAsync(date, cancellationToken)).ToString();
    }
}
