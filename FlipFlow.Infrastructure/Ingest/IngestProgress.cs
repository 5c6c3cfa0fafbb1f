using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// The only writer of an import's counters and status: addresses that start, end or are tried again change them here,
/// in the caller's transaction with the address's own change, and the status follows from the counts
/// (<see cref="IngestSession.StatusFor"/>).
/// </summary>
internal static class IngestProgress
{
    /// <summary>An address started: a queued import is now running.</summary>
    public static Task StartedAsync(FlipFlowDbContext db, long sessionId, CancellationToken cancellationToken) =>
        db.IngestSessions.Where(session => session.Id == sessionId && session.Status == IngestStatus.Queued)
            .ExecuteUpdateAsync(update => update.SetProperty(session => session.Status, IngestStatus.Running), cancellationToken);

    /// <summary>Counts <paramref name="count"/> addresses that ended with <paramref name="status"/>, and settles the import's status.</summary>
    public static async Task EndedAsync(FlipFlowDbContext db, long sessionId, IngestItemStatus status, int count, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sessions = db.IngestSessions.Where(session => session.Id == sessionId);
        _ = status switch
        {
            IngestItemStatus.Succeeded => await sessions.ExecuteUpdateAsync(update =>
                update.SetProperty(session => session.Succeeded, session => session.Succeeded + count), cancellationToken),
            IngestItemStatus.Partial => await sessions.ExecuteUpdateAsync(update =>
                update.SetProperty(session => session.Partial, session => session.Partial + count), cancellationToken),
            IngestItemStatus.Failed => await sessions.ExecuteUpdateAsync(update =>
                update.SetProperty(session => session.Failed, session => session.Failed + count), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only an end is counted."),
        };
        await SettleAsync(db, sessionId, now, cancellationToken);
    }

    /// <summary>Takes <paramref name="count"/> failed addresses off the count, queued again; the import runs again.</summary>
    public static async Task RetriedAsync(FlipFlowDbContext db, long sessionId, int count, CancellationToken cancellationToken)
    {
        await db.IngestSessions.Where(session => session.Id == sessionId).ExecuteUpdateAsync(update => update
            .SetProperty(session => session.Failed, session => session.Failed - count)
            .SetProperty(session => session.Status, IngestStatus.Running)
            .SetProperty(session => session.FinishedAt, (DateTimeOffset?)null), cancellationToken);
    }

    private static async Task SettleAsync(FlipFlowDbContext db, long sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await db.IngestSessions.AsNoTracking().Where(session => session.Id == sessionId)
            .Select(session => new { session.Status, session.Total, session.Succeeded, session.Partial, session.Failed })
            .FirstAsync(cancellationToken);
        var status = IngestSession.StatusFor(counts.Status, counts.Total, counts.Succeeded, counts.Partial, counts.Failed);
        var ended = status is IngestStatus.Complete or IngestStatus.Partial or IngestStatus.Failed;
        await db.IngestSessions.Where(session => session.Id == sessionId).ExecuteUpdateAsync(update => update
            .SetProperty(session => session.Status, status)
            .SetProperty(session => session.FinishedAt, ended ? now : null), cancellationToken);
    }
}
