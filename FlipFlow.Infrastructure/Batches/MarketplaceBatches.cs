using FlipFlow.Domain.Common;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>One job to put in a batch: an operation on a marketplace for a product or a listing.</summary>
public sealed record JobRequest(MarketplaceOperation Operation, Marketplace Marketplace, long? ProductId = null, long? ListingId = null);

/// <summary>A new batch, and the requested items that were left out with the reason.</summary>
public sealed record BatchCreated(BatchJob Batch, IReadOnlyList<string> Skipped);

/// <summary>A batch's jobs, one page of them, with the counts by status.</summary>
public sealed record BatchJobsPage(IReadOnlyList<MarketplaceJob> Jobs, int Total);

/// <summary>
/// Refused: nothing to do or a batch that cannot be retried now (<see cref="Refusal.Conflict"/>), an unknown id
/// (<see cref="Refusal.NotFound"/>).
/// </summary>
public sealed class BatchRuleException(string message, Refusal reason = Refusal.Conflict) : Exception(message)
{
    public Refusal Reason { get; } = reason;

    internal static BatchRuleException NoBatch(long batchId) => new($"There is no batch {batchId}.", Refusal.NotFound);
}

/// <summary>
/// Marketplace work as batches: creates them (planning each job's tasks through its handler), lists and shows
/// them, retries their failed jobs (completed tasks are kept) and cancels them. A batch's rows commit first; its
/// jobs are then handed to the engine (<see cref="BatchJobEnqueuer"/>), one engine job each.
/// </summary>
public sealed class MarketplaceBatches(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceHandlers handlers,
    BatchJobEnqueuer enqueuer,
    MarketplaceSweeper sweeper,
    BatchCancellation cancellation,
    DatabaseWriteGate writes,
    TimeProvider clock)
{
    /// <summary>
    /// Publishes products to a marketplace: all of them (<paramref name="skus"/> null) or the SKUs given. A product
    /// already live there, or being published there by an unfinished batch, is left out (never two live copies),
    /// and so is one with none in stock.
    /// </summary>
    public async Task<BatchCreated> PublishAsync(Marketplace marketplace, IReadOnlyCollection<string>? skus, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = db.Products.AsNoTracking();
        var skipped = new List<string>();
        if (skus is not null)
        {
            // SKUs are kept in Normalization Form C (Identifier): one typed decomposed finds its product.
            var wanted = skus.Select(Identifier.Normalize).Where(sku => sku.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var known = await products.Where(product => wanted.Contains(product.Sku)).Select(product => product.Sku).ToListAsync(cancellationToken);
            skipped.AddRange(wanted.Except(known, StringComparer.OrdinalIgnoreCase).Select(sku => $"{sku}: no product has this SKU"));
            products = products.Where(product => wanted.Contains(product.Sku));
        }
        var live = db.Listings.Where(listing => listing.Marketplace == marketplace && listing.Status == ListingStatus.Active)
            .Select(listing => listing.ProductId);
        var underway = db.MarketplaceJobs.Where(UnfinishedWork.Job)
            .Where(job => job.Marketplace == marketplace && job.Operation == MarketplaceOperation.Publish)
            .Select(job => job.ProductId);
        var candidates = await products.OrderBy(product => product.Id)
            .Select(product => new
            {
                product.Id, product.Sku, InStock = product.Quantity > 0, Live = live.Contains(product.Id), Underway = underway.Contains(product.Id),
            })
            .ToListAsync(cancellationToken);
        skipped.AddRange(candidates.Where(candidate => candidate.Live).Select(candidate => $"{candidate.Sku}: already live on {marketplace.DisplayName()}"));
        skipped.AddRange(candidates.Where(candidate => !candidate.Live && candidate.Underway)
            .Select(candidate => $"{candidate.Sku}: already being published to {marketplace.DisplayName()}"));
        skipped.AddRange(candidates.Where(candidate => !candidate.Live && !candidate.Underway && !candidate.InStock)
            .Select(candidate => $"{candidate.Sku}: none in stock"));
        var chosen = candidates.Where(candidate => !candidate.Live && !candidate.Underway && candidate.InStock)
            .Select(candidate => new JobRequest(MarketplaceOperation.Publish, marketplace, ProductId: candidate.Id))
            .ToList();
        if (chosen.Count == 0)
        {
            throw new BatchRuleException(skipped.Count == 0
                ? "There are no products to publish."
                : $"Nothing to publish to {marketplace.DisplayName()}: {string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? $" and {skipped.Count - 5} more" : "")}.");
        }
        var title = $"Publish {chosen.Count} product{(chosen.Count == 1 ? "" : "s")} to {marketplace.DisplayName()}";
        return new BatchCreated(await CreateAsync(title, requestedBy, chosen, cancellationToken), skipped);
    }

    /// <summary>
    /// Creates a batch of the jobs requested, each with the tasks its handler plans, in one transaction; then asks
    /// for its engine jobs, which the console enqueues in the background and a CLI verb before this returns.
    /// </summary>
    public async Task<BatchJob> CreateAsync(string title, string requestedBy, IReadOnlyList<JobRequest> requests,
        CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0)
        {
            throw new BatchRuleException("A batch needs at least one job.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var productIds = requests.Where(request => request.ProductId is not null).Select(request => request.ProductId!.Value).Distinct().ToList();
        var listingIds = requests.Where(request => request.ListingId is not null).Select(request => request.ListingId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(product => productIds.Contains(product.Id)).ToDictionaryAsync(product => product.Id, cancellationToken);
        var listings = await db.Listings.AsNoTracking().Where(listing => listingIds.Contains(listing.Id)).ToDictionaryAsync(listing => listing.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var batch = new BatchJob { Title = title, RequestedBy = requestedBy, Status = BatchStatus.Pending, TotalJobs = requests.Count, CreatedAt = now };
        var plans = new List<(MarketplaceJob Job, IReadOnlyList<PlannedStep> Steps)>(requests.Count);
        foreach (var request in requests)
        {
            var product = request.ProductId is { } productId
                ? products.GetValueOrDefault(productId) ?? throw new BatchRuleException($"There is no product {productId}.", Refusal.NotFound)
                : null;
            var listing = request.ListingId is { } listingId
                ? listings.GetValueOrDefault(listingId) ?? throw new BatchRuleException($"There is no listing {listingId}.", Refusal.NotFound)
                : null;
            if (listing is not null && request.Marketplace != listing.Marketplace)
            {
                throw new BatchRuleException($"Listing {listing.Id} is on {listing.Marketplace.DisplayName()}, not {request.Marketplace.DisplayName()}.");
            }
            if (!handlers.Supports(request.Marketplace, request.Operation))
            {
                throw new BatchRuleException($"FlipFlow cannot {request.Operation.ToString().ToLowerInvariant()} on {request.Marketplace.DisplayName()}.");
            }
            var steps = handlers.Get(request.Marketplace, request.Operation).Plan(new JobSubject(product, listing));
            var job = new MarketplaceJob
            {
                Operation = request.Operation,
                Marketplace = request.Marketplace,
                ProductId = product?.Id ?? listing?.ProductId,
                ListingId = listing?.Id,
                Status = MarketplaceJobStatus.Pending,
                CreatedAt = now,
            };
            batch.Jobs.Add(job);
            plans.Add((job, steps));
        }
        // The write turn ends with the commit: handing the jobs to the engine writes again, and the gate is not re-entrant.
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.BatchJobs.Add(batch);
            await db.SaveChangesAsync(cancellationToken);
            // Tasks carry their job's id in their idempotency key, so they are written once the jobs have ids.
            var tasks = new List<MarketplaceTask>(plans.Sum(plan => plan.Steps.Count));
            foreach (var (job, steps) in plans)
            {
                var counts = new Dictionary<StepType, int>();
                var total = steps.GroupBy(step => step.Step).ToDictionary(group => group.Key, group => group.Count());
                for (var order = 0; order < steps.Count; order++)
                {
                    var step = steps[order];
                    var number = counts[step.Step] = counts.GetValueOrDefault(step.Step) + 1;
                    tasks.Add(new MarketplaceTask
                    {
                        JobId = job.Id,
                        Order = order,
                        Step = step.Step,
                        Name = total[step.Step] > 1 || step.Step == StepType.UploadImage ? $"{step.Step} {number}" : step.Step.ToString(),
                        Argument = step.Argument,
                        Status = MarketplaceTaskStatus.Pending,
                        IdempotencyKey = MarketplaceTask.KeyFor(job.Id, order),
                    });
                }
            }
            await BulkInsert.InsertAsync(db,
                [
                    nameof(MarketplaceTask.JobId), nameof(MarketplaceTask.Order), nameof(MarketplaceTask.Step), nameof(MarketplaceTask.Name),
                    nameof(MarketplaceTask.Argument), nameof(MarketplaceTask.Status), nameof(MarketplaceTask.IdempotencyKey), nameof(MarketplaceTask.Attempts),
                ],
                tasks,
                task => [task.JobId, task.Order, task.Step, task.Name, task.Argument, task.Status, task.IdempotencyKey, task.Attempts],
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await enqueuer.RequestEnqueueAsync(batch.Id, cancellationToken);
        return batch;
    }

    public async Task<IReadOnlyList<BatchJob>> ListAsync(int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking().OrderByDescending(batch => batch.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The batches that have not ended (pending or running), oldest first, however old: what live pages watch.</summary>
    public async Task<IReadOnlyList<BatchJob>> UnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking()
            .Where(UnfinishedWork.Batch)
            .OrderBy(batch => batch.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.CountAsync(cancellationToken);
    }

    public async Task<BatchJob> GetAsync(long batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking().FirstOrDefaultAsync(batch => batch.Id == batchId, cancellationToken)
            ?? throw BatchRuleException.NoBatch(batchId);
    }

    /// <summary>One page of a batch's jobs, in order, each with its product and tasks; <paramref name="status"/> filters.</summary>
    public async Task<BatchJobsPage> JobsAsync(long batchId, MarketplaceJobStatus? status, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = db.MarketplaceJobs.AsNoTracking().Where(job => job.BatchId == batchId);
        if (status is { } wanted)
        {
            jobs = jobs.Where(job => job.Status == wanted);
        }
        var total = await jobs.CountAsync(cancellationToken);
        var page = await jobs.OrderBy(job => job.Id).Skip(skip).Take(take)
            .Include(job => job.Product)
            .Include(job => job.Listing)
            .Include(job => job.Tasks.OrderBy(task => task.Order))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return new BatchJobsPage(page, total);
    }

    /// <summary>
    /// Runs the batch's failed and cancelled jobs again. Their Completed tasks are kept and not run again; the
    /// rest start over. Returns how many jobs were put back.
    /// </summary>
    public async Task<int> RetryFailedAsync(long batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.BatchJobs.FirstOrDefaultAsync(batch => batch.Id == batchId, cancellationToken)
            ?? throw BatchRuleException.NoBatch(batchId);
        if (!batch.IsFinished)
        {
            throw new BatchRuleException($"Batch {batchId} is still {batch.Status.ToString().ToLowerInvariant()}; retry it once it has ended.");
        }
        var again = db.MarketplaceJobs.Where(job => job.BatchId == batchId
            && (job.Status == MarketplaceJobStatus.Failed || job.Status == MarketplaceJobStatus.Cancelled));
        await db.MarketplaceTasks
            .Where(task => again.Select(job => job.Id).Contains(task.JobId)
                && (task.Status == MarketplaceTaskStatus.Failed || task.Status == MarketplaceTaskStatus.Skipped))
            .ExecuteUpdateAsync(update => update
                .SetProperty(task => task.Status, MarketplaceTaskStatus.Pending)
                .SetProperty(task => task.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        var count = await again.ExecuteUpdateAsync(update => update
            .SetProperty(job => job.Status, MarketplaceJobStatus.Pending)
            .SetProperty(job => job.BackgroundJobId, (string?)null)
            .SetProperty(job => job.Error, (string?)null)
            .SetProperty(job => job.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        if (count == 0)
        {
            throw new BatchRuleException($"Batch {batchId} has no failed or cancelled jobs.");
        }
        batch.FailedJobs = 0;
        batch.CancelledJobs = 0;
        batch.CancelRequested = false;
        cancellation.Withdraw(batchId);
        batch.Status = BatchStatus.Running;
        batch.FinishedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await enqueuer.RequestEnqueueAsync(batchId, cancellationToken);
        return count;
    }

    /// <summary>
    /// Cancels a batch: its jobs not yet started are cancelled now, and their engine jobs deleted unless one has
    /// just started; running ones stop before their next task. False when the batch had already ended.
    /// </summary>
    public async Task<bool> CancelAsync(long batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.BatchJobs.FirstOrDefaultAsync(batch => batch.Id == batchId, cancellationToken)
            ?? throw BatchRuleException.NoBatch(batchId);
        if (batch.IsFinished)
        {
            return false;
        }
        batch.CancelRequested = true;
        cancellation.Request(batchId);
        await db.SaveChangesAsync(cancellationToken);
        var pending = db.MarketplaceJobs.Where(job => job.BatchId == batchId && job.Status == MarketplaceJobStatus.Pending);
        var engineJobs = await pending.Where(job => job.BackgroundJobId != null).Select(job => job.BackgroundJobId!).ToListAsync(cancellationToken);
        await db.MarketplaceTasks
            .Where(task => pending.Select(job => job.Id).Contains(task.JobId) && task.Status == MarketplaceTaskStatus.Pending)
            .ExecuteUpdateAsync(update => update.SetProperty(task => task.Status, MarketplaceTaskStatus.Skipped), cancellationToken);
        var now = clock.GetUtcNow();
        var cancelled = await pending.ExecuteUpdateAsync(update => update
            .SetProperty(job => job.Status, MarketplaceJobStatus.Cancelled)
            .SetProperty(job => job.Error, "Cancelled before it started.")
            .SetProperty(job => job.FinishedAt, now), cancellationToken);
        await BatchProgress.RecordJobEndsAsync(db, batchId, 0, 0, cancelled, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await enqueuer.RequestDeleteAsync(engineJobs, cancellationToken);
        return true;
    }

    /// <summary>The batches not yet ended that hold jobs of this operation on this marketplace, oldest first.</summary>
    public async Task<IReadOnlyList<BatchJob>> UnfinishedAsync(Marketplace marketplace, MarketplaceOperation operation,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking()
            .Where(UnfinishedWork.Batch)
            .Where(batch => batch.Jobs.Any(job => job.Marketplace == marketplace && job.Operation == operation))
            .OrderBy(batch => batch.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Carries on a batch that has not ended, such as one cut off when its process was killed: its jobs that no
    /// engine job would run are enqueued again.
    /// </summary>
    public async Task ResumeAsync(long batchId, CancellationToken cancellationToken = default)
    {
        var batch = await GetAsync(batchId, cancellationToken);
        if (batch.IsFinished)
        {
            throw new BatchRuleException($"Batch {batchId} has ended ({batch.Status}); use retry to run its failed jobs again.");
        }
        await sweeper.SweepAsync(cancellationToken);
    }
}
