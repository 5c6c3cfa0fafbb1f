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
    /// <summary>One page of the mappings the filter lets through, most confident first; a filter with a problem is refused.</summary>
    public async Task<(IReadOnlyList<SkuMappingRow> Rows, int Total)> ListAsync(SkuMappingFilter filter, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        if (filter.Problems() is [var (_, problem), ..])
        {
            throw new SkuActionException(problem);
        }
        var (platform, status, min, max) = (filter.Platform, filter.Status, filter.MinConfidence, filter.MaxConfidence);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mappings = db.SkuMappings.AsNoTracking()
            .Where(mapping => platform == null || mapping.Platform == platform)
            .Where(mapping => status == null || mapping.Status == status)
            .Where(mapping => min == null || mapping.Confidence >= min)
            .Where(mapping => max == null || mapping.Confidence <= max);
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

    /// <summary>Approves every mapping in review that proposes a card with at least this confidence; returns how many.</summary>
    public async Task<int> ApproveAboveAsync(double threshold, MarketPlatform? platform, string user, CancellationToken cancellationToken = default)
    {
        if (threshold is < 0 or > 1)
        {
            throw new SkuActionException("The threshold is a confidence from 0 to 1.");
        }
        List<long> ids;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.SkuMappings.Where(mapping => mapping.Status == SkuMappingStatus.Review && mapping.CardId != null && mapping.Confidence >= threshold)
                .Where(mapping => platform == null || mapping.Platform == platform).Select(mapping => mapping.Id).ToListAsync(cancellationToken);
        }
        return ids.Count == 0 ? 0 : await ApproveAsync(ids, user, $"Approved with every mapping at {threshold:0.00} or more.", cancellationToken);
    }

    /// <summary>Maps the SKU to another card and treatment, as verified; the decision is kept as a change.</summary>
    public async Task ChangeAsync(long id, int cardId, string? treatment, string user, string? notes, CancellationToken cancellationToken = default)
    {
        if (Treatments.Problem(treatment) is { } problem)
        {
            throw new SkuActionException(problem);
        }
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mapping = await db.SkuMappings.FirstOrDefaultAsync(mapping => mapping.Id == id, cancellationToken)
            ?? throw new SkuActionException($"There is no SKU mapping {id}.", Refusal.NotFound);
        var card = await db.Cards.FirstOrDefaultAsync(card => card.Id == cardId, cancellationToken)
            ?? throw new SkuActionException($"There is no card {cardId}.", Refusal.NotFound);
        var now = clock.GetUtcNow();
        (mapping.CardId, mapping.Treatment, mapping.Status, mapping.Verified, mapping.Confidence) =
            (card.Id, treatment is { Length: > 0 } ? treatment : null, SkuMappingStatus.Mapped, true, 1);
        (mapping.VerifiedBy, mapping.VerifiedAt, mapping.Reason) = (user, now, $"Mapped to {card.Number} {card.Name} by {user}.");
        mapping.Notes = notes ?? mapping.Notes;
        db.SkuMappingDecisions.Add(new SkuMappingDecision
        {
            MappingId = id, Action = SkuDecisionAction.Changed, CardId = card.Id, Treatment = mapping.Treatment, DecidedBy = user, DecidedAt = now, Notes = notes,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every decision on a mapping, newest first, with the card chosen.</summary>
    public async Task<IReadOnlyList<(SkuMappingDecision Decision, Card? Card)>> HistoryAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from decision in db.SkuMappingDecisions.AsNoTracking().Where(decision => decision.MappingId == id)
            join card in db.Cards on decision.CardId equals card.Id into cards
            from card in cards.DefaultIfEmpty()
            orderby decision.Id descending
            select new { decision, card }).ToListAsync(cancellationToken);
        return [.. rows.Select(row => (row.decision, (Card?)row.card))];
    }

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
