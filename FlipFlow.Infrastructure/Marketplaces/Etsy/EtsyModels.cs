using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Marketplaces.Etsy;

/// <summary>
/// What a new Etsy listing is made of: the product's content and the shop's settings (category, shipping and
/// processing profiles, who made it and when), frozen by the MapData step so every retry sends the same.
/// </summary>
public sealed record EtsyListingDraft(
    string Sku,
    string Title,
    string Description,
    decimal Price,
    string Currency,
    int Quantity,
    IReadOnlyList<string> Images,
    long TaxonomyId,
    long ShippingProfileId,
    long ReadinessStateId,
    long? ReturnPolicyId,
    string WhoMade,
    string WhenMade,
    bool IsSupply);

/// <summary>The connection's listing settings, read when a job maps its product.</summary>
public sealed record EtsyListingSettings(
    long ShopId,
    long TaxonomyId,
    long ShippingProfileId,
    long ReadinessStateId,
    long? ReturnPolicyId,
    string WhoMade,
    string WhenMade);

/// <summary>A listing as Etsy's getListing and getListingsByShop describe it (ShopListing), with its raw state.</summary>
public sealed record EtsyListing(
    long ListingId,
    string State,
    string Title,
    string Description,
    decimal Price,
    string Currency,
    int Quantity,
    IReadOnlyList<string> Skus,
    string? Url,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StateChangedAt)
{
    public string RemoteId => ListingId.ToString(CultureInfo.InvariantCulture);

    public ListingStatus Status => StatusOf(State);

    /// <summary>The listing's page: Etsy's url, or the address Etsy gives every listing.</summary>
    public string PageUrl => Url ?? $"https://www.etsy.com/listing/{RemoteId}";

    public RemoteListing ToRemote() => new(
        RemoteId, Skus.FirstOrDefault() ?? "", Status, Price, Currency, Quantity, PageUrl, CreatedAt,
        Status is ListingStatus.Ended or ListingStatus.Sold ? StateChangedAt : null);

    /// <summary>
    /// Etsy's listing states in FlipFlow's words: active is live; draft and edit are not yet (or not now) shown;
    /// sold_out has sold its quantity; inactive (deactivated), expired (not renewed) and removed have ended.
    /// </summary>
    public static ListingStatus StatusOf(string state) => state switch
    {
        "active" => ListingStatus.Active,
        "draft" or "edit" => ListingStatus.Draft,
        "sold_out" => ListingStatus.Sold,
        _ => ListingStatus.Ended,
    };
}

/// <summary>A listing image (ListingImage): its id and its place among the listing's images, 1 first.</summary>
public sealed record EtsyListingImage(long ListingImageId, int Rank, string? Url);

/// <summary>A listing's one product, from getListingInventory: what FlipFlow sets through updateListingInventory.</summary>
public sealed record EtsyInventory(int Products, string? Sku, decimal? Price, int? Quantity, long? ReadinessStateId);
