using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Domain.Batches;

/// <summary>
/// What a marketplace job does, in words, as the engine's dashboard lists it:
/// "Publish WOTF-EX-143-NM to eBay · batch 12". The subject is the product's SKU, else the listing, else none.
/// </summary>
public static class MarketplaceJobTitle
{
    public static string For(MarketplaceOperation operation, Marketplace marketplace, long batchId, string? sku, long? listingId)
    {
        var subject = !string.IsNullOrWhiteSpace(sku) ? $" {sku}"
            : listingId is { } listing ? $" listing {listing}"
            : "";
        var preposition = operation switch
        {
            MarketplaceOperation.Publish or MarketplaceOperation.Relist => "to",
            MarketplaceOperation.Sync => "with",
            _ => "on",
        };
        return $"{operation}{subject} {preposition} {marketplace.DisplayName()} · batch {batchId}";
    }
}
