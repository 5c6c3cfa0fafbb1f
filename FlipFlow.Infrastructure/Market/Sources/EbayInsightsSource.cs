using System.Globalization;
using System.Net;
using System.Text.Json;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market.Sources;

/// <summary>
/// eBay's Marketplace Insights API (<c>GET /buy/marketplace_insights/v1_beta/item_sales/search</c>): items sold in
/// the last 90 days matching each catalogue card. It is a Limited Release API: an application keyset without it is
/// refused its scope (or the call, with a 403). The read is then skipped, not failed, and the connection says why.
/// </summary>
public sealed class EbayInsightsSource(HttpClient http, MarketSourceConnections connections, TimeProvider clock)
    : EbayBuySource(http, connections, clock)
{
    public const string InsightsScope = "https://api.ebay.com/oauth/api_scope/buy.marketplace.insights";

    public const string NoAccessNote =
        "This eBay account has no Marketplace Insights access: it is a Limited Release API that eBay grants to approved applications only. Sold items are not read until it does.";

    private readonly MarketSourceConnections connections = connections;

    public static MarketSourceDescriptor Descriptor { get; } = new(MarketSourceKind.EbayInsights, "eBay Marketplace Insights",
        Fields(categoryRequired: true, "The keyset must be granted Marketplace Insights (a Limited Release API) by eBay."));

    public override MarketSourceKind Kind => MarketSourceKind.EbayInsights;

    public override bool ListsActives => false;

    protected override string Scope => InsightsScope;

    protected override string SearchPath => "/buy/marketplace_insights/v1_beta/item_sales/search";

    protected override string ResultsProperty => "itemSales";

    /// <summary>A 403, or the token endpoint refusing the scope (invalid_scope, unauthorized_client): the keyset lacks access.</summary>
    protected override async Task<bool> OnRefusedAsync(EbayBuyException refused, CancellationToken cancellationToken)
    {
        var noAccess = refused.Status == HttpStatusCode.Forbidden
            || refused.Message.Contains("invalid_scope", StringComparison.Ordinal)
            || refused.Message.Contains("unauthorized_client", StringComparison.Ordinal);
        if (!noAccess)
        {
            return false;
        }
        await connections.SetAccessNoteAsync(Kind, NoAccessNote, cancellationToken);
        await connections.RecordCallAsync(Kind, null, cancellationToken);
        return true;
    }

    protected override ObservedListing? Read(JsonElement item, string currencyFallback)
    {
        var id = Text(item, "itemId");
        var title = Text(item, "title");
        if (id is null || title is null || AmountOf(item, "lastSoldPrice", currencyFallback) is not { } price)
        {
            return null;
        }
        DateTimeOffset? soldAt = Text(item, "lastSoldDate") is { } date
            && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        var quantity = item.TryGetProperty("totalSoldQuantity", out var sold) && sold.TryGetInt32(out var count) && count > 0 ? count : 1;
        return new ObservedListing(MarketPlatform.Ebay, id, Text(item, "itemWebUrl"), title, FormatOf(item), MarketListingStatus.Sold,
            price.Value, price.Currency, ShippingOf(item, price.Currency), quantity, soldAt, SellerTextOf(item));
    }
}
