using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Skus;

/// <summary>A SKU mapping as the review queue shows it, with its proposed card and the runner-up.</summary>
public sealed record SkuMappingRow(long Id, MarketPlatform Platform, string Sku, SkuMappingStatus Status, bool Verified, double Confidence,
    Card? Card, string? Treatment, Card? RunnerUp, string Reason, int RowsSeen, string? SampleTitle, string CreatedBy, DateTimeOffset CreatedAt,
    string? VerifiedBy, DateTimeOffset? VerifiedAt);

/// <summary>
/// The SKU review queue: the mappings the resolver was not sure of, most confident first, and the operator's decisions
/// on them. Every decision is kept with who made it and when; an approved or rejected mapping is verified, and a
/// verified mapping is never resolved again.
/// </summary>
public sealed class SkuReview(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    public async Task<(IReadOnlyList<SkuMappingRow> Rows, int Total)> ListAsync(MarketPlatform? platform, SkuMappingStatus? status, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mappings = db.SkuMappings.AsNoTracking()
            .Where(mapping => platform == null || mapping.Platform == platform)
            .Where(mapping => status == null || mapping.Status == status);
        var total = await mappings.CountAsync(cancellationToken);
        var rows = await (
            from mapping in mappings.OrderByDescending(mapping => mapping.Confidence).ThenBy(mapping => mapping.Id).Skip(page * pageSize).Take(pageSize)
            join card in db.Cards on mapping.CardId equals card.Id into cards
            from card in cards.DefaultIfEmpty()
            join rival in db.Cards on mapping.RunnerUpCardId equals rival.Id into rivals
            from rival in rivals.DefaultIfEmpty()
            select new { mapping, card, rival }).ToListAsync(cancellationToken);
        return (rows.OrderByDescending(row => row.mapping.Confidence).ThenBy(row => row.mapping.Id).Select(row => new SkuMappingRow(row.mapping.Id,
            row.mapping.Platform, row.mapping.ExternalSku, row.mapping.Status, row.mapping.Verified, row.mapping.Confidence, row.card, row.mapping.Treatment,
            row.rival, row.mapping.Reason, row.mapping.RowsSeen, row.mapping.SampleTitle, row.mapping.CreatedBy, row.mapping.CreatedAt,
            row.mapping.VerifiedBy, row.mapping.VerifiedAt)).ToList(), total);
    }

    /// <summary>Approves each mapping's proposed card and treatment; a mapping without a card cannot be approved. All or none.</summary>
    public Task<int> ApproveAsync(IReadOnlyCollection<long> ids, string user, string? notes, CancellationToken cancellationToken = default) =>
        DecideAsync(ids, user, notes, SkuDecisionAction.Approved, cancellationToken);

    /// <summary>Rejects each mapping: rows with its SKU are held until an operator maps it to a card. All or none.</summary>
    public Task<int> RejectAsync(IReadOnlyCollection<long> ids, string user, string? notes, CancellationToken cancellationToken = default) =>
        DecideAsync(ids, user, notes, SkuDecisionAction.Rejected, cancellationToken);

    private async Task<int> DecideAsync(IReadOnlyCollection<long> ids, string user, string? notes, SkuDecisionAction action, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            throw new SkuActionException("Name at least one mapping by its id.");
        }
        if (notes?.Length > SkuMapping.NotesMaxLength)
        {
            throw new SkuActionException($"Notes may be {SkuMapping.NotesMaxLength} characters at most.");
        }
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mappings = await db.SkuMappings.Where(mapping => ids.Contains(mapping.Id)).ToListAsync(cancellationToken);
        if (ids.Except(mappings.Select(mapping => mapping.Id)).ToList() is { Count: > 0 } missing)
        {
            throw new SkuActionException($"There is no SKU mapping {string.Join(", ", missing)}.", Refusal.NotFound);
        }
        var now = clock.GetUtcNow();
        foreach (var mapping in mappings)
        {
            if (action == SkuDecisionAction.Approved && mapping.CardId is null)
            {
                throw new SkuActionException($"Mapping {mapping.Id} ({mapping.ExternalSku}) proposes no card to approve; choose its card instead.");
            }
            mapping.Status = action == SkuDecisionAction.Approved ? SkuMappingStatus.Mapped : SkuMappingStatus.Rejected;
            mapping.Verified = true;
            mapping.VerifiedBy = user;
            mapping.VerifiedAt = now;
            mapping.Confidence = action == SkuDecisionAction.Approved ? 1 : mapping.Confidence;
            mapping.Reason = $"{action} by {user}.";
            mapping.Notes = notes ?? mapping.Notes;
            db.SkuMappingDecisions.Add(new SkuMappingDecision
            {
                MappingId = mapping.Id,
                Action = action,
                CardId = mapping.CardId,
                Treatment = mapping.Treatment,
                DecidedBy = user,
                DecidedAt = now,
                Notes = notes,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return mappings.Count;
    }
}

/// <summary>Why a decision on a SKU mapping was refused.</summary>
public sealed class SkuActionException(string message, Refusal reason = Refusal.Invalid) : Exception(message)
{
    public Refusal Reason { get; } = reason;
}
