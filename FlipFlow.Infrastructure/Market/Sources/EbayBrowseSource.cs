using System.Text.Json;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market.Sources;

/// <summary>
/// eBay's Browse API (<c>GET /buy/browse/v1/item_summary/search</c>): the active listings matching each catalogue
/// card, with the seller's username, feedback score and percentage. Every active listing found is returned, so a
/// listing it stops returning has ended.
/// </summary>
public sealed class EbayBrowseSource(HttpClient http, MarketSourceConnections connections, TimeProvider clock)
    : EbayBuySource(http, connections, clock)
{
    public const string ApplicationScope = "https://api.ebay.com/oauth/api_scope";

    public static MarketSourceDescriptor Descriptor { get; } = new(MarketSourceKind.EbayBrowse, "eBay Browse",
        Fields(categoryRequired: false, "Any keyset may read the Browse API with an application token."));

    public override MarketSourceKind Kind => MarketSourceKind.EbayBrowse;

    public override bool ListsActives => true;

    protected override string Scope => ApplicationScope;

    protected override string SearchPath => "/buy/browse/v1/item_summary/search";

    protected override string ResultsProperty => "itemSummaries";

    protected override ObservedListing? Read(JsonElement item, string currencyFallback)
    {
        var id = Text(item, "itemId");
        var title = Text(item, "title");
        var format = FormatOf(item);
        // An auction's price is its current bid when it has one.
        var price = (format == MarketListingFormat.Auction ? AmountOf(item, "currentBidPrice", currencyFallback) : null)
            ?? AmountOf(item, "price", currencyFallback)
            ?? AmountOf(item, "currentBidPrice", currencyFallback);
        if (id is null || title is null || price is not { } amount)
        {
            return null;
        }
        return new ObservedListing(MarketPlatform.Ebay, id, Text(item, "itemWebUrl"), title, format, MarketListingStatus.Active,
            amount.Value, amount.Currency, ShippingOf(item, amount.Currency), 1, null, SellerTextOf(item));
    }
}
