using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>
/// Runs the queued inventory imports, oldest first. Starting an import triggers it at once; its schedule, every five
/// minutes, picks up an import queued while no server was running.
/// </summary>
public sealed class InventoryImportWork(InventoryImportRunner runner) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "inventory-import",
        "Inventory imports",
        "Runs the queued inventory file imports, oldest first: each file is checked whole, then written in batches of 10,000 rows with a " +
        "transaction each. A cancelled or failed import takes back what it wrote. Started as soon as a file is imported.",
        "0 0/5 * * * ?",
        RetryPolicy.None,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var ran = await runner.RunQueuedAsync(run.Log, cancellationToken);
        return ran == 0 ? "no import was queued" : $"{ran} import(s) run";
    }
}
