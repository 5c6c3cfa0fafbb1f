using System.Reflection;
using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// Hands an import's addresses to the engine, one job each (<see cref="IngestItemExecution"/>), on the <c>ingest</c>
/// queue, or <c>ingest-first</c> for an import given a priority. A list is queued by a job of its own
/// (<see cref="QueueSessionAsync"/>), so whoever started the import has the answer at once. Only addresses still queued
/// and without an engine job are enqueued, so running it twice enqueues nothing twice.
/// </summary>
public sealed class IngestEnqueuer(IDbContextFactory<FlipFlowDbContext> contexts, IBackgroundJobClientV2 client, DatabaseWriteGate writes)
{
    /// <summary>Addresses read, enqueued and recorded together.</summary>
    public const int ChunkSize = 100;

    /// <summary>Engine clients enqueueing at once: each enqueue is a round trip to the engine's storage.</summary>
    private const int Clients = 4;

    private static readonly MethodInfo Run = typeof(IngestItemExecution).GetMethod(nameof(IngestItemExecution.RunAsync))!;
    private static readonly MethodInfo Queue = typeof(IngestEnqueuer).GetMethod(nameof(QueueSessionAsync))!;

    /// <summary>Creates the job that queues the import's addresses, and returns at once.</summary>
    public Task RequestSessionAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        client.Create(new Job(typeof(IngestEnqueuer), Queue, [sessionId, CancellationToken.None], JobQueues.IngestFirst),
            new EnqueuedState(JobQueues.IngestFirst));
        return Task.CompletedTask;
    }

    /// <summary>The engine job that queues an import's addresses.</summary>
    [JobDisplayName("Queue the addresses of import {0}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<string> QueueSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        var queued = await EnqueueItemsAsync(sessionId, cancellationToken);
        return $"{queued} address(es) queued";
    }

    /// <summary>Enqueues the import's queued addresses that have no engine job; returns how many.</summary>
    public async Task<int> EnqueueItemsAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        var total = 0;
        var after = 0L;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var queue = await db.IngestSessions.Where(session => session.Id == sessionId)
                .Select(session => session.Priority > 0 ? JobQueues.IngestFirst : JobQueues.Ingest).FirstOrDefaultAsync(cancellationToken);
            var chunk = await db.IngestItems.AsNoTracking()
                .Where(item => item.SessionId == sessionId && item.Id > after && item.Status == IngestItemStatus.Queued && item.BackgroundJobId == null)
                .OrderBy(item => item.Id).Take(ChunkSize)
                .Select(item => new { item.Id, item.CanonicalUrl })
                .ToListAsync(cancellationToken);
            if (queue is null || chunk.Count == 0)
            {
                return total;
            }
            var created = new string[chunk.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = cancellationToken },
                (index, _) =>
                {
                    var item = chunk[index];
                    created[index] = client.Create(For(item.Id, item.CanonicalUrl, queue), new EnqueuedState(queue));
                    return ValueTask.CompletedTask;
                });
            using (await writes.EnterAsync(cancellationToken))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                for (var index = 0; index < chunk.Count; index++)
                {
                    var (id, job) = (chunk[index].Id, created[index]);
                    await db.IngestItems.Where(item => item.Id == id)
                        .ExecuteUpdateAsync(update => update.SetProperty(item => item.BackgroundJobId, job), cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            total += chunk.Count;
            after = chunk[^1].Id;
        }
    }

    /// <summary>The engine job for one address, named for it. It carries its queue, where the engine enqueues its retries too.</summary>
    public static Job For(long itemId, string url, string queue) =>
        new(typeof(IngestItemExecution), Run, [itemId, $"Import {url}", CancellationToken.None], queue);
}
