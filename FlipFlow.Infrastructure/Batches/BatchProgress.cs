using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// The only writer of a batch's counters: jobs that end add themselves, and the last one to end gives the batch
/// its final status. Runs inside the caller's transaction, with the job's own end.
/// </summary>
internal static class BatchProgress
{
    public static async Task RecordJobEndsAsync(FlipFlowDbContext db, long batchId, int succeeded, int failed, int cancelled,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (succeeded + failed + cancelled == 0)
        {
            return;
        }
        await db.BatchJobs.Where(batch => batch.Id == batchId).ExecuteUpdateAsync(update => update
            .SetProperty(batch => batch.SucceededJobs, batch => batch.SucceededJobs + succeeded)
            .SetProperty(batch => batch.FailedJobs, batch => batch.FailedJobs + failed)
            .SetProperty(batch => batch.CancelledJobs, batch => batch.CancelledJobs + cancelled), cancellationToken);
        await FinishIfDoneAsync(db, batchId, now, cancellationToken);
    }

    /// <summary>Gives the batch its final status once every job has ended.</summary>
    public static async Task FinishIfDoneAsync(FlipFlowDbContext db, long batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await db.BatchJobs.AsNoTracking().Where(batch => batch.Id == batchId)
            .Select(batch => new { batch.TotalJobs, batch.SucceededJobs, batch.FailedJobs, batch.CancelledJobs, batch.CancelRequested })
            .FirstAsync(cancellationToken);
        if (counts.SucceededJobs + counts.FailedJobs + counts.CancelledJobs < counts.TotalJobs)
        {
            return;
        }
        var final = BatchJob.FinalStatus(counts.CancelRequested, counts.SucceededJobs, counts.FailedJobs, counts.CancelledJobs);
        await db.BatchJobs
            .Where(batch => batch.Id == batchId)
            .Where(UnfinishedWork.Batch)
            .ExecuteUpdateAsync(update => update
                .SetProperty(batch => batch.Status, final)
                .SetProperty(batch => batch.FinishedAt, now), cancellationToken);
    }
}
