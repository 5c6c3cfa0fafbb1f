using System.Linq.Expressions;

namespace FlipFlow.Domain.Batches;

/// <summary>
/// Marketplace work that has not ended: a job or a batch still Pending or Running. A listing with unfinished work
/// must not be acted on again (a second relist or publish could leave two live copies of a product).
/// <para>
/// Each rule is one expression: a database query uses it as it is, and the in-memory checks
/// (<see cref="IsUnfinished(MarketplaceJobStatus)"/>, <see cref="IsUnfinished(BatchStatus)"/>, <see cref="KeepsListingBusy(MarketplaceJob)"/>)
/// are the same expressions compiled, so the SQL and the objects cannot disagree.
/// </para>
/// </summary>
public static class UnfinishedWork
{
    /// <summary>A job that has not ended: pending or running.</summary>
    public static readonly Expression<Func<MarketplaceJob, bool>> Job =
        job => job.Status == MarketplaceJobStatus.Pending || job.Status == MarketplaceJobStatus.Running;

    /// <summary>A batch that has not ended: pending or running.</summary>
    public static readonly Expression<Func<BatchJob, bool>> Batch =
        batch => batch.Status == BatchStatus.Pending || batch.Status == BatchStatus.Running;

    /// <summary>
    /// A job that keeps its listing busy: it names a listing, and it or its batch has not ended. A finished job in
    /// a batch still running counts too: the batch may yet retry it.
    /// </summary>
    public static readonly Expression<Func<MarketplaceJob, bool>> ListingBusy = BuildListingBusy();

    private static readonly Func<MarketplaceJob, bool> JobCheck = Job.Compile();
    private static readonly Func<BatchJob, bool> BatchCheck = Batch.Compile();
    private static readonly Func<MarketplaceJob, bool> ListingBusyCheck = ListingBusy.Compile();

    public static bool IsUnfinished(MarketplaceJobStatus status) => JobCheck(new MarketplaceJob { Status = status });

    public static bool IsUnfinished(BatchStatus status) => BatchCheck(new BatchJob { Title = "", RequestedBy = "", Status = status });

    /// <summary>In memory: the job's <see cref="MarketplaceJob.Batch"/> must be loaded.</summary>
    public static bool KeepsListingBusy(MarketplaceJob job) => ListingBusyCheck(job);

    // job => job.ListingId != null && (Job(job) || Batch(job.Batch)), written out from the two rules above.
    private static Expression<Func<MarketplaceJob, bool>> BuildListingBusy()
    {
        var job = Job.Parameters[0];
        var names = Expression.NotEqual(Expression.Property(job, nameof(MarketplaceJob.ListingId)), Expression.Constant(null, typeof(long?)));
        var batch = Expression.Property(job, nameof(MarketplaceJob.Batch));
        var batchUnfinished = new Substitution(Batch.Parameters[0], batch).Visit(Batch.Body);
        return Expression.Lambda<Func<MarketplaceJob, bool>>(Expression.AndAlso(names, Expression.OrElse(Job.Body, batchUnfinished)), job);
    }

    private sealed class Substitution(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
