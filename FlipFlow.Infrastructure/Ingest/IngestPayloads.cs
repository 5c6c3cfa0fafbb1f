using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Fetching;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>What the kept payloads take: how many, their bytes, and the oldest.</summary>
public sealed record IngestPayloadUsage(int Count, long Bytes, int Truncated, DateTimeOffset? Oldest);

/// <summary>
/// The raw bodies of the pages imports fetched: each kept up to <see cref="IngestPayload.MaxBytes"/>, cut there and
/// flagged when larger, and deleted once older than <c>Ingestion:PayloadRetentionDays</c> by the
/// <c>ingest-payload-cleanup</c> job.
/// </summary>
public sealed class IngestPayloads(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    /// <summary>The payload as kept: the body cut at <see cref="IngestPayload.MaxBytes"/>.</summary>
    public static IngestPayload Of(long itemId, FetchedContent content, DateTimeOffset at) => new()
    {
        ItemId = itemId,
        Url = content.Address.AbsoluteUri[..Math.Min(content.Address.AbsoluteUri.Length, IngestItem.UrlMaxLength)],
        MediaType = content.MediaType,
        FetchedAt = at,
        OriginalBytes = content.Bytes.Length,
        Truncated = content.Bytes.Length > IngestPayload.MaxBytes,
        Body = content.Bytes.Length > IngestPayload.MaxBytes ? content.Bytes[..IngestPayload.MaxBytes] : content.Bytes,
    };

    public async Task KeepAsync(long itemId, FetchedContent content, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.IngestPayloads.Add(Of(itemId, content, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest payload of an address, if one is kept.</summary>
    public async Task<IngestPayload?> LatestAsync(long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IngestPayloads.AsNoTracking().Where(payload => payload.ItemId == itemId).OrderByDescending(payload => payload.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IngestPayloadUsage> UsageAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var usage = await db.IngestPayloads.GroupBy(_ => 1).Select(all => new
        {
            Count = all.Count(),
            Bytes = all.Sum(payload => (long)payload.Body.Length),
            Truncated = all.Count(payload => payload.Truncated),
        }).FirstOrDefaultAsync(cancellationToken);
        var oldest = await db.IngestPayloads.OrderBy(payload => payload.FetchedAt).Select(payload => (DateTimeOffset?)payload.FetchedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new IngestPayloadUsage(usage?.Count ?? 0, usage?.Bytes ?? 0, usage?.Truncated ?? 0, oldest);
    }

    /// <summary>Deletes the payloads fetched before <paramref name="before"/>; returns how many and their bytes.</summary>
    public async Task<(int Count, long Bytes)> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var old = db.IngestPayloads.Where(payload => payload.FetchedAt < before);
        var bytes = await old.SumAsync(payload => (long?)payload.Body.Length, cancellationToken) ?? 0;
        var count = await old.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (count, bytes);
    }
}
