using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Marketplaces.Ebay;

/// <summary>One request eBay received, as it came.</summary>
public sealed record EbayRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException($"{Method} {Path} had no JSON body.");

    /// <summary>A query parameter, decoded.</summary>
    public string? Parameter(string name) => QueryHelpers(Query).TryGetValue(name, out var value) ? value : null;

    public bool IsToken => Path == "/identity/v1/oauth2/token";

    public override string ToString() => $"{Method} {Path}";

    internal static Dictionary<string, string> QueryHelpers(string query) => query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "");
}

/// <summary>
/// A local HTTP server that plays eBay's token endpoint and the parts of the Sell APIs FlipFlow calls. It checks
/// every request against eBay's documentation (Basic auth and form of the token call, the bearer token of API
/// calls, paths, queries, headers, JSON bodies) and keeps what it saw; a request that breaks the rules is refused
/// with a 400 and noted in <see cref="Violations"/>. Tests can make the next matching call fail, before or after
/// eBay acts on it.
/// </summary>
public sealed class FakeEbay : IAsyncDisposable
{
    public const string ClientId = "FlipFlow-app-PRD-1a2b3c";
    public const string ClientSecret = "PRD-9f8e7d6c-secret";
    public const string RefreshToken = "v^1.1#i^1#r^1#refresh-token-of-the-seller";
    public const string MarketplaceId = "EBAY_US";
    public const string LocationKey = "warehouse-1";
    public const string FulfillmentPolicyId = "6196932000";
    public const string PaymentPolicyId = "6196933000";
    public const string ReturnPolicyId = "6196934000";
    public const string CategoryId = "183454";

    private static readonly string[] Conditions =
    [
        "NEW", "LIKE_NEW", "NEW_OTHER", "NEW_WITH_DEFECTS", "CERTIFIED_REFURBISHED", "EXCELLENT_REFURBISHED", "VERY_GOOD_REFURBISHED",
        "GOOD_REFURBISHED", "SELLER_REFURBISHED", "USED_EXCELLENT", "USED_VERY_GOOD", "USED_GOOD", "USED_ACCEPTABLE", "FOR_PARTS_OR_NOT_WORKING",
    ];

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<EbayRequest> requests = [];
    private readonly List<string> violations = [];
    private readonly HashSet<string> validTokens = [];
    private readonly Dictionary<string, JsonObject> inventory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeOffer> offers = new(StringComparer.Ordinal);
    private readonly List<Fault> faults = [];
    private long nextOfferId = 9_200_000_001;
    private long nextListingId = 110_000_000_001;
    private int tokensIssued;

    private FakeEbay(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The lifetime eBay gives its access tokens (expires_in).</summary>
    public int TokenLifetimeSeconds { get; set; } = 7200;

    /// <summary>Each listing's traffic: views, impressions, click-through rate (null: not applicable).</summary>
    public Dictionary<string, (long Views, long Impressions, decimal? ClickThroughRate)> Traffic { get; } = [];

    /// <summary>The listings with interested buyers, for findEligibleItems and sendOfferToInterestedBuyers.</summary>
    public List<string> EligibleListings { get; } = [];

    public IReadOnlyList<EbayRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToList();
            }
        }
    }

    /// <summary>API calls only, without the token calls.</summary>
    public IReadOnlyList<EbayRequest> ApiRequests => Requests.Where(request => !request.IsToken).ToList();

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return violations.ToList();
            }
        }
    }

    public int TokensIssued
    {
        get
        {
            lock (gate)
            {
                return tokensIssued;
            }
        }
    }

    public string? LastToken { get; private set; }

    public static async Task<FakeEbay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEbay(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.Single();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Every access token issued so far stops working, as when eBay revokes them: the next call gets a 401.</summary>
    public void RevokeTokens()
    {
        lock (gate)
        {
            validTokens.Clear();
        }
    }

    /// <summary>The next request matching <paramref name="match"/> gets this answer; with <paramref name="afterActing"/>, eBay acts first (the answer is lost).</summary>
    public void Fail(Func<EbayRequest, bool> match, int status, string? body = null, int? retryAfterSeconds = null, bool afterActing = false)
    {
        lock (gate)
        {
            faults.Add(new Fault(match, status, body, retryAfterSeconds, afterActing));
        }
    }

    /// <summary>An offer the seller already has for a SKU (with its inventory item), published or not; returns its id.</summary>
    public string SeedOffer(string sku, decimal price, bool published, string? listingId = null)
    {
        lock (gate)
        {
            inventory[sku] = new JsonObject { ["product"] = new JsonObject { ["title"] = "Seeded" } };
            var offer = new FakeOffer((nextOfferId++).ToString(CultureInfo.InvariantCulture), sku, new JsonObject
            {
                ["sku"] = sku,
                ["marketplaceId"] = MarketplaceId,
                ["format"] = "FIXED_PRICE",
                ["availableQuantity"] = 1,
                ["categoryId"] = CategoryId,
                ["merchantLocationKey"] = LocationKey,
                ["listingDescription"] = "Seeded",
                ["listingPolicies"] = Policies(),
                ["pricingSummary"] = new JsonObject { ["price"] = Money(price) },
            });
            if (published)
            {
                offer.Status = "PUBLISHED";
                offer.ListingId = listingId ?? (nextListingId++).ToString(CultureInfo.InvariantCulture);
                offer.ListingStatus = "ACTIVE";
            }
            offers[offer.OfferId] = offer;
            return offer.OfferId;
        }
    }

    /// <summary>eBay ends a listing on its own (ENDED), or it sells out (OUT_OF_STOCK).</summary>
    public void SetListingStatus(string listingId, string status)
    {
        lock (gate)
        {
            offers.Values.Single(offer => offer.ListingId == listingId).ListingStatus = status;
        }
    }

    /// <summary>The SKU's offer as eBay holds it now.</summary>
    public FakeOffer OfferOf(string sku)
    {
        lock (gate)
        {
            return offers.Values.Single(offer => offer.Sku == sku);
        }
    }

    public JsonObject? InventoryItem(string sku)
    {
        lock (gate)
        {
            return inventory.TryGetValue(sku, out var item) ? item : null;
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var request = new EbayRequest(
            http.Request.Method,
            http.Request.Path.Value ?? "",
            http.Request.QueryString.Value ?? "",
            http.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync());
        Answer answer;
        lock (gate)
        {
            requests.Add(request);
            answer = Respond(request);
        }
        http.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (answer.Body is { } body)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        }
    }

    private Answer Respond(EbayRequest request)
    {
        if (request.IsToken)
        {
            return Token(request);
        }
        var bearer = request.Header("Authorization");
        if (bearer is null || !bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !validTokens.Contains(bearer["Bearer ".Length..]))
        {
            return Error(401, 1001, "Invalid access token", "OAuth");
        }
        var fault = faults.FirstOrDefault(fault => fault.Match(request));
        if (fault is not null)
        {
            faults.Remove(fault);
            if (!fault.AfterActing)
            {
                return fault.Answer;
            }
            Route(request);
            return fault.Answer;
        }
        return Route(request);
    }

    private Answer Token(EbayRequest request)
    {
        var problems = new List<string>();
        if (request.Method != "POST")
        {
            problems.Add("the token call must be a POST");
        }
        if (request.Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        {
            problems.Add($"the token call's Content-Type is '{request.Header("Content-Type")}'");
        }
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (request.Header("Authorization") != basic)
        {
            problems.Add($"the token call's Authorization is '{request.Header("Authorization")}', not Basic base64(client id:client secret)");
        }
        var form = EbayRequest.QueryHelpers(request.Body);
        if (form.GetValueOrDefault("grant_type") != "refresh_token")
        {
            problems.Add($"grant_type is '{form.GetValueOrDefault("grant_type")}'");
        }
        if (form.GetValueOrDefault("refresh_token") != RefreshToken)
        {
            problems.Add($"refresh_token is '{form.GetValueOrDefault("refresh_token")}'");
        }
        var scopes = (form.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var needed in new[] { "https://api.ebay.com/oauth/api_scope/sell.inventory", "https://api.ebay.com/oauth/api_scope/sell.analytics.readonly" })
        {
            if (!scopes.Contains(needed))
            {
                problems.Add($"the scope lacks {needed}");
            }
        }
        if (problems.Count > 0)
        {
            violations.AddRange(problems);
            return new Answer(400, JsonSerializer.Serialize(new { error = "invalid_grant", error_description = string.Join("; ", problems) }));
        }
        tokensIssued++;
        LastToken = $"v^1.1#i^1#f^0#p^3#t^token-{tokensIssued}";
        validTokens.Add(LastToken);
        return new Answer(200, JsonSerializer.Serialize(new { access_token = LastToken, expires_in = TokenLifetimeSeconds, token_type = "User Access Token" }));
    }

    private Answer Route(EbayRequest request)
    {
        var path = request.Path;
        const string inventoryItem = "/sell/inventory/v1/inventory_item";
        const string offer = "/sell/inventory/v1/offer";
        if (path.StartsWith(inventoryItem + "/", StringComparison.Ordinal) && request.Method == "PUT")
        {
            return PutInventoryItem(request, Uri.UnescapeDataString(path[(inventoryItem.Length + 1)..]));
        }
        if (path == inventoryItem && request.Method == "GET")
        {
            return InventoryItems(request);
        }
        if (path == offer && request.Method == "GET")
        {
            return GetOffers(request);
        }
        if (path == offer && request.Method == "POST")
        {
            return CreateOffer(request);
        }
        if (path.StartsWith(offer + "/", StringComparison.Ordinal))
        {
            var rest = path[(offer.Length + 1)..].Split('/');
            if (!offers.TryGetValue(rest[0], out var found))
            {
                return Error(404, 25713, $"This Offer is not available : {rest[0]}.");
            }
            return (request.Method, rest.Length > 1 ? rest[1] : "") switch
            {
                ("GET", "") => new Answer(200, found.ToJson().ToJsonString()),
                ("PUT", "") => UpdateOffer(request, found),
                ("POST", "publish") => Publish(found),
                ("POST", "withdraw") => Withdraw(found),
                _ => Error(404, 2002, $"No {request.Method} {path}."),
            };
        }
        return path switch
        {
            "/sell/analytics/v1/traffic_report" when request.Method == "GET" => TrafficReport(request),
            "/sell/negotiation/v1/find_eligible_items" when request.Method == "GET" => EligibleItems(request),
            "/sell/negotiation/v1/send_offer_to_interested_buyers" when request.Method == "POST" => SendOffer(request),
            _ => Error(404, 2002, $"No {request.Method} {path}."),
        };
    }

    private Answer PutInventoryItem(EbayRequest request, string sku)
    {
        var problems = new List<string>();
        RequireLanguage(request, problems);
        var body = ParseObject(request, problems);
        if (body is not null)
        {
            RequireString(body, "condition", problems);
            if (body["condition"]?.GetValue<string>() is { } condition && !Conditions.Contains(condition))
            {
                problems.Add($"condition {condition} is not a ConditionEnum value");
            }
            RequireNumber(body, "availability.shipToLocationAvailability.quantity", problems);
            RequireString(body, "product.title", problems);
            RequireString(body, "product.description", problems);
            if (Node(body, "product.imageUrls") is not JsonArray images || images.Count == 0 || images.Any(image => image?.GetValueKind() != JsonValueKind.String))
            {
                problems.Add("product.imageUrls must be an array of strings");
            }
            if (Node(body, "product.aspects") is JsonObject aspects && aspects.Any(aspect => aspect.Value is not JsonArray))
            {
                problems.Add("product.aspects values must be arrays of strings");
            }
        }
        if (problems.Count > 0)
        {
            return Refuse(problems);
        }
        inventory[sku] = body!;
        return new Answer(204, null);
    }

    private Answer InventoryItems(EbayRequest request)
    {
        var limit = int.Parse(request.Parameter("limit") ?? "25", CultureInfo.InvariantCulture);
        var page = int.Parse(request.Parameter("offset") ?? "0", CultureInfo.InvariantCulture);
        var skus = inventory.Keys.Order(StringComparer.Ordinal).ToList();
        var slice = skus.Skip(page * limit).Take(limit).Select(sku => new JsonObject { ["sku"] = sku }).ToArray<JsonNode?>();
        var result = new JsonObject { ["inventoryItems"] = new JsonArray(slice), ["total"] = skus.Count, ["limit"] = limit };
        if ((page + 1) * limit < skus.Count)
        {
            result["next"] = $"{BaseUrl}/sell/inventory/v1/inventory_item?limit={limit}&offset={page + 1}";
        }
        return new Answer(200, result.ToJsonString());
    }

    private Answer GetOffers(EbayRequest request)
    {
        var sku = request.Parameter("sku");
        if (string.IsNullOrEmpty(sku))
        {
            return Refuse(["getOffers needs the sku query parameter"]);
        }
        var found = offers.Values.Where(offer => offer.Sku == sku).Select(offer => (JsonNode?)offer.ToJson()).ToArray();
        if (found.Length == 0)
        {
            return Error(404, 25713, "This Offer is not available : No offers found.");
        }
        return new Answer(200, new JsonObject { ["offers"] = new JsonArray(found), ["total"] = found.Length, ["size"] = found.Length }.ToJsonString());
    }

    private Answer CreateOffer(EbayRequest request)
    {
        var problems = new List<string>();
        RequireLanguage(request, problems);
        var body = ParseObject(request, problems);
        if (body is not null)
        {
            CheckOfferDetails(body, problems);
            foreach (var (field, expected) in new[] { ("sku", (string?)null), ("marketplaceId", MarketplaceId), ("format", "FIXED_PRICE") })
            {
                RequireString(body, field, problems);
                if (expected is not null && Node(body, field)?.GetValue<string>() is { } value && value != expected)
                {
                    problems.Add($"{field} is {value}, not {expected}");
                }
            }
        }
        if (problems.Count > 0)
        {
            return Refuse(problems);
        }
        var sku = body!["sku"]!.GetValue<string>();
        if (!inventory.ContainsKey(sku))
        {
            return Error(400, 25702, $"{sku} could not be found or is not available in the system.");
        }
        if (offers.Values.Any(offer => offer.Sku == sku))
        {
            return Error(400, 25002, "A user error has occurred. Offer entity already exists.");
        }
        var created = new FakeOffer((nextOfferId++).ToString(CultureInfo.InvariantCulture), sku, body);
        offers[created.OfferId] = created;
        return new Answer(201, new JsonObject { ["offerId"] = created.OfferId, ["warnings"] = new JsonArray() }.ToJsonString());
    }

    private Answer UpdateOffer(EbayRequest request, FakeOffer offer)
    {
        var problems = new List<string>();
        RequireLanguage(request, problems);
        var body = ParseObject(request, problems);
        if (body is not null)
        {
            CheckOfferDetails(body, problems);
            foreach (var key in new[] { "sku", "marketplaceId", "format" })
            {
                if (body.ContainsKey(key))
                {
                    problems.Add($"updateOffer (EbayOfferDetailsWithId) has no {key}");
                }
            }
        }
        if (problems.Count > 0)
        {
            return Refuse(problems);
        }
        body!["sku"] = offer.Sku;
        body["marketplaceId"] = offer.Details["marketplaceId"]?.DeepClone();
        body["format"] = offer.Details["format"]?.DeepClone();
        offer.Details = body;
        return new Answer(200, new JsonObject { ["offerId"] = offer.OfferId, ["warnings"] = new JsonArray() }.ToJsonString());
    }

    private Answer Publish(FakeOffer offer)
    {
        if (!inventory.ContainsKey(offer.Sku))
        {
            return Error(400, 25002, "A user error has occurred. No inventory item.");
        }
        // Publishing a published offer revises its listing; an unpublished one gets a new listing.
        if (offer.Status != "PUBLISHED")
        {
            offer.Status = "PUBLISHED";
            offer.ListingId = (nextListingId++).ToString(CultureInfo.InvariantCulture);
            offer.ListingStatus = "ACTIVE";
        }
        return new Answer(200, new JsonObject { ["listingId"] = offer.ListingId, ["warnings"] = new JsonArray() }.ToJsonString());
    }

    private Answer Withdraw(FakeOffer offer)
    {
        if (offer.Status != "PUBLISHED")
        {
            return Error(400, 25713, "This Offer is not available : the offer is not published.");
        }
        var listingId = offer.ListingId;
        offer.Status = "UNPUBLISHED";
        offer.ListingId = null;
        offer.ListingStatus = null;
        return new Answer(200, new JsonObject { ["listingId"] = listingId, ["warnings"] = new JsonArray() }.ToJsonString());
    }

    private Answer TrafficReport(EbayRequest request)
    {
        var problems = new List<string>();
        if (request.Parameter("dimension") != "LISTING")
        {
            problems.Add($"dimension is '{request.Parameter("dimension")}'");
        }
        var filter = request.Parameter("filter") ?? "";
        var listingIds = System.Text.RegularExpressions.Regex.Match(filter, @"listing_ids:\{([^}]*)\}") is { Success: true } ids
            ? ids.Groups[1].Value.Split('|')
            : [];
        if (listingIds.Length == 0)
        {
            problems.Add("the filter has no listing_ids:{…|…}");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(filter, @"date_range:\[\d{8}\.\.\d{8}\]"))
        {
            problems.Add("the filter has no date_range:[YYYYMMDD..YYYYMMDD]");
        }
        if (!filter.Contains($"marketplace_ids:{{{MarketplaceId}}}", StringComparison.Ordinal))
        {
            problems.Add("the filter has no marketplace_ids:{EBAY_US}");
        }
        var metrics = (request.Parameter("metric") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var needed in new[] { "LISTING_VIEWS_TOTAL", "LISTING_IMPRESSION_TOTAL", "CLICK_THROUGH_RATE" })
        {
            if (!metrics.Contains(needed))
            {
                problems.Add($"the metrics lack {needed}");
            }
        }
        if (problems.Count > 0)
        {
            return Refuse(problems);
        }
        // The header names the metrics in the order of each record's metricValues; here not the order asked.
        string[] order = ["CLICK_THROUGH_RATE", "LISTING_IMPRESSION_TOTAL", "LISTING_VIEWS_TOTAL"];
        var records = new JsonArray();
        foreach (var listingId in listingIds.Where(Traffic.ContainsKey))
        {
            var (views, impressions, rate) = Traffic[listingId];
            records.Add(new JsonObject
            {
                ["dimensionValues"] = new JsonArray(new JsonObject { ["value"] = listingId, ["applicable"] = true }),
                ["metricValues"] = new JsonArray(
                    rate is { } ctr
                        ? new JsonObject { ["value"] = ctr, ["applicable"] = true }
                        : new JsonObject { ["value"] = 0, ["applicable"] = false },
                    new JsonObject { ["value"] = impressions, ["applicable"] = true },
                    new JsonObject { ["value"] = views, ["applicable"] = true }),
            });
        }
        var report = new JsonObject
        {
            ["dimensionMetadata"] = new JsonArray(),
            ["startDate"] = "2026-02-01T08:00:00.000Z",
            ["endDate"] = "2026-03-01T07:59:59.000Z",
            ["lastUpdatedDate"] = "2026-03-01T07:59:59.000Z",
            ["header"] = new JsonObject
            {
                ["dimensionKeys"] = new JsonArray(new JsonObject { ["key"] = "LISTING_ID", ["dataType"] = "STRING", ["localizedName"] = "Listing ID" }),
                ["metrics"] = new JsonArray(order.Select(key => (JsonNode?)new JsonObject { ["key"] = key, ["dataType"] = "NUMBER", ["localizedName"] = key }).ToArray()),
            },
            ["records"] = records,
        };
        return new Answer(200, report.ToJsonString());
    }

    private Answer EligibleItems(EbayRequest request)
    {
        if (request.Header("X-EBAY-C-MARKETPLACE-ID") != MarketplaceId)
        {
            return Refuse(["findEligibleItems needs X-EBAY-C-MARKETPLACE-ID"]);
        }
        var items = EligibleListings.Select(id => (JsonNode?)new JsonObject { ["listingId"] = id }).ToArray();
        return new Answer(200, new JsonObject
        {
            ["eligibleItems"] = new JsonArray(items), ["limit"] = int.Parse(request.Parameter("limit") ?? "10", CultureInfo.InvariantCulture),
            ["offset"] = 0, ["total"] = items.Length,
        }.ToJsonString());
    }

    private Answer SendOffer(EbayRequest request)
    {
        var problems = new List<string>();
        if (request.Header("X-EBAY-C-MARKETPLACE-ID") != MarketplaceId)
        {
            problems.Add("sendOfferToInterestedBuyers needs X-EBAY-C-MARKETPLACE-ID");
        }
        var body = ParseObject(request, problems);
        if (body is not null)
        {
            if (body["offeredItems"] is not JsonArray { Count: 1 } items || items[0] is not JsonObject item)
            {
                problems.Add("offeredItems must hold exactly one item");
            }
            else
            {
                RequireString(item, "listingId", problems);
                RequireString(item, "price.value", problems);
                RequireString(item, "price.currency", problems);
                RequireNumber(item, "quantity", problems);
            }
            if (body["allowCounterOffer"]?.GetValueKind() != JsonValueKind.False)
            {
                problems.Add("allowCounterOffer must be false");
            }
        }
        if (problems.Count > 0)
        {
            return Refuse(problems);
        }
        var listingId = body!["offeredItems"]![0]!["listingId"]!.GetValue<string>();
        if (!EligibleListings.Contains(listingId))
        {
            return Error(409, 150021, $"The listing {listingId} has no interested buyers.", "API_NEGOTIATION");
        }
        var sent = new JsonArray();
        foreach (var buyer in new[] { "buyer-1", "buyer-2" })
        {
            sent.Add(new JsonObject
            {
                ["offerId"] = $"5000{nextOfferId++}",
                ["offerStatus"] = "PENDING",
                ["offerType"] = "SELLER_INITIATED_OFFER",
                ["buyer"] = new JsonObject { ["maskedUsername"] = buyer },
                ["allowCounterOffer"] = false,
                ["offeredItems"] = body["offeredItems"]!.DeepClone(),
            });
        }
        return new Answer(200, new JsonObject { ["offers"] = sent }.ToJsonString());
    }

    private static void CheckOfferDetails(JsonObject body, List<string> problems)
    {
        RequireNumber(body, "availableQuantity", problems);
        RequireString(body, "categoryId", problems);
        RequireString(body, "merchantLocationKey", problems);
        RequireString(body, "listingPolicies.fulfillmentPolicyId", problems);
        RequireString(body, "listingPolicies.paymentPolicyId", problems);
        RequireString(body, "listingPolicies.returnPolicyId", problems);
        RequireString(body, "pricingSummary.price.value", problems);
        RequireString(body, "pricingSummary.price.currency", problems);
        if (Node(body, "pricingSummary.price.value") is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && !decimal.TryParse(value.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"pricingSummary.price.value '{value}' is not an amount");
        }
    }

    private static void RequireLanguage(EbayRequest request, List<string> problems)
    {
        if (string.IsNullOrEmpty(request.Header("Content-Language")))
        {
            problems.Add($"{request} needs a Content-Language header");
        }
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            problems.Add($"{request} needs Content-Type application/json");
        }
    }

    private static JsonObject? ParseObject(EbayRequest request, List<string> problems)
    {
        try
        {
            if (JsonNode.Parse(request.Body) is JsonObject body)
            {
                return body;
            }
        }
        catch (JsonException)
        {
        }
        problems.Add($"{request} needs a JSON object body");
        return null;
    }

    private static JsonNode? Node(JsonObject body, string path)
    {
        JsonNode? node = body;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject container ? container[part] : null;
        }
        return node;
    }

    private static void RequireString(JsonObject body, string path, List<string> problems)
    {
        if (Node(body, path) is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
        {
            problems.Add($"{path} must be a non-empty string");
        }
    }

    private static void RequireNumber(JsonObject body, string path, List<string> problems)
    {
        if (Node(body, path) is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add($"{path} must be a number");
        }
    }

    private Answer Refuse(List<string> problems)
    {
        violations.AddRange(problems);
        return Error(400, 25709, $"Invalid value. {string.Join("; ", problems)}");
    }

    private static Answer Error(int status, int errorId, string message, string domain = "API_INVENTORY") =>
        new(status, ErrorBody(errorId, message, domain));

    /// <summary>eBay's error body.</summary>
    public static string ErrorBody(int errorId, string message, string domain = "API_INVENTORY") => new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["errorId"] = errorId,
            ["domain"] = domain,
            ["category"] = "REQUEST",
            ["message"] = message,
            ["longMessage"] = message,
        }),
    }.ToJsonString();

    private static JsonObject Policies() => new()
    {
        ["fulfillmentPolicyId"] = FulfillmentPolicyId,
        ["paymentPolicyId"] = PaymentPolicyId,
        ["returnPolicyId"] = ReturnPolicyId,
    };

    private static JsonObject Money(decimal amount) => new()
    {
        ["value"] = amount.ToString("0.00", CultureInfo.InvariantCulture),
        ["currency"] = "USD",
    };

    private sealed record Answer(int Status, string? Body, int? RetryAfterSeconds = null);

    private sealed record Fault(Func<EbayRequest, bool> Match, int Status, string? Body, int? RetryAfterSeconds, bool AfterActing)
    {
        public Answer Answer => new(Status, Body, RetryAfterSeconds);
    }
}

/// <summary>An offer as the fake eBay holds it.</summary>
public sealed class FakeOffer(string offerId, string sku, JsonObject details)
{
    public string OfferId { get; } = offerId;
    public string Sku { get; } = sku;
    public JsonObject Details { get; set; } = details;
    public string Status { get; set; } = "UNPUBLISHED";
    public string? ListingId { get; set; }
    public string? ListingStatus { get; set; }

    /// <summary>getOffer's answer: the details with the offer's id and status, and its listing once published.</summary>
    public JsonObject ToJson()
    {
        var json = (JsonObject)Details.DeepClone();
        json["offerId"] = OfferId;
        json["sku"] = Sku;
        json["status"] = Status;
        if (Status == "PUBLISHED")
        {
            json["listing"] = new JsonObject { ["listingId"] = ListingId, ["listingStatus"] = ListingStatus, ["soldQuantity"] = 0 };
        }
        return json;
    }
}
