using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Products;

namespace FlipFlow.Domain.Marketplaces;

/// <summary>
/// What FlipFlow asks of every marketplace. Each call either does what it says or throws a
/// <see cref="MarketplaceException"/> telling whether trying again may help. Marketplace-specific steps
/// (eBay's offers, Etsy's image uploads) live on the concrete clients.
/// </summary>
public interface IMarketplaceClient
{
    Marketplace Marketplace { get; }

    /// <summary>The live or draft listing for a SKU, if the marketplace has one: how a create step finds out it already happened.</summary>
    Task<RemoteListing?> FindBySkuAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The listing, or null when the marketplace does not know it.</summary>
    Task<RemoteListing?> GetListingAsync(string remoteId, CancellationToken cancellationToken);

    /// <summary>Ends a live listing. Ending one that has already ended is not an error.</summary>
    Task EndListingAsync(string remoteId, CancellationToken cancellationToken);

    /// <summary>Changes a live listing's title, description, price and quantity.</summary>
    Task<RemoteListing> UpdateListingAsync(string remoteId, ListingContent content, CancellationToken cancellationToken);

    /// <summary>Every active listing of the account, with its state: what a sync pulls.</summary>
    Task<IReadOnlyList<RemoteListing>> GetActiveListingsAsync(CancellationToken cancellationToken);
}

/// <summary>What a listing says: taken from its <see cref="Product"/> and sent to a marketplace.</summary>
public sealed record ListingContent(
    string Sku,
    string Title,
    string Description,
    ItemCondition Condition,
    decimal Price,
    string Currency,
    int Quantity,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> ItemSpecifics)
{
    public static ListingContent From(Product product) => new(
        product.Sku, product.Title, product.Description, product.Condition, product.Price, product.Currency,
        product.Quantity, product.Images, product.ItemSpecifics);
}

/// <summary>A listing as its marketplace reports it; lifetime views, impressions and watchers where it reports them.</summary>
public sealed record RemoteListing(
    string RemoteId,
    string Sku,
    ListingStatus Status,
    decimal Price,
    string Currency,
    int Quantity,
    string? Url,
    DateTimeOffset? ListedAt = null,
    DateTimeOffset? EndedAt = null,
    int? QuantitySold = null,
    int? Views = null,
    int? Impressions = null,
    int? Watchers = null);
