namespace FlipFlow.Domain.Skus;

/// <summary>How a SKU is keyed, and when the resolver's answer becomes a mapping and when an operator's stands.</summary>
public static class SkuMappingRules
{
    /// <summary>SKUs are codes: "wotf-ex-1-nm" and " WOTF-EX-1-NM " are one SKU.</summary>
    public static string Key(string sku) => sku.Trim().ToUpperInvariant();

    /// <summary>A resolution is saved as mapped only when the resolver is sure; anything else waits for an operator.</summary>
    public static SkuMappingStatus StatusOf(SkuResolution resolution) =>
        resolution.Status == SkuStatus.Mapped ? SkuMappingStatus.Mapped : SkuMappingStatus.Review;

    /// <summary>
    /// Whether a saved mapping is asked of the resolver again: never once verified or decided by an operator, and an
    /// automatic one only when a newer resolver might decide it better.
    /// </summary>
    public static bool ResolveAgain(SkuMapping mapping, string resolverVersion) =>
        !mapping.Verified && mapping.Status != SkuMappingStatus.Rejected && mapping.ResolverVersion != resolverVersion;

    /// <summary>Whether rows with this SKU may be written to the inventory.</summary>
    public static bool Usable(SkuMapping mapping) => mapping.Status == SkuMappingStatus.Mapped && mapping.CardId is not null;
}
