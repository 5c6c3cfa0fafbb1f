using System.Globalization;
using System.Text.Json.Serialization;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Marketplaces.Ebay;

// The JSON shapes of eBay's Sell APIs that FlipFlow sends and reads, named as eBay names them (camelCase on the
// wire). Only the fields FlipFlow uses are declared; eBay's answers carry more, which are ignored.

/// <summary>An amount of money: eBay sends and takes the value as a string ("12.50").</summary>
public sealed record EbayAmount(string Value, string Currency)
{
    public static EbayAmount Of(decimal amount, string currency) =>
        new(decimal.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture), currency);

    [JsonIgnore]
    public decimal? Decimal => decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>Inventory API: the body of createOrReplaceInventoryItem (PUT /inventory_item/{sku}).</summary>
public sealed record EbayInventoryItem(EbayAvailability Availability, string Condition, EbayProduct Product);

public sealed record EbayAvailability(EbayShipToLocationAvailability ShipToLocationAvailability);

public sealed record EbayShipToLocationAvailability(int Quantity);

/// <summary>The product details of an inventory item. Aspects are item specifics, each name with a list of values.</summary>
public sealed record EbayProduct(
    string Title,
    string Description,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Aspects,
    IReadOnlyList<string> ImageUrls);

public sealed record EbayListingPolicies(string FulfillmentPolicyId, string PaymentPolicyId, string ReturnPolicyId);

public sealed record EbayPricingSummary(EbayAmount Price);

/// <summary>
/// Inventory API: an offer as FlipFlow creates it (createOffer, EbayOfferDetailsWithKeys) or replaces it
/// (updateOffer, EbayOfferDetailsWithId, which has no sku, marketplaceId or format: see <see cref="ForUpdate"/>).
/// </summary>
public sealed record EbayOfferDetails(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sku,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MarketplaceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Format,
    int AvailableQuantity,
    string CategoryId,
    EbayListingPolicies ListingPolicies,
    string MerchantLocationKey,
    EbayPricingSummary PricingSummary,
    string ListingDescription,
    string ListingDuration)
{
    public const string FixedPrice = "FIXED_PRICE";

    /// <summary>Fixed-price listings last until cancelled: eBay takes no other duration for them.</summary>
    public const string GoodTilCancelled = "GTC";

    /// <summary>updateOffer replaces the whole offer, but its body has no keys: those stay as created.</summary>
    public EbayOfferDetails ForUpdate() => this with { Sku = null, MarketplaceId = null, Format = null };
}

/// <summary>Everything a publish sends to eBay for one product, built once by the MapData step so every retry sends the same.</summary>
public sealed record EbayListingPayloads(string Sku, EbayInventoryItem InventoryItem, EbayOfferDetails Offer);

/// <summary>Inventory API: an offer as getOffer and getOffers return it (EbayOfferDetailsWithAll).</summary>
public sealed record EbayOffer(
    string OfferId,
    string Sku,
    string? MarketplaceId,
    string? Format,
    string? Status,
    int? AvailableQuantity,
    string? CategoryId,
    string? MerchantLocationKey,
    string? ListingDescription,
    EbayPricingSummary? PricingSummary,
    EbayListingPolicies? ListingPolicies,
    EbayListingDetails? Listing)
{
    public const string Published = "PUBLISHED";

    [JsonIgnore]
    public bool IsPublished => Status == Published;

    /// <summary>The eBay listing of a published offer; eBay returns no listing for an unpublished one.</summary>
    [JsonIgnore]
    public string? ListingId => IsPublished ? Listing?.ListingId : null;

    /// <summary>True when the offer already says what <paramref name="wanted"/> would make it say.</summary>
    public bool Matches(EbayOfferDetails wanted) =>
        AvailableQuantity == wanted.AvailableQuantity
        && CategoryId == wanted.CategoryId
        && MerchantLocationKey == wanted.MerchantLocationKey
        && ListingDescription == wanted.ListingDescription
        && ListingPolicies is { } policies
        && policies.FulfillmentPolicyId == wanted.ListingPolicies.FulfillmentPolicyId
        && policies.PaymentPolicyId == wanted.ListingPolicies.PaymentPolicyId
        && policies.ReturnPolicyId == wanted.ListingPolicies.ReturnPolicyId
        && PricingSummary?.Price is { } price
        && price.Currency == wanted.PricingSummary.Price.Currency
        && price.Decimal == wanted.PricingSummary.Price.Decimal;
}

/// <summary>The listing of a published offer: its id, status (ACTIVE, OUT_OF_STOCK, ENDED, EBAY_ENDED, INACTIVE) and sales.</summary>
public sealed record EbayListingDetails(string? ListingId, string? ListingStatus, int? SoldQuantity);

internal sealed record EbayOffersPage(List<EbayOffer>? Offers, int? Total, string? Next);

internal sealed record EbayOfferCreated(string? OfferId);

internal sealed record EbayPublished(string? ListingId);

internal sealed record EbayInventoryItemsPage(List<EbayInventoryItemKey>? InventoryItems, int? Total, string? Next);

internal sealed record EbayInventoryItemKey(string Sku);

/// <summary>Analytics API: how buyers saw one listing over a date range, as the traffic report gives it.</summary>
/// <param name="ClickThroughRate">CLICK_THROUGH_RATE as eBay reports it; 0 where eBay says the metric does not apply.</param>
public sealed record EbayListingTraffic(string ListingId, long Views, long Impressions, decimal ClickThroughRate);

/// <summary>Negotiation API: the offers eBay sent to the buyers interested in a listing.</summary>
public sealed record EbaySentOffers(IReadOnlyList<string> OfferIds)
{
    public int Count => OfferIds.Count;
}

internal sealed record EbayOfferedItem(string ListingId, EbayAmount Price, int Quantity);

/// <summary>
/// The body of sendOfferToInterestedBuyers. offerDuration is left out on purpose: eBay's reference says the
/// duration is now set per marketplace and suggests the container no longer be used.
/// </summary>
internal sealed record EbaySendOfferRequest(
    IReadOnlyList<EbayOfferedItem> OfferedItems,
    bool AllowCounterOffer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

internal sealed record EbaySendOfferResponse(List<EbayNegotiationOffer>? Offers);

internal sealed record EbayNegotiationOffer(string? OfferId, string? OfferStatus);

internal sealed record EbayEligibleItemsPage(List<EbayEligibleItem>? EligibleItems, int? Total, string? Next);

internal sealed record EbayEligibleItem(string ListingId);
