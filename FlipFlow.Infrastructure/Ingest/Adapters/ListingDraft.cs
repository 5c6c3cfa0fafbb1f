using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// What one source on a page (JSON-LD, Open Graph, microdata, the page's own markup) gave, before the sources are put
/// together: a later, less exact source only fills what an earlier one left empty, never overwrites it.
/// </summary>
internal sealed class ListingDraft
{
    public string? ItemId { get; set; }
    public string? Title { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public string? Condition { get; set; }
    public string? SellerText { get; set; }
    public List<string> Images { get; set; } = [];
    public MarketListingStatus? Status { get; set; }
    public string? Sku { get; set; }
    public string? CanonicalUrl { get; set; }

    /// <summary>Whether this source gave neither a title nor a price: no listing to speak of.</summary>
    public bool IsEmpty => Title is null && Price is null;

    /// <summary>Fills each field still empty from <paramref name="later"/>; returns this draft.</summary>
    public ListingDraft FillFrom(ListingDraft? later)
    {
        if (later is null)
        {
            return this;
        }
        ItemId ??= later.ItemId;
        Title ??= later.Title;
        Price ??= later.Price;
        Currency ??= later.Currency;
        Condition ??= later.Condition;
        SellerText ??= later.SellerText;
        Status ??= later.Status;
        Sku ??= later.Sku;
        CanonicalUrl ??= later.CanonicalUrl;
        if (Images.Count == 0)
        {
            Images = [.. later.Images];
        }
        return this;
    }

    public PageListing ToListing(MarketPlatform platform) =>
        new(platform, ItemId, Title, Price, Currency, Condition, SellerText, Images, Status, Sku, CanonicalUrl);
}
