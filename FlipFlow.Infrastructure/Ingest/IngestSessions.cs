using FlipFlow.Domain.Common;
using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>Why an import from addresses, or an action on one, was refused, for the operator.</summary>
public sealed class IngestException(string message, Refusal reason = Refusal.Invalid) : Exception(message)
{
    public Refusal Reason { get; } = reason;
}

/// <summary>An import as it was queued: the session, and the lines of its list that were not queued.</summary>
public sealed record IngestStarted(IngestSession Session, IReadOnlyList<IngestLine> Duplicates, IReadOnlyList<IngestLine> Invalid);

/// <summary>One page of an import's addresses, with how many match the filter.</summary>
public sealed record IngestItemPage(IReadOnlyList<IngestItem> Items, int Total);

/// <summary>
/// Imports from addresses: one address or a list is written as a session with an item per distinct address, in one
/// transaction, and handed to the engine (<see cref="IngestEnqueuer"/>), each address its own job; then their status,
/// their rows, retry of the failed ones and cancel.
/// </summary>
public sealed class IngestSessions(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes,
    IngestEnqueuer enqueuer,
    TimeProvider clock)
{
    public const int MaxPriority = 10;

    /// <summary>Queues one address; refused when it is not an address FlipFlow fetches.</summary>
    public async Task<IngestSession> StartSingleAsync(string url, int priority, string user, CancellationToken cancellationToken = default)
    {
        var list = IngestAddresses.Parse(url ?? "");
        if (list.Addresses.Count != 1)
        {
            throw new IngestException(list.Invalid.FirstOrDefault()?.Error ?? "Give one address to import.");
        }
        var started = await CreateAsync(IngestKind.Single, list, null, priority, user, cancellationToken);
        await enqueuer.EnqueueItemsAsync(started.Session.Id, cancellationToken);
        return started.Session;
    }

    /// <summary>
    /// Queues every valid, distinct address of a list (<see cref="IngestAddresses"/>): a repeated address is fetched once,
    /// and a line that is no address is reported, not queued. Refused when the list has no address or more lines than a
    /// bulk import takes. The engine jobs are created in the background, so this returns at once.
    /// </summary>
    public async Task<IngestStarted> StartBulkAsync(IngestList list, string? fileName, int priority, string user,
        CancellationToken cancellationToken = default)
    {
        if (list.TooManyError is { } tooMany)
        {
            throw new IngestException(tooMany);
        }
        if (list.Addresses.Count == 0)
        {
            throw new IngestException(list.Invalid.Count > 0
                ? $"The list has no address FlipFlow can fetch: {list.Invalid.Count} line(s) are not one (line {list.Invalid[0].Row}: {list.Invalid[0].Error})"
                : "The list is empty: give one address per line.");
        }
        var started = await CreateAsync(IngestKind.Bulk, list, fileName, priority, user, cancellationToken);
        await enqueuer.RequestSessionAsync(started.Session.Id, cancellationToken);
        return started;
    }

    public async Task<IngestSession?> GetAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IngestSessions.AsNoTracking().FirstOrDefaultAsync(session => session.Id == sessionId, cancellationToken);
    }

    public async Task<IngestItem?> GetItemAsync(long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IngestItems.AsNoTracking().FirstOrDefaultAsync(item => item.Id == itemId, cancellationToken);
    }

    /// <summary>The imports, newest first, with the total.</summary>
    public async Task<(IReadOnlyList<IngestSession> Sessions, int Total)> ListAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.IngestSessions.CountAsync(cancellationToken);
        var sessions = await db.IngestSessions.AsNoTracking().OrderByDescending(session => session.Id).Skip(offset).Take(limit)
            .ToListAsync(cancellationToken);
        return (sessions, total);
    }

    /// <summary>An import's addresses in list order, those of one status when <paramref name="status"/> is given.</summary>
    public async Task<IngestItemPage> ItemsAsync(long sessionId, IngestItemStatus? status, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = db.IngestItems.AsNoTracking().Where(item => item.SessionId == sessionId);
        if (status is { } wanted)
        {
            items = items.Where(item => item.Status == wanted);
        }
        var total = await items.CountAsync(cancellationToken);
        var page = await items.OrderBy(item => item.Row).ThenBy(item => item.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return new IngestItemPage(page, total);
    }

    /// <summary>
    /// Queues again an import's failed addresses, or only <paramref name="itemId"/>: each starts again with a fresh count of
    /// attempts. Returns how many were queued; refused when there is no such import or address, or it has not failed.
    /// </summary>
    public async Task<int> RetryAsync(long sessionId, long? itemId, CancellationToken cancellationToken = default)
    {
        int retried;
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await RequireAsync(db, sessionId, itemId, cancellationToken);
            var failed = db.IngestItems.Where(item => item.SessionId == sessionId && item.Status == IngestItemStatus.Failed
                && (itemId == null || item.Id == itemId));
            retried = await failed.ExecuteUpdateAsync(update => update
                .SetProperty(item => item.Status, IngestItemStatus.Queued)
                .SetProperty(item => item.Attempts, 0)
                .SetProperty(item => item.BackgroundJobId, (string?)null)
                .SetProperty(item => item.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(item => item.FinishedAt, (DateTimeOffset?)null), cancellationToken);
            if (retried == 0)
            {
                throw new IngestException(itemId is { } one
                    ? $"Address {one} of import {sessionId} has not failed: only a failed address is tried again."
                    : $"Import {sessionId} has no failed address to try again.", Refusal.Conflict);
            }
            await IngestProgress.RetriedAsync(db, sessionId, retried, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await enqueuer.RequestSessionAsync(sessionId, cancellationToken);
        return retried;
    }

    /// <summary>
    /// Stops an import: its addresses not yet fetched fail as cancelled, and their jobs then run nothing. An address being
    /// fetched finishes. Returns how many were cancelled.
    /// </summary>
    public async Task<int> CancelAsync(long sessionId, string user, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireAsync(db, sessionId, null, cancellationToken);
        var now = clock.GetUtcNow();
        var cancelled = await db.IngestItems
            .Where(item => item.SessionId == sessionId && (item.Status == IngestItemStatus.Queued || item.Status == IngestItemStatus.Retrying))
            .ExecuteUpdateAsync(update => update
                .SetProperty(item => item.Status, IngestItemStatus.Failed)
                .SetProperty(item => item.Error, $"Cancelled by {user} before it was fetched.")
                .SetProperty(item => item.FinishedAt, now), cancellationToken);
        if (cancelled == 0)
        {
            throw new IngestException($"Import {sessionId} has no address waiting to be fetched.", Refusal.Conflict);
        }
        await IngestProgress.EndedAsync(db, sessionId, IngestItemStatus.Failed, cancelled, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return cancelled;
    }

    private async Task<IngestStarted> CreateAsync(IngestKind kind, IngestList list, string? fileName, int priority, string user,
        CancellationToken cancellationToken)
    {
        if (priority is < 0 or > MaxPriority)
        {
            throw new IngestException($"The priority is {priority}; it must be between 0 and {MaxPriority}.");
        }
        var session = new IngestSession
        {
            Kind = kind,
            Status = IngestStatus.Queued,
            Priority = priority,
            CreatedBy = user,
            CreatedAt = clock.GetUtcNow(),
            FileName = fileName is null ? null : Path.GetFileName(fileName)[..Math.Min(Path.GetFileName(fileName).Length, IngestSession.FileNameMaxLength)],
            Total = list.Addresses.Count,
            Duplicates = list.Duplicates.Count,
            Invalid = list.Invalid.Count,
        };
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.IngestSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.IngestItems.AddRange(list.Addresses.Select(line => new IngestItem
        {
            SessionId = session.Id,
            Row = line.Row,
            Url = line.Text,
            CanonicalUrl = line.Canonical!,
            Status = IngestItemStatus.Queued,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IngestStarted(session, list.Duplicates, list.Invalid);
    }

    private static async Task RequireAsync(FlipFlowDbContext db, long sessionId, long? itemId, CancellationToken cancellationToken)
    {
        if (!await db.IngestSessions.AnyAsync(session => session.Id == sessionId, cancellationToken))
        {
            throw new IngestException($"There is no import {sessionId}.", Refusal.NotFound);
        }
        if (itemId is { } one && !await db.IngestItems.AnyAsync(item => item.Id == one && item.SessionId == sessionId, cancellationToken))
        {
            throw new IngestException($"Import {sessionId} has no address {one}.", Refusal.NotFound);
        }
    }
}
