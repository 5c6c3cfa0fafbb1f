using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Ingest;

/// <summary>
/// What an adapter read from one listing page. <see cref="Title"/>, <see cref="Price"/> and <see cref="Currency"/> are
/// what a market listing needs; the rest is kept when found. <see cref="ItemId"/> is the platform's own id (an eBay item
/// number, a shop's product id); without one, a listing is known by its canonical address.
/// </summary>
public sealed record PageListing(
    MarketPlatform Platform,
    string? ItemId,
    string? Title,
    decimal? Price,
    string? Currency,
    string? Condition,
    string? SellerText,
    IReadOnlyList<string> Images,
    MarketListingStatus? Status,
    string? Sku,
    string? CanonicalUrl)
{
    /// <summary>The fields an import looks for, in the order <see cref="Found"/> names them.</summary>
    public static readonly IReadOnlyList<string> Fields = ["id", "title", "price", "currency", "condition", "seller", "images", "availability"];

    /// <summary>The fields this page gave.</summary>
    public IReadOnlyList<string> Found =>
    [
        .. Fields.Where(name => name switch
        {
            "id" => !string.IsNullOrWhiteSpace(ItemId),
            "title" => !string.IsNullOrWhiteSpace(Title),
            "price" => Price is not null,
            "currency" => !string.IsNullOrWhiteSpace(Currency),
            "condition" => !string.IsNullOrWhiteSpace(Condition),
            "seller" => !string.IsNullOrWhiteSpace(SellerText),
            "images" => Images.Count > 0,
            "availability" => Status is not null,
            _ => false,
        }),
    ];

    /// <summary>The share of <see cref="Fields"/> found, 0-1.</summary>
    public double Quality => Math.Round((double)Found.Count / Fields.Count, 3);

    /// <summary>Why no market listing can be made of this page, or null when one can.</summary>
    public string? Unusable => (Title, Price, Currency) switch
    {
        (null or "", null, _) => "The page gives neither a title nor a price.",
        (null or "", _, _) => "The page gives no title.",
        (_, null, _) => "The page gives no price.",
        (_, < 0, _) => "The page gives a negative price.",
        (_, _, null or "") => "The page gives a price but no currency.",
        _ => null,
    };

    /// <summary>Whether the page lacks something an import looks for beyond what a listing needs: its seller or its images.</summary>
    public bool IsPartial => string.IsNullOrWhiteSpace(SellerText) || Images.Count == 0;
}

/// <summary>
/// What an adapter made of a page: a <see cref="PageListing"/>, or why it could not read one (<see cref="Failure"/>).
/// </summary>
public sealed record PageRead(PageListing? Listing, string? Failure)
{
    public static PageRead Read(PageListing listing) => new(listing, listing.Unusable);

    public static PageRead Failed(string reason) => new(null, reason);
}

/// <summary>
/// Reads listings from the pages of one kind of site, without I/O: the body and the address it came from in, a
/// <see cref="PageRead"/> out. A new <see cref="Version"/> is given whenever what it reads changes, and kept with each
/// listing it read as its provenance.
/// </summary>
public interface IListingPageAdapter
{
    /// <summary>A short stable name: "ebay-item", "shop".</summary>
    string Name { get; }

    int Version { get; }

    /// <summary>Whether this adapter reads pages at this address; the shop adapter reads any.</summary>
    bool Handles(Uri address);

    PageRead Read(Uri address, string body, string? mediaType);
}
