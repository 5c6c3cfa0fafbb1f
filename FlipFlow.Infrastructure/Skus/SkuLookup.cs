using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Skus;

/// <summary>
/// The mapping of every SKU one import meets, read once: the saved mapping when there is one (a verified mapping
/// always wins), else the resolver's answer as a new mapping, saved as mapped only when the resolver is sure. New and
/// re-resolved mappings wait in <see cref="TakeUnsaved"/> until the caller saves them with its batch.
/// </summary>
public sealed class SkuLookup(SkuResolver resolver, string createdBy, DateTimeOffset now)
{
    private const int KeysPerQuery = 500;

    private readonly Dictionary<(MarketPlatform, string), SkuMapping> mappings = [];
    private readonly List<SkuMapping> unsaved = [];
    private readonly Dictionary<(MarketPlatform, string), int> rowsSeen = [];

    /// <summary>SKUs FlipFlow had never met, each now a mapping: mapped, or sent to review.</summary>
    public List<SkuMapping> Created { get; } = [];

    /// <summary>Reads or resolves the mappings of the SKUs not met yet; a title is what the resolver may read when the SKU names no card.</summary>
    public async Task LoadAsync(FlipFlowDbContext db, IEnumerable<(MarketPlatform Platform, string Sku, string? Title)> wanted,
        CancellationToken cancellationToken)
    {
        var missing = wanted.Where(want => !mappings.ContainsKey((want.Platform, want.Sku)))
            .DistinctBy(want => (want.Platform, want.Sku)).ToList();
        foreach (var platform in missing.GroupBy(want => want.Platform))
        {
            foreach (var chunk in platform.Chunk(KeysPerQuery))
            {
                var skus = chunk.Select(want => want.Sku).ToList();
                var saved = await db.SkuMappings.AsNoTracking()
                    .Where(mapping => mapping.Platform == platform.Key && EF.Parameter(skus).Contains(mapping.ExternalSku))
                    .ToListAsync(cancellationToken);
                foreach (var mapping in saved)
                {
                    if (SkuMappingRules.ResolveAgain(mapping, SkuResolver.Version))
                    {
                        Apply(mapping, resolver.Resolve(mapping.Platform, mapping.ExternalSku, mapping.SampleTitle));
                        unsaved.Add(mapping);
                    }
                    mappings[(mapping.Platform, mapping.ExternalSku)] = mapping;
                }
            }
            foreach (var want in platform.Where(want => !mappings.ContainsKey((want.Platform, want.Sku))))
            {
                var mapping = new SkuMapping
                {
                    Platform = want.Platform,
                    ExternalSku = want.Sku,
                    SampleTitle = want.Title,
                    CreatedBy = createdBy,
                    CreatedAt = now,
                    Reason = "",
                    ResolverVersion = SkuResolver.Version,
                };
                Apply(mapping, resolver.Resolve(want.Platform, want.Sku, want.Title));
                mappings[(want.Platform, want.Sku)] = mapping;
                unsaved.Add(mapping);
                Created.Add(mapping);
            }
        }
    }

    /// <summary>The mapping of a SKU <see cref="LoadAsync"/> has met, counted as used by one more row.</summary>
    public SkuMapping Use(MarketPlatform platform, string sku)
    {
        var key = (platform, sku);
        rowsSeen[key] = rowsSeen.GetValueOrDefault(key) + 1;
        return mappings[key];
    }

    /// <summary>The mappings created or resolved again since the last call, to be saved.</summary>
    public IReadOnlyList<SkuMapping> TakeUnsaved()
    {
        var taken = unsaved.ToList();
        unsaved.Clear();
        return taken;
    }

    /// <summary>Adds the rows each saved mapping was used by to its count, in the caller's transaction.</summary>
    public async Task SaveRowsSeenAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        foreach (var ((platform, sku), rows) in rowsSeen)
        {
            await db.SkuMappings.Where(mapping => mapping.Platform == platform && mapping.ExternalSku == sku)
                .ExecuteUpdateAsync(update => update.SetProperty(mapping => mapping.RowsSeen, mapping => mapping.RowsSeen + rows), cancellationToken);
        }
        rowsSeen.Clear();
    }

    private static void Apply(SkuMapping mapping, SkuResolution resolution)
    {
        mapping.CardId = resolution.Card?.Id;
        mapping.RunnerUpCardId = resolution.RunnerUp?.Id;
        mapping.Treatment = resolution.Treatment;
        mapping.Confidence = resolution.Confidence;
        mapping.Status = SkuMappingRules.StatusOf(resolution);
        mapping.Reason = resolution.Reason;
        mapping.ResolverVersion = SkuResolver.Version;
    }
}
