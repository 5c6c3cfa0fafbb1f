using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Skus;

/// <summary>
/// The SKUs seen, by how far they are mapped: to a card, proposed and waiting in review, or unmapped (no card was
/// proposed, or an operator rejected the proposal).
/// </summary>
public sealed record SkuMappingCounts(int Mapped, int InReview, int Unmapped)
{
    public int Total => Mapped + InReview + Unmapped;

    public static async Task<SkuMappingCounts> ReadAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.SkuMappings.AsNoTracking()
            .GroupBy(mapping => new { mapping.Status, Proposed = mapping.CardId != null })
            .Select(group => new { group.Key.Status, group.Key.Proposed, Count = group.Count() })
            .ToListAsync(cancellationToken);
        int Sum(Func<SkuMappingStatus, bool, bool> which) => counts.Where(count => which(count.Status, count.Proposed)).Sum(count => count.Count);
        return new SkuMappingCounts(
            Sum((status, _) => status == SkuMappingStatus.Mapped),
            Sum((status, proposed) => status == SkuMappingStatus.Review && proposed),
            Sum((status, proposed) => status == SkuMappingStatus.Rejected || (status == SkuMappingStatus.Review && !proposed)));
    }

    /// <summary>The unmapped SKUs, as <see cref="ReadAsync"/> counts them.</summary>
    public static IQueryable<SkuMapping> UnmappedOf(FlipFlowDbContext db) =>
        db.SkuMappings.AsNoTracking().Where(mapping => mapping.Status == SkuMappingStatus.Rejected || (mapping.Status == SkuMappingStatus.Review && mapping.CardId == null));
}
