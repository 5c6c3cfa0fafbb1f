using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Marketplaces.Ebay;

/// <summary>
/// eBay's Sell APIs as FlipFlow uses them: the Inventory API (inventory items and offers; an offer published is
/// a listing), the Analytics API's traffic report and the Negotiation API's offers to interested buyers. Access
/// tokens come from the seller's refresh token (OAuth2 refresh-token grant); failures are read by
/// <see cref="RestMarketplaceClient"/>, with eBay's own error messages.
/// </summary>
/// <remarks>
/// eBay identifies an Inventory API listing by its offer, found by SKU; nothing in the Inventory API finds an offer
/// from a listing id. FlipFlow's listings know their product's SKU, so the handlers work by SKU. The
/// <see cref="IMarketplaceClient"/> members that get only a listing id (<see cref="GetListingAsync"/>,
/// <see cref="EndListingAsync"/>) page through every inventory item and its offers to find it: correct, but one
/// call per SKU. A withdrawn offer has no listing any more (eBay returns none for unpublished offers), so an ended
/// listing is not found by its id.
/// </remarks>
public sealed class EbayClient(HttpClient http, MarketplaceConnections connections, MarketplaceRateLimiter limiter, TimeProvider clock)
    : RestMarketplaceClient(http, connections, limiter, clock), IMarketplaceClient
{
    public const string ProductionBaseUrl = "https://api.ebay.com";
    public const string SandboxBaseUrl = "https://api.sandbox.ebay.com";

    /// <summary>sell.inventory covers the Inventory and Negotiation APIs; the traffic report needs sell.analytics.readonly.</summary>
    public const string Scopes = "https://api.ebay.com/oauth/api_scope/sell.inventory https://api.ebay.com/oauth/api_scope/sell.analytics.readonly";

    /// <summary>The traffic report takes at most this many listing ids per call.</summary>
    public const int TrafficListingsPerCall = 200;

    /// <summary>The traffic report covers at most 90 days.</summary>
    public const int TrafficMaxDays = 90;

    private const string Inventory = "/sell/inventory/v1";
    private const int InventoryPageSize = 200;

    /// <summary>The connection's field names, as stored in its settings and secrets.</summary>
    public static class Field
    {
        public const string ClientId = "ClientId";
        public const string ClientSecret = "ClientSecret";
        public const string RefreshToken = "RefreshToken";
        public const string ApiBaseUrl = "ApiBaseUrl";
        public const string AuthBaseUrl = "AuthBaseUrl";
        public const string MarketplaceId = "MarketplaceId";
        public const string ContentLanguage = "ContentLanguage";
        public const string MerchantLocationKey = "MerchantLocationKey";
        public const string FulfillmentPolicyId = "FulfillmentPolicyId";
        public const string PaymentPolicyId = "PaymentPolicyId";
        public const string ReturnPolicyId = "ReturnPolicyId";
        public const string CategoryId = "CategoryId";
    }

    /// <summary>
    /// What connecting eBay takes. The location, the three business policies and the category are required:
    /// eBay refuses to publish an offer without any of them, and asking at connect time beats failing every publish
    /// after its inventory item and offer were made. The category has no default on purpose: FlipFlow's products
    /// carry no eBay category, and a category picked here for the seller would put their goods in the wrong place
    /// on eBay without a word. The Admin chooses the leaf category their stock belongs in.
    /// </summary>
    public static MarketplaceDescriptor Descriptor { get; } = new(Marketplace.Ebay, NeedsCredentials: true,
    [
        new(Field.ClientId, "App ID (Client ID)", Secret: false, Required: true,
            Help: "Your application's App ID from the eBay developer portal's Application Keys page, for the same environment as the addresses below."),
        new(Field.ClientSecret, "Cert ID (Client Secret)", Secret: true, Required: true,
            Help: "The Cert ID shown next to the App ID. Stored encrypted and never shown again."),
        new(Field.RefreshToken, "Refresh token", Secret: true, Required: true,
            Help: "The seller's refresh token, from eBay's authorization code grant (developer portal, User Tokens) for the scopes sell.inventory and sell.analytics.readonly. It lasts 18 months: enter a new one before it expires."),
        new(Field.ApiBaseUrl, "API address", Secret: false, Required: true, Default: ProductionBaseUrl,
            Help: $"{ProductionBaseUrl} for production; {SandboxBaseUrl} for eBay's Sandbox."),
        new(Field.AuthBaseUrl, "OAuth address", Secret: false, Required: true, Default: ProductionBaseUrl,
            Help: $"Where access tokens are issued (/identity/v1/oauth2/token): {ProductionBaseUrl} for production; {SandboxBaseUrl} for the Sandbox."),
        new(Field.MarketplaceId, "eBay site", Secret: false, Required: true, Default: "EBAY_US",
            Help: "The marketplace listings go to: EBAY_US, EBAY_GB, EBAY_DE, EBAY_AU, EBAY_CA... Products are priced in their own currency, which must be the site's."),
        new(Field.ContentLanguage, "Listing language", Secret: false, Required: true, Default: "en-US",
            Help: "The language of titles and descriptions, sent as Content-Language: en-US for eBay US, en-GB for eBay UK, de-DE for eBay Germany."),
        new(Field.MerchantLocationKey, "Inventory location key", Secret: false, Required: true,
            Help: "The merchantLocationKey of the inventory location the stock ships from, as created in the seller's account (Inventory API createInventoryLocation)."),
        new(Field.FulfillmentPolicyId, "Shipping policy ID", Secret: false, Required: true,
            Help: "The fulfillment business policy every listing uses (Seller Hub, Business policies, or the Account API)."),
        new(Field.PaymentPolicyId, "Payment policy ID", Secret: false, Required: true,
            Help: "The payment business policy every listing uses."),
        new(Field.ReturnPolicyId, "Return policy ID", Secret: false, Required: true,
            Help: "The return business policy every listing uses."),
        new(Field.CategoryId, "Category ID", Secret: false, Required: true,
            Help: "The eBay leaf category listings go in, such as 183454 (CCG Individual Cards on eBay US). Look it up with eBay's Taxonomy API or Seller Hub."),
    ]);

    public override Marketplace Marketplace => Marketplace.Ebay;

    // ---- The shared REST client's questions ----

    protected override HttpRequestMessage CreateTokenRequest(MarketplaceCredentials credentials)
    {
        var clientId = Require(credentials.Setting(Field.ClientId), "App ID");
        var secret = Require(credentials.Secret(Field.ClientSecret), "Cert ID");
        var refreshToken = Require(credentials.Secret(Field.RefreshToken), "refresh token");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl(credentials, Field.AuthBaseUrl), "/identity/v1/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("scope", Scopes),
            ]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return request;
    }

    protected override Uri ApiBase(MarketplaceCredentials credentials) => BaseUrl(credentials, Field.ApiBaseUrl);

    /// <summary>
    /// Every call names the marketplace (the Negotiation API requires it; the others accept it), and a body goes
    /// with its language, which createOrReplaceInventoryItem, createOffer and updateOffer require.
    /// </summary>
    protected override void AddHeaders(HttpRequestMessage request, MarketplaceCredentials credentials)
    {
        request.Headers.TryAddWithoutValidation("X-EBAY-C-MARKETPLACE-ID", MarketplaceIdOf(credentials));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.Content is { } content && content.Headers.ContentLanguage.Count == 0)
        {
            content.Headers.ContentLanguage.Add(credentials.Setting(Field.ContentLanguage) ?? "en-US");
        }
    }

    /// <summary>
    /// eBay's REST errors: <c>{"errors":[{"errorId":25002,"message":"…","longMessage":"…"}]}</c>; its token
    /// endpoint's: <c>{"error":"invalid_grant","error_description":"…"}</c>.
    /// </summary>
    protected override string? ReadErrorMessage(string body) => ErrorMessageOf(body);

    /// <summary>eBay's words in an error response's body: each error's message and id, or the token endpoint's description.</summary>
    public static string? ErrorMessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray().Select(DescribeError).OfType<string>().ToList();
                if (messages.Count > 0)
                {
                    return string.Join("; ", messages);
                }
            }
            var error = Text(root, "error");
            var description = Text(root, "error_description");
            return description is not null ? (error is null ? description : $"{description} ({error})") : error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ---- Inventory API ----

    /// <summary>The inventory item and offer a product becomes on the connected site, with the connection's location, policies and category.</summary>
    public async Task<EbayListingPayloads> MapAsync(ListingContent content, CancellationToken cancellationToken)
    {
        var settings = await CredentialsAsync(cancellationToken);
        var inventoryItem = new EbayInventoryItem(
            new EbayAvailability(new EbayShipToLocationAvailability(content.Quantity)),
            ConditionOf(content.Condition),
            new EbayProduct(
                content.Title,
                content.Description,
                content.ItemSpecifics.Where(specific => specific.Value.Length > 0)
                    .ToDictionary(specific => specific.Key, IReadOnlyList<string> (specific) => [specific.Value]),
                content.Images));
        var offer = new EbayOfferDetails(
            content.Sku,
            MarketplaceIdOf(settings),
            EbayOfferDetails.FixedPrice,
            content.Quantity,
            Require(settings.Setting(Field.CategoryId), "category ID"),
            new EbayListingPolicies(
                Require(settings.Setting(Field.FulfillmentPolicyId), "shipping policy ID"),
                Require(settings.Setting(Field.PaymentPolicyId), "payment policy ID"),
                Require(settings.Setting(Field.ReturnPolicyId), "return policy ID")),
            Require(settings.Setting(Field.MerchantLocationKey), "inventory location key"),
            new EbayPricingSummary(EbayAmount.Of(content.Price, content.Currency)),
            content.Description,
            EbayOfferDetails.GoodTilCancelled);
        return new EbayListingPayloads(content.Sku, inventoryItem, offer);
    }

    /// <summary>createOrReplaceInventoryItem: the same SKU and body twice leave one inventory item, as it says.</summary>
    public Task PutInventoryItemAsync(string sku, EbayInventoryItem item, CancellationToken cancellationToken) =>
        SendOnlyAsync(HttpMethod.Put, $"{Inventory}/inventory_item/{Escape(sku)}", item, cancellationToken);

    /// <summary>getOffers: every offer of the SKU (eBay answers 404 when there is none).</summary>
    public async Task<IReadOnlyList<EbayOffer>> GetOffersAsync(string sku, CancellationToken cancellationToken) =>
        (await SendJsonAsync<EbayOffersPage>(HttpMethod.Get, $"{Inventory}/offer?sku={Escape(sku)}", null, cancellationToken,
            notFoundIsNull: true))?.Offers ?? [];

    /// <summary>The SKU's fixed-price offer on the connected site, published first, or null.</summary>
    public async Task<EbayOffer?> FindOfferAsync(string sku, CancellationToken cancellationToken)
    {
        var marketplaceId = MarketplaceIdOf(await CredentialsAsync(cancellationToken));
        return (await GetOffersAsync(sku, cancellationToken))
            .Where(offer => (offer.Format ?? EbayOfferDetails.FixedPrice) == EbayOfferDetails.FixedPrice
                && (offer.MarketplaceId ?? marketplaceId) == marketplaceId)
            .OrderByDescending(offer => offer.IsPublished)
            .FirstOrDefault();
    }

    public Task<EbayOffer?> GetOfferAsync(string offerId, CancellationToken cancellationToken) =>
        SendJsonAsync<EbayOffer>(HttpMethod.Get, $"{Inventory}/offer/{Escape(offerId)}", null, cancellationToken, notFoundIsNull: true);

    /// <summary>createOffer: returns the new offer's id.</summary>
    public async Task<string> CreateOfferAsync(EbayOfferDetails offer, CancellationToken cancellationToken) =>
        (await SendJsonAsync<EbayOfferCreated>(HttpMethod.Post, $"{Inventory}/offer", offer, cancellationToken))?.OfferId
        ?? throw new PermanentMarketplaceException(Marketplace, "eBay answered createOffer without an offerId.");

    /// <summary>updateOffer: replaces the offer (a published one's listing is revised with it).</summary>
    public Task UpdateOfferAsync(string offerId, EbayOfferDetails offer, CancellationToken cancellationToken) =>
        SendOnlyAsync(HttpMethod.Put, $"{Inventory}/offer/{Escape(offerId)}", offer.ForUpdate(), cancellationToken);

    /// <summary>publishOffer: makes the offer a live listing and returns the listing's id.</summary>
    public async Task<string> PublishOfferAsync(string offerId, CancellationToken cancellationToken) =>
        (await SendJsonAsync<EbayPublished>(HttpMethod.Post, $"{Inventory}/offer/{Escape(offerId)}/publish/", null, cancellationToken))?.ListingId
        ?? throw new PermanentMarketplaceException(Marketplace, $"eBay answered publishOffer for offer {offerId} without a listingId.");

    /// <summary>withdrawOffer: ends the offer's listing; the offer stays, unpublished, and can be published again.</summary>
    public Task WithdrawOfferAsync(string offerId, CancellationToken cancellationToken) =>
        SendOnlyAsync(HttpMethod.Post, $"{Inventory}/offer/{Escape(offerId)}/withdraw", null, cancellationToken);

    /// <summary>
    /// Withdraws the offer if it is still published; true when this call ended it. An offer found unpublished, or
    /// one eBay refuses to withdraw because it has meanwhile been withdrawn, is not an error.
    /// </summary>
    public async Task<bool> EndOfferAsync(EbayOffer offer, CancellationToken cancellationToken)
    {
        if (!offer.IsPublished)
        {
            return false;
        }
        try
        {
            await WithdrawOfferAsync(offer.OfferId, cancellationToken);
            return true;
        }
        catch (PermanentMarketplaceException)
        {
            if (await GetOfferAsync(offer.OfferId, cancellationToken) is { IsPublished: true })
            {
                throw;
            }
            return false;
        }
    }

    /// <summary>Where buyers see a listing: eBay's view-item page, on the Sandbox's site when connected to the Sandbox.</summary>
    public async Task<string> ViewItemUrlAsync(string listingId, CancellationToken cancellationToken) =>
        ViewItemUrl(await CredentialsAsync(cancellationToken), listingId);

    /// <summary>A published offer as a listing, with its view-item address; a draft (unpublished) offer as a Draft named "offer:{offerId}".</summary>
    public async Task<RemoteListing> ToRemoteAsync(EbayOffer offer, CancellationToken cancellationToken)
    {
        var settings = await CredentialsAsync(cancellationToken);
        var price = offer.PricingSummary?.Price;
        var listingId = offer.ListingId;
        return new RemoteListing(
            listingId ?? DraftIdOf(offer.OfferId),
            offer.Sku,
            StatusOf(offer),
            price?.Decimal ?? 0,
            price?.Currency ?? "",
            offer.AvailableQuantity ?? 0,
            listingId is null ? null : ViewItemUrl(settings, listingId),
            QuantitySold: offer.Listing?.SoldQuantity);
    }

    /// <summary>The remote id FlipFlow gives an offer that has no listing yet.</summary>
    public static string DraftIdOf(string offerId) => $"offer:{offerId}";

    // ---- IMarketplaceClient ----

    public async Task<RemoteListing?> FindBySkuAsync(string sku, CancellationToken cancellationToken) =>
        await FindOfferAsync(sku, cancellationToken) is { } offer ? await ToRemoteAsync(offer, cancellationToken) : null;

    /// <summary>A listing by its eBay listing id (or a draft by "offer:{offerId}"). See the remarks on the class for the cost.</summary>
    public async Task<RemoteListing?> GetListingAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (remoteId.StartsWith("offer:", StringComparison.Ordinal))
        {
            return await GetOfferAsync(remoteId["offer:".Length..], cancellationToken) is { } draft ? await ToRemoteAsync(draft, cancellationToken) : null;
        }
        return await FindOfferByListingIdAsync(remoteId, cancellationToken) is { } offer ? await ToRemoteAsync(offer, cancellationToken) : null;
    }

    /// <summary>Withdraws the offer whose listing this is; a listing eBay no longer shows as published has already ended.</summary>
    public async Task EndListingAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (await FindOfferByListingIdAsync(remoteId, cancellationToken) is { } offer)
        {
            await EndOfferAsync(offer, cancellationToken);
        }
    }

    /// <summary>Replaces the SKU's inventory item and, if it differs, its offer; the listing must be the SKU's live one.</summary>
    public async Task<RemoteListing> UpdateListingAsync(string remoteId, ListingContent content, CancellationToken cancellationToken)
    {
        var offer = await FindOfferAsync(content.Sku, cancellationToken);
        if (offer is null || offer.ListingId != remoteId)
        {
            throw new PermanentMarketplaceException(Marketplace,
                $"eBay has no live listing {remoteId} for SKU {content.Sku}{(offer?.ListingId is { } other ? $" (its live listing is {other})" : "")}.");
        }
        var payloads = await MapAsync(content, cancellationToken);
        await PutInventoryItemAsync(content.Sku, payloads.InventoryItem, cancellationToken);
        if (!offer.Matches(payloads.Offer))
        {
            await UpdateOfferAsync(offer.OfferId, payloads.Offer, cancellationToken);
        }
        var updated = await GetOfferAsync(offer.OfferId, cancellationToken) ?? offer;
        return await ToRemoteAsync(updated, cancellationToken);
    }

    /// <summary>
    /// Every listing still up on eBay: each inventory item's published offer whose listing has not ended, the sold-out
    /// ones (OUT_OF_STOCK, reported as Sold) included.
    /// </summary>
    public async Task<IReadOnlyList<RemoteListing>> GetActiveListingsAsync(CancellationToken cancellationToken)
    {
        var active = new List<RemoteListing>();
        await foreach (var offer in AllOffersAsync(cancellationToken))
        {
            var remote = await ToRemoteAsync(offer, cancellationToken);
            if (remote.Status is ListingStatus.Active or ListingStatus.Sold)
            {
                active.Add(remote);
            }
        }
        return active;
    }

    /// <summary>getInventoryItems, page by page (its offset is a page number), and getOffers for each SKU.</summary>
    private async IAsyncEnumerable<EbayOffer> AllOffersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var items = await SendJsonAsync<EbayInventoryItemsPage>(HttpMethod.Get,
                $"{Inventory}/inventory_item?limit={InventoryPageSize}&offset={page}", null, cancellationToken, notFoundIsNull: true);
            foreach (var item in items?.InventoryItems ?? [])
            {
                if (await FindOfferAsync(item.Sku, cancellationToken) is { } offer)
                {
                    yield return offer;
                }
            }
            if (items?.Next is null || items.InventoryItems is not { Count: > 0 })
            {
                yield break;
            }
        }
    }

    private async Task<EbayOffer?> FindOfferByListingIdAsync(string listingId, CancellationToken cancellationToken)
    {
        await foreach (var offer in AllOffersAsync(cancellationToken))
        {
            if (offer.ListingId == listingId)
            {
                return offer;
            }
        }
        return null;
    }

    // ---- Analytics API ----

    /// <summary>
    /// getTrafficReport by listing: views, impressions and click-through rate of each listing from
    /// <paramref name="from"/> to <paramref name="to"/> (days as eBay counts them, in America/Los_Angeles), at most
    /// <see cref="TrafficMaxDays"/> days. Listings are asked <see cref="TrafficListingsPerCall"/> at a time.
    /// </summary>
    public async Task<IReadOnlyList<EbayListingTraffic>> GetTrafficAsync(IReadOnlyCollection<string> listingIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException($"The report cannot end ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }
        if (to.DayNumber - from.DayNumber + 1 > TrafficMaxDays)
        {
            throw new ArgumentException($"eBay's traffic report covers at most {TrafficMaxDays} days; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is longer.", nameof(to));
        }
        var marketplaceId = MarketplaceIdOf(await CredentialsAsync(cancellationToken));
        var traffic = new List<EbayListingTraffic>();
        foreach (var chunk in listingIds.Where(id => id.Length > 0).Distinct().Chunk(TrafficListingsPerCall))
        {
            var filter = $"marketplace_ids:{{{marketplaceId}}},date_range:[{from:yyyyMMdd}..{to:yyyyMMdd}],listing_ids:{{{string.Join('|', chunk)}}}";
            var path = "/sell/analytics/v1/traffic_report?dimension=LISTING"
                + $"&filter={Uri.EscapeDataString(filter)}"
                + $"&metric={Uri.EscapeDataString("LISTING_VIEWS_TOTAL,LISTING_IMPRESSION_TOTAL,CLICK_THROUGH_RATE")}";
            var report = await SendJsonAsync<JsonElement>(HttpMethod.Get, path, null, cancellationToken);
            traffic.AddRange(ReadTrafficReport(report));
        }
        return traffic;
    }

    /// <summary>
    /// A traffic report by listing: <c>header.metrics</c> names the metrics in the order each record's
    /// <c>metricValues</c> gives them; <c>dimensionValues[0]</c> is the listing id. A value eBay marks not
    /// applicable counts as 0.
    /// </summary>
    public static IReadOnlyList<EbayListingTraffic> ReadTrafficReport(JsonElement report)
    {
        if (report.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var metrics = report.TryGetProperty("header", out var header) && header.TryGetProperty("metrics", out var keys)
            && keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray().Select(key => Text(key, "key") ?? "").ToList()
            : [];
        if (!report.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var traffic = new List<EbayListingTraffic>();
        foreach (var record in records.EnumerateArray())
        {
            var listingId = record.TryGetProperty("dimensionValues", out var dimensions) && dimensions.ValueKind == JsonValueKind.Array
                ? dimensions.EnumerateArray().Select(NumberOrText).FirstOrDefault()
                : null;
            if (listingId is null)
            {
                continue;
            }
            var values = record.TryGetProperty("metricValues", out var metricValues) && metricValues.ValueKind == JsonValueKind.Array
                ? metricValues.EnumerateArray().ToList()
                : [];
            decimal Metric(string key)
            {
                var index = metrics.IndexOf(key);
                return index >= 0 && index < values.Count ? DecimalOf(values[index]) : 0;
            }
            traffic.Add(new EbayListingTraffic(listingId, (long)Metric("LISTING_VIEWS_TOTAL"), (long)Metric("LISTING_IMPRESSION_TOTAL"),
                Metric("CLICK_THROUGH_RATE")));
        }
        return traffic;
    }

    // ---- Negotiation API ----

    /// <summary>findEligibleItems: the live listings with buyers who showed interest (watchers, abandoned carts).</summary>
    public async Task<IReadOnlyList<string>> FindEligibleItemsAsync(CancellationToken cancellationToken)
    {
        const int pageSize = 200;
        var listingIds = new List<string>();
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await SendJsonAsync<EbayEligibleItemsPage>(HttpMethod.Get,
                $"/sell/negotiation/v1/find_eligible_items?limit={pageSize}&offset={offset}", null, cancellationToken, notFoundIsNull: true);
            listingIds.AddRange((page?.EligibleItems ?? []).Select(item => item.ListingId).Where(id => id is { Length: > 0 }));
            if (page?.Next is null || page.EligibleItems is not { Count: > 0 })
            {
                return listingIds;
            }
        }
    }

    /// <summary>
    /// sendOfferToInterestedBuyers: offers the listing at <paramref name="price"/> to every interested buyer, without
    /// counter-offers (eBay does not support them here), for one item each; returns the offers eBay created, one
    /// per buyer.
    /// </summary>
    public async Task<EbaySentOffers> SendOfferToInterestedBuyersAsync(string listingId, decimal price, string currency, string? message,
        CancellationToken cancellationToken)
    {
        if (price <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "An offer's price must be above zero.");
        }
        if (message is { Length: > 2000 })
        {
            throw new ArgumentException("eBay takes at most 2,000 characters of message with an offer.", nameof(message));
        }
        var request = new EbaySendOfferRequest([new EbayOfferedItem(listingId, EbayAmount.Of(price, currency), Quantity: 1)],
            AllowCounterOffer: false, string.IsNullOrWhiteSpace(message) ? null : message.Trim());
        var response = await SendJsonAsync<EbaySendOfferResponse>(HttpMethod.Post, "/sell/negotiation/v1/send_offer_to_interested_buyers",
            request, cancellationToken);
        return new EbaySentOffers((response?.Offers ?? []).Select(offer => offer.OfferId).OfType<string>().ToList());
    }

    // ---- Helpers ----

    /// <summary>
    /// eBay's ConditionEnum for FlipFlow's conditions (the used grades are the USED_* values). Which conditions a
    /// category takes varies: eBay refuses the publish, in its own words, when the category's list lacks this one.
    /// </summary>
    public static string ConditionOf(ItemCondition condition) => condition switch
    {
        ItemCondition.New => "NEW",
        ItemCondition.LikeNew => "LIKE_NEW",
        ItemCondition.VeryGood => "USED_VERY_GOOD",
        ItemCondition.Good => "USED_GOOD",
        ItemCondition.Acceptable => "USED_ACCEPTABLE",
        ItemCondition.ForParts => "FOR_PARTS_OR_NOT_WORKING",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };

    /// <summary>
    /// OUT_OF_STOCK (all sold, kept by out-of-stock control) counts as Sold; ENDED, EBAY_ENDED and INACTIVE as Ended;
    /// a published offer otherwise as Active; an unpublished one (never published, or withdrawn) as Draft.
    /// </summary>
    public static ListingStatus StatusOf(EbayOffer offer) => offer.IsPublished
        ? offer.Listing?.ListingStatus switch
        {
            "OUT_OF_STOCK" => ListingStatus.Sold,
            "ENDED" or "EBAY_ENDED" or "INACTIVE" => ListingStatus.Ended,
            _ => ListingStatus.Active,
        }
        : ListingStatus.Draft;

    /// <summary>A call whose answer FlipFlow does not need (eBay's warnings, if any): only its success matters.</summary>
    private async Task SendOnlyAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path,
            body is null ? null : System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: Json), cancellationToken);
    }

    private static string MarketplaceIdOf(MarketplaceCredentials credentials) => credentials.Setting(Field.MarketplaceId) ?? "EBAY_US";

    private static string ViewItemUrl(MarketplaceCredentials credentials, string listingId) =>
        BaseUrl(credentials, Field.ApiBaseUrl).Host.Contains("sandbox", StringComparison.OrdinalIgnoreCase)
            ? $"https://sandbox.ebay.com/itm/{listingId}"
            : $"https://www.ebay.com/itm/{listingId}";

    private static Uri BaseUrl(MarketplaceCredentials credentials, string field)
    {
        var text = credentials.Setting(field) ?? ProductionBaseUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new PermanentMarketplaceException(Marketplace.Ebay, $"eBay's {field} '{text}' is not a web address: correct it on the Marketplaces page.");
    }

    private static string Require(string? value, string what) => value
        ?? throw new PermanentMarketplaceException(Marketplace.Ebay, $"eBay's {what} is not set: an Admin enters it on the Marketplaces page.");

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string? DescribeError(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var message = Text(error, "message") ?? Text(error, "longMessage");
        if (message is null)
        {
            return null;
        }
        return error.TryGetProperty("errorId", out var id) && id.ValueKind == JsonValueKind.Number
            ? $"{message} (eBay error {id.GetRawText()})"
            : message;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>A report value's <c>value</c>, whether eBay gives it as a number or a string.</summary>
    private static string? NumberOrText(JsonElement cell) =>
        cell.ValueKind == JsonValueKind.Object && cell.TryGetProperty("value", out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static decimal DecimalOf(JsonElement cell) =>
        cell.ValueKind == JsonValueKind.Object && cell.TryGetProperty("applicable", out var applicable) && applicable.ValueKind == JsonValueKind.False
            ? 0
            : decimal.TryParse(NumberOrText(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : 0;
}
