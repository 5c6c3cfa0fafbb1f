using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Threading.Channels;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// Hands a batch's marketplace jobs to the engine, one Hangfire job each on its marketplace's queue, and deletes
/// the engine jobs of a cancelled batch that have not started. Jobs are enqueued in chunks, a few clients at once,
/// and each chunk's engine job ids are written in one transaction. Where this runs as a background service (the
/// console), a request is queued and the caller goes on at once: a new batch is visible before its engine jobs
/// exist. Elsewhere (a CLI verb) the request is carried out before the call returns.
/// </summary>
public sealed class BatchJobEnqueuer(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IBackgroundJobClientV2 client,
    IJobScheduler scheduler,
    DatabaseWriteGate writes,
    ILogger<BatchJobEnqueuer> logger) : BackgroundService
{
    /// <summary>Jobs read, enqueued and recorded together.</summary>
    public const int ChunkSize = 100;

    /// <summary>Engine clients enqueueing at once: each enqueue is a round trip to the engine's storage.</summary>
    public const int Clients = 4;

    private static readonly MethodInfo Run = typeof(MarketplaceJobExecution).GetMethod(nameof(MarketplaceJobExecution.RunAsync))!;

    private readonly Channel<Func<CancellationToken, Task>> requests =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });

    // One enqueue at a time in this process, so two requests for the same jobs never both find them without an engine job.
    private readonly SemaphoreSlim one = new(1, 1);
    private volatile bool draining;

    /// <summary>
    /// Enqueues the batch's jobs that have no engine job yet, then starts a <c>marketplace-work</c> run for the
    /// batch, which the run history shows as started by it and which enqueues again any job left without an engine
    /// job. Queued here when the service runs, else done at once.
    /// </summary>
    public Task RequestEnqueueAsync(long batchId, CancellationToken cancellationToken = default) =>
        SubmitAsync(async token =>
        {
            await EnqueueAsync(batchId, token);
            await scheduler.TriggerForBatchAsync(MarketplaceWork.Definition.Id, batchId, token);
        }, cancellationToken);

    /// <summary>Deletes these engine jobs if they have not started: queued here when the service runs, else at once.</summary>
    public Task RequestDeleteAsync(IReadOnlyList<string> backgroundJobIds, CancellationToken cancellationToken = default) =>
        backgroundJobIds.Count == 0 ? Task.CompletedTask : SubmitAsync(_ => Task.FromResult(Delete(backgroundJobIds)), cancellationToken);

    /// <summary>Enqueues the batch's unfinished jobs that have no engine job; returns how many it enqueued.</summary>
    public Task<int> EnqueueAsync(long batchId, CancellationToken cancellationToken = default) =>
        EnqueueWhereAsync(job => job.BatchId == batchId, cancellationToken);

    /// <summary>Enqueues these jobs if they are unfinished and have no engine job; returns how many it enqueued.</summary>
    public Task<int> EnqueueAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken = default) =>
        EnqueueWhereAsync(job => jobIds.Contains(job.Id), cancellationToken);

    /// <summary>
    /// Deletes each engine job that is still Enqueued: one that has just started is left to stop before its next
    /// task, through the batch's cancellation. Returns how many were deleted.
    /// </summary>
    public int Delete(IReadOnlyList<string> backgroundJobIds) =>
        backgroundJobIds.Count(id => client.ChangeState(id, new DeletedState(), EnqueuedState.StateName));

    /// <summary>
    /// The engine job for a marketplace job. It carries its queue itself: the engine enqueues a retry on the job's
    /// own queue, and on "default" for a job that names none, where no worker of FlipFlow's listens.
    /// </summary>
    public static Job For(long marketplaceJobId, string title, Marketplace marketplace) =>
        new(typeof(MarketplaceJobExecution), Run, [marketplaceJobId, title, CancellationToken.None], JobQueues.ForMarketplace(marketplace));

    private Task SubmitAsync(Func<CancellationToken, Task> request, CancellationToken cancellationToken) =>
        draining && requests.Writer.TryWrite(request) ? Task.CompletedTask : request(cancellationToken);

    /// <summary>Requests are queued from the moment the host starts this service: the channel holds them until the loop reads.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        draining = true;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await request(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // What is left is taken up by the marketplace-work sweeper.
                logger.LogWarning(exception, "Could not hand marketplace jobs to the engine; the marketplace-work job will");
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        draining = false;
        return base.StopAsync(cancellationToken);
    }

    private async Task<int> EnqueueWhereAsync(Expression<Func<MarketplaceJob, bool>> scope, CancellationToken cancellationToken)
    {
        await one.WaitAsync(cancellationToken);
        try
        {
            var total = 0;
            var after = 0L;
            while (true)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var chunk = await db.MarketplaceJobs.AsNoTracking()
                    .Where(scope)
                    .Where(job => job.Id > after && job.BackgroundJobId == null
                        && (job.Status == MarketplaceJobStatus.Pending || job.Status == MarketplaceJobStatus.Running))
                    .OrderBy(job => job.Id)
                    .Take(ChunkSize)
                    .Select(job => new { job.Id, job.BatchId, job.Operation, job.Marketplace, Sku = job.Product == null ? null : job.Product.Sku, job.ListingId })
                    .ToListAsync(cancellationToken);
                if (chunk.Count == 0)
                {
                    return total;
                }
                var created = new string[chunk.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = cancellationToken },
                    (index, _) =>
                    {
                        var job = chunk[index];
                        var title = MarketplaceJobTitle.For(job.Operation, job.Marketplace, job.BatchId, job.Sku, job.ListingId);
                        created[index] = client.Create(For(job.Id, title, job.Marketplace), new EnqueuedState(JobQueues.ForMarketplace(job.Marketplace)));
                        return ValueTask.CompletedTask;
                    });
                await RecordAsync(db, chunk.Select((job, index) => (job.Id, created[index])).ToList(), cancellationToken);
                total += chunk.Count;
                after = chunk[^1].Id;
            }
        }
        finally
        {
            one.Release();
        }
    }

    /// <summary>Writes a chunk's engine job ids in one transaction, with one prepared UPDATE.</summary>
    private async Task RecordAsync(FlipFlowDbContext db, IReadOnlyList<(long JobId, string BackgroundJobId)> rows, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(MarketplaceJob))!;
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        using var turn = await writes.EnterAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"UPDATE {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} " +
            $"SET {Column(nameof(MarketplaceJob.BackgroundJobId))} = @engine WHERE {Column(nameof(MarketplaceJob.Id))} = @id";
        var engine = Parameter(command, "@engine", System.Data.DbType.String, 100);
        var id = Parameter(command, "@id", System.Data.DbType.Int64, 0);
        await command.PrepareAsync(cancellationToken);
        foreach (var (jobId, backgroundJobId) in rows)
        {
            id.Value = jobId;
            engine.Value = backgroundJobId;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static DbParameter Parameter(DbCommand command, string name, System.Data.DbType type, int size)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        if (size > 0)
        {
            parameter.Size = size;
        }
        command.Parameters.Add(parameter);
        return parameter;
    }
}
