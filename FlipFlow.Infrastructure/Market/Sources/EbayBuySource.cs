using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;

namespace FlipFlow.Infrastructure.Market.Sources;

/// <summary>eBay refused a call: its status and eBay's own words.</summary>
public sealed class EbayBuyException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// What eBay's Buy APIs (Browse, Marketplace Insights) share as FlipFlow reads them: an application access token from
/// the client credentials grant (no seller needed), the marketplace header, a search per catalogue card paged by
/// offset, and eBay's item summary fields read into an <see cref="ObservedListing"/>.
/// </summary>
/// <remarks>
/// Each eBay source has its own connection (App ID and Cert ID) rather than borrowing the eBay marketplace
/// connection's: that one needs a seller's refresh token, policies and a location that market watching does not,
/// and Marketplace Insights is granted to an application keyset on its own.
/// </remarks>
public abstract class EbayBuySource(HttpClient http, MarketSourceConnections connections, TimeProvider clock) : IMarketSource
{
    public const string ProductionBaseUrl = EbayClient.ProductionBaseUrl;

    /// <summary>The most a search returns per page.</summary>
    public const int PageSize = 200;

    /// <summary>eBay returns no result past this offset (error 100021 / 12014).</summary>
    public const int MaxOffset = 10_000;

    /// <summary>eBay's category for single trading cards (CCG Individual Cards) on eBay US.</summary>
    public const string DefaultCategoryId = "183454";

    public const string DefaultQueryPrefix = "Wonders of the First";

    /// <summary>A token is renewed this long before eBay says it expires.</summary>
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(5);

    public static class Field
    {
        public const string ClientId = "ClientId";
        public const string ClientSecret = "ClientSecret";
        public const string ApiBaseUrl = "ApiBaseUrl";
        public const string AuthBaseUrl = "AuthBaseUrl";
        public const string MarketplaceId = "MarketplaceId";
        public const string CategoryId = "CategoryId";
        public const string QueryPrefix = "QueryPrefix";
        public const string MaxPagesPerCard = "MaxPagesPerCard";
    }

    /// <summary>The connection fields both eBay sources share; <paramref name="categoryRequired"/> for Marketplace Insights, which requires one.</summary>
    protected static IReadOnlyList<ConnectionField> Fields(bool categoryRequired, string scopeHelp) =>
    [
        new(Field.ClientId, "App ID (Client ID)", Secret: false, Required: true,
            Help: $"The App ID of an application keyset from the eBay developer portal. {scopeHelp}"),
        new(Field.ClientSecret, "Cert ID (Client Secret)", Secret: true, Required: true,
            Help: "The Cert ID shown next to the App ID. Stored encrypted and never shown again."),
        new(Field.ApiBaseUrl, "API address", Secret: false, Required: true, Default: ProductionBaseUrl,
            Help: $"{ProductionBaseUrl} for production; {EbayClient.SandboxBaseUrl} for eBay's Sandbox."),
        new(Field.AuthBaseUrl, "OAuth address", Secret: false, Required: true, Default: ProductionBaseUrl,
            Help: "Where application tokens are issued (/identity/v1/oauth2/token), for the same environment."),
        new(Field.MarketplaceId, "eBay site", Secret: false, Required: true, Default: "EBAY_US",
            Help: "The site searched, sent as X-EBAY-C-MARKETPLACE-ID: EBAY_US, EBAY_GB, EBAY_DE…"),
        new(Field.CategoryId, "Category IDs", Secret: false, Required: categoryRequired, Default: DefaultCategoryId,
            Help: "eBay category ids searched, comma separated (183454: CCG Individual Cards on eBay US)."),
        new(Field.QueryPrefix, "Search words", Secret: false, Required: false, Default: DefaultQueryPrefix,
            Help: "Put before each card's name in the search, e.g. \"Wonders of the First\"."),
        new(Field.MaxPagesPerCard, "Pages per card", Secret: false, Required: false, Default: "5",
            Help: $"At most this many pages of {PageSize} results are read per card."),
    ];

    public abstract MarketSourceKind Kind { get; }

    public abstract bool ListsActives { get; }

    /// <summary>The OAuth scope the application token is asked for.</summary>
    protected abstract string Scope { get; }

    /// <summary>The search's path under the API address.</summary>
    protected abstract string SearchPath { get; }

    /// <summary>The array of results in a search page: itemSummaries or itemSales.</summary>
    protected abstract string ResultsProperty { get; }

    public Task<bool> IsConnectedAsync(CancellationToken cancellationToken) => connections.IsConnectedAsync(Kind, cancellationToken);

    public async Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken)
    {
        var credentials = await connections.ReadCredentialsAsync(Kind, cancellationToken)
            ?? throw new InvalidOperationException($"{connections.Describe(Kind).DisplayName} is not connected.");
        var listings = new Dictionary<string, ObservedListing>(StringComparer.Ordinal);
        var errors = new List<string>();
        string token;
        try
        {
            token = await TokenAsync(credentials, cancellationToken);
        }
        catch (Exception exception) when (exception is EbayBuyException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (exception is EbayBuyException refused && await OnRefusedAsync(refused, cancellationToken))
            {
                return new MarketSourceRead([], []);
            }
            var message = $"eBay sign-in failed: {exception.Message}";
            await connections.RecordCallAsync(Kind, message, cancellationToken);
            return new MarketSourceRead([], [message]);
        }
        var maxPages = int.TryParse(credentials.Setting(Field.MaxPagesPerCard), CultureInfo.InvariantCulture, out var pages) && pages > 0 ? pages : 5;
        foreach (var query in cards.Select(card => QueryOf(credentials, card)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                for (var page = 0; page < maxPages; page++)
                {
                    var offset = page * PageSize;
                    if (offset >= MaxOffset)
                    {
                        break;
                    }
                    var (results, total) = await SearchAsync(credentials, token, query, offset, cancellationToken);
                    foreach (var listing in results)
                    {
                        listings.TryAdd(listing.ExternalId, listing);
                    }
                    if (results.Count < PageSize || offset + PageSize >= total)
                    {
                        break;
                    }
                    if (page == maxPages - 1)
                    {
                        // Said, so that no one takes the listings left unread for ended ones.
                        errors.Add($"\"{query}\": eBay has {total} results, more than the {maxPages} pages read per card.");
                    }
                }
            }
            catch (Exception exception) when (exception is EbayBuyException or HttpRequestException or JsonException
                or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (exception is EbayBuyException refused && await OnRefusedAsync(refused, cancellationToken))
                {
                    return new MarketSourceRead([], []);
                }
                errors.Add($"\"{query}\": {exception.Message}");
            }
        }
        await connections.RecordCallAsync(Kind, errors.Count == 0 ? null : errors[^1], cancellationToken);
        if (errors.Count == 0)
        {
            await connections.SetAccessNoteAsync(Kind, null, cancellationToken);
        }
        return new MarketSourceRead(listings.Values.ToList(), errors);
    }

    /// <summary>
    /// What the source makes of a refusal that says the account may not read it; true when the read is skipped
    /// (not failed). By default nothing is.
    /// </summary>
    protected virtual Task<bool> OnRefusedAsync(EbayBuyException refused, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>One page's listings, read from the search's item fields.</summary>
    protected abstract ObservedListing? Read(JsonElement item, string currencyFallback);

    /// <summary>The search's query parameters other than q, limit and offset.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraParameters(MarketplaceCredentials credentials)
    {
        if (credentials.Setting(Field.CategoryId) is { } categories)
        {
            yield return new("category_ids", categories);
        }
    }

    private static string QueryOf(MarketplaceCredentials credentials, Card card)
    {
        var prefix = credentials.Setting(Field.QueryPrefix);
        return prefix is null ? card.Name : $"{prefix} {card.Name}";
    }

    private async Task<(IReadOnlyList<ObservedListing> Results, int Total)> SearchAsync(MarketplaceCredentials credentials, string token,
        string query, int offset, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("q", query),
            new("limit", PageSize.ToString(CultureInfo.InvariantCulture)),
            new("offset", offset.ToString(CultureInfo.InvariantCulture)),
        };
        parameters.AddRange(ExtraParameters(credentials));
        var queryString = string.Join("&", parameters.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl(credentials, Field.ApiBaseUrl), $"{SearchPath}?{queryString}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-EBAY-C-MARKETPLACE-ID", MarketplaceIdOf(credentials));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new EbayBuyException(response.StatusCode,
                $"eBay answered {(int)response.StatusCode}: {EbayClient.ErrorMessageOf(body) ?? response.ReasonPhrase}");
        }
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var total = root.TryGetProperty("total", out var totalElement) && totalElement.TryGetInt32(out var count) ? count : 0;
        var results = new List<ObservedListing>();
        if (root.TryGetProperty(ResultsProperty, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (Read(item, CurrencyOf(MarketplaceIdOf(credentials))) is { } listing)
                {
                    results.Add(listing);
                }
            }
        }
        return (results, total);
    }

    private async Task<string> TokenAsync(MarketplaceCredentials credentials, CancellationToken cancellationToken)
    {
        if (credentials.AccessToken is { } cached && credentials.AccessTokenExpiresAt is { } expiresAt && expiresAt - TokenMargin > clock.GetUtcNow())
        {
            return cached;
        }
        var clientId = credentials.Setting(Field.ClientId) ?? throw new InvalidOperationException("The App ID is not set.");
        var secret = credentials.Secret(Field.ClientSecret) ?? throw new InvalidOperationException("The Cert ID is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl(credentials, Field.AuthBaseUrl), "/identity/v1/oauth2/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", Scope)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new EbayBuyException(response.StatusCode,
                $"eBay answered {(int)response.StatusCode}: {EbayClient.ErrorMessageOf(body) ?? response.ReasonPhrase}");
        }
        using var document = JsonDocument.Parse(body);
        var token = document.RootElement.GetProperty("access_token").GetString()
            ?? throw new JsonException("eBay's token answer had no access_token.");
        var lifetime = document.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 7200;
        await connections.StoreAccessTokenAsync(Kind, token, clock.GetUtcNow().AddSeconds(lifetime), cancellationToken);
        return token;
    }

    // ---- Reading eBay's item fields ----

    /// <summary>The seller as FlipFlow keeps it, in the older form of eBay's pages: <c>username (feedbackScore) feedbackPercentage%</c>.</summary>
    public static string? SellerTextOf(JsonElement item)
    {
        if (!item.TryGetProperty("seller", out var seller) || seller.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var username = Text(seller, "username");
        if (username is null)
        {
            return null;
        }
        var text = new StringBuilder(username);
        if (seller.TryGetProperty("feedbackScore", out var score) && score.ValueKind == JsonValueKind.Number)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({score.GetInt64()})");
        }
        if (Text(seller, "feedbackPercentage") is { } percentage)
        {
            text.Append(CultureInfo.InvariantCulture, $" {percentage}%");
        }
        return text.ToString();
    }

    /// <summary>AUCTION wins (a bid sets its price), then BEST_OFFER, else a fixed price.</summary>
    public static MarketListingFormat FormatOf(JsonElement item)
    {
        var options = item.TryGetProperty("buyingOptions", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(option => option.GetString()).ToList()
            : [];
        return options.Contains("AUCTION") ? MarketListingFormat.Auction
            : options.Contains("BEST_OFFER") ? MarketListingFormat.BestOffer
            : MarketListingFormat.FixedPrice;
    }

    /// <summary>An eBay Amount ({"value":"12.50","currency":"USD"}), or null.</summary>
    public static (decimal Value, string Currency)? AmountOf(JsonElement item, string property, string currencyFallback)
    {
        if (!item.TryGetProperty(property, out var amount) || amount.ValueKind != JsonValueKind.Object
            || Text(amount, "value") is not { } text
            || !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        return (value, Text(amount, "currency") ?? currencyFallback);
    }

    /// <summary>The cheapest shipping option's cost, or null when none is given (calculated shipping, pickup).</summary>
    public static decimal? ShippingOf(JsonElement item, string currencyFallback)
    {
        if (!item.TryGetProperty("shippingOptions", out var options) || options.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var costs = options.EnumerateArray().Select(option => AmountOf(option, "shippingCost", currencyFallback)?.Value).OfType<decimal>().ToList();
        return costs.Count == 0 ? null : costs.Min();
    }

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string CurrencyOf(string marketplaceId) => marketplaceId switch
    {
        "EBAY_GB" => "GBP",
        "EBAY_DE" or "EBAY_FR" or "EBAY_IT" or "EBAY_ES" or "EBAY_NL" or "EBAY_AT" or "EBAY_BE" or "EBAY_IE" => "EUR",
        "EBAY_AU" => "AUD",
        "EBAY_CA" => "CAD",
        _ => "USD",
    };

    private static string MarketplaceIdOf(MarketplaceCredentials credentials) => credentials.Setting(Field.MarketplaceId) ?? "EBAY_US";

    private static Uri BaseUrl(MarketplaceCredentials credentials, string field) =>
        new(credentials.Setting(field) ?? ProductionBaseUrl, UriKind.Absolute);
}
