using System.Collections.Concurrent;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// Cancellations asked for in this process, so a running job here stops before its very next task. A
/// cancellation asked for in another process (a CLI verb, another node) is read from the database, at most
/// a second late.
/// </summary>
public sealed class BatchCancellation
{
    private readonly ConcurrentDictionary<long, bool> requested = new();

    public void Request(long batchId) => requested[batchId] = true;

    /// <summary>Forgets a cancellation once the batch is run again.</summary>
    public void Withdraw(long batchId) => requested.TryRemove(batchId, out _);

    public bool IsRequested(long batchId) => requested.ContainsKey(batchId);
}
