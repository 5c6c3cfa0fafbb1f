using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlipFlow.Tests.Marketplaces.Ebay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Market.Sources;

/// <summary>
/// A local HTTP server playing eBay's token endpoint (client credentials grant), the Browse API's
/// item_summary/search and Marketplace Insights' item_sales/search. Each request is checked against eBay's
/// documentation (Basic auth and form of the token call; the bearer token and its scope; the marketplace header;
/// only documented query parameters, with limit 1-200, offset below 10,000, and the search criteria each method
/// requires); a request that breaks a rule is refused with a 400 and noted in <see cref="Violations"/>.
/// </summary>
public sealed class FakeEbayBuy : IAsyncDisposable
{
    public const string ClientId = "FlipFlow-watch-PRD-5e6f7a";
    public const string ClientSecret = "PRD-0a1b2c3d-watch-secret";
    public const string BrowseScope = "https://api.ebay.com/oauth/api_scope";
    public const string InsightsScope = "https://api.ebay.com/oauth/api_scope/buy.marketplace.insights";
    public const string BrowsePath = "/buy/browse/v1/item_summary/search";
    public const string InsightsPath = "/buy/marketplace_insights/v1_beta/item_sales/search";

    private static readonly string[] Marketplaces = ["EBAY_US", "EBAY_GB", "EBAY_DE", "EBAY_AU", "EBAY_CA", "EBAY_FR", "EBAY_IT", "EBAY_ES"];

    private static readonly HashSet<string> BrowseParameters =
        ["q", "gtin", "charity_ids", "fieldgroups", "compatibility_filter", "auto_correct", "category_ids", "filter", "sort", "limit", "offset", "aspect_filter", "epid"];

    private static readonly HashSet<string> InsightsParameters =
        ["q", "gtin", "category_ids", "epid", "fieldgroups", "filter", "sort", "limit", "offset", "aspect_filter"];

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<EbayRequest> requests = [];
    private readonly List<string> violations = [];
    private readonly Dictionary<string, string[]> tokens = [];
    private readonly List<(Func<EbayRequest, bool> Match, int Status, string Body)> faults = [];
    private int tokensIssued;

    private FakeEbayBuy(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Whether the keyset was granted Marketplace Insights: without it the token call refuses its scope.</summary>
    public bool InsightsGranted { get; set; } = true;

    /// <summary>The active listings Browse searches, as eBay's itemSummary objects.</summary>
    public List<JsonObject> Actives { get; } = [];

    /// <summary>The sold items Marketplace Insights searches, as eBay's itemSale objects.</summary>
    public List<JsonObject> Sales { get; } = [];

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

    public IReadOnlyList<EbayRequest> SearchRequests => Requests.Where(request => !request.IsToken).ToList();

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

    public static async Task<FakeEbayBuy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEbayBuy(app);
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

    /// <summary>The next search matching <paramref name="match"/> gets this answer.</summary>
    public void Fail(Func<EbayRequest, bool> match, int status, string body)
    {
        lock (gate)
        {
            faults.Add((match, status, body));
        }
    }

    /// <summary>An item summary as Browse returns one.</summary>
    public static JsonObject Summary(string itemId, string title, decimal price, string seller, long feedbackScore, string feedbackPercentage,
        string[] buyingOptions, decimal? shipping = 0m, decimal? currentBid = null)
    {
        var item = new JsonObject
        {
            ["itemId"] = itemId,
            ["title"] = title,
            ["price"] = Money(price),
            ["itemWebUrl"] = $"https://www.ebay.com/itm/{itemId.Split('|')[1]}",
            ["seller"] = new JsonObject { ["username"] = seller, ["feedbackPercentage"] = feedbackPercentage, ["feedbackScore"] = feedbackScore },
            ["buyingOptions"] = new JsonArray(buyingOptions.Select(option => (JsonNode)JsonValue.Create(option)!).ToArray()),
            ["condition"] = "Ungraded",
            ["conditionId"] = "4000",
        };
        if (shipping is { } cost)
        {
            item["shippingOptions"] = new JsonArray(new JsonObject { ["shippingCostType"] = "FIXED", ["shippingCost"] = Money(cost) });
        }
        if (currentBid is { } bid)
        {
            item["currentBidPrice"] = Money(bid);
            item["bidCount"] = 3;
        }
        return item;
    }

    /// <summary>An item sale as Marketplace Insights returns one.</summary>
    public static JsonObject Sale(string itemId, string title, decimal price, DateTimeOffset soldAt, int quantity, string seller, long feedbackScore,
        string feedbackPercentage)
    {
        return new JsonObject
        {
            ["itemId"] = itemId,
            ["title"] = title,
            ["lastSoldPrice"] = Money(price),
            ["lastSoldDate"] = soldAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["totalSoldQuantity"] = quantity,
            ["itemWebUrl"] = $"https://www.ebay.com/itm/{itemId.Split('|')[1]}",
            ["buyingOptions"] = new JsonArray("FIXED_PRICE"),
            ["seller"] = new JsonObject { ["username"] = seller, ["feedbackPercentage"] = feedbackPercentage, ["feedbackScore"] = feedbackScore },
            ["shippingOptions"] = new JsonArray(new JsonObject { ["shippingCostType"] = "FIXED", ["shippingCost"] = Money(4.99m) }),
        };
    }

    private static JsonObject Money(decimal value) => new()
    {
        ["value"] = value.ToString("0.00", CultureInfo.InvariantCulture),
        ["currency"] = "USD",
    };

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var request = new EbayRequest(
            http.Request.Method,
            http.Request.Path.Value ?? "",
            http.Request.QueryString.Value ?? "",
            http.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync());
        (int Status, string Body) answer;
        lock (gate)
        {
            requests.Add(request);
            answer = Respond(request);
        }
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.Body);
    }

    private (int Status, string Body) Respond(EbayRequest request)
    {
        if (request.IsToken)
        {
            return Token(request);
        }
        var scope = request.Path switch
        {
            BrowsePath => BrowseScope,
            InsightsPath => InsightsScope,
            _ => null,
        };
        if (scope is null || request.Method != "GET")
        {
            violations.Add($"{request.Method} {request.Path} is not a documented Buy API call");
            return Error(404, 2002, "Resource not found");
        }
        var bearer = request.Header("Authorization");
        if (bearer is null || !bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(bearer["Bearer ".Length..], out var granted))
        {
            return Error(401, 1001, "Invalid access token");
        }
        if (!granted.Contains(scope))
        {
            return Error(403, 1100, "Access denied", "Insufficient permissions to fulfill the request.");
        }
        var problems = new List<string>();
        var marketplace = request.Header("X-EBAY-C-MARKETPLACE-ID");
        if (marketplace is null || !Marketplaces.Contains(marketplace))
        {
            problems.Add($"X-EBAY-C-MARKETPLACE-ID is '{marketplace}'");
        }
        var parameters = EbayRequest.QueryHelpers(request.Query);
        var allowed = scope == BrowseScope ? BrowseParameters : InsightsParameters;
        problems.AddRange(parameters.Keys.Where(name => !allowed.Contains(name)).Select(name => $"'{name}' is not a parameter of {request.Path}"));
        if (!int.TryParse(parameters.GetValueOrDefault("limit", "50"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 200)
        {
            problems.Add($"limit is '{parameters.GetValueOrDefault("limit")}'");
        }
        if (!int.TryParse(parameters.GetValueOrDefault("offset", "0"), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset >= 10_000)
        {
            problems.Add($"offset is '{parameters.GetValueOrDefault("offset")}'");
        }
        if (scope == BrowseScope && !new[] { "q", "category_ids", "epid", "gtin", "charity_ids" }.Any(parameters.ContainsKey))
        {
            problems.Add("a Browse search needs q, category_ids, epid, gtin or charity_ids");
        }
        if (scope == InsightsScope && !parameters.ContainsKey("category_ids"))
        {
            problems.Add("an item_sales search needs category_ids");
        }
        if (parameters.TryGetValue("q", out var q) && (q.Length == 0 || q.Length > 100))
        {
            problems.Add($"q is '{q}'");
        }
        if (problems.Count > 0)
        {
            violations.AddRange(problems);
            return Error(400, 12001, string.Join("; ", problems));
        }
        var fault = faults.FirstOrDefault(fault => fault.Match(request));
        if (fault.Match is not null)
        {
            faults.Remove(fault);
            return (fault.Status, fault.Body);
        }
        var words = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matching = (scope == BrowseScope ? Actives : Sales)
            .Where(item => words.All(word => ((string?)item["title"] ?? "").Contains(word, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var page = new JsonArray(matching.Skip(offset).Take(limit).Select(item => (JsonNode)item.DeepClone()).ToArray());
        var answer = new JsonObject
        {
            ["href"] = $"{BaseUrl}{request.Path}{request.Query}",
            ["total"] = matching.Count,
            ["limit"] = limit,
            ["offset"] = offset,
            [scope == BrowseScope ? "itemSummaries" : "itemSales"] = page,
        };
        return (200, answer.ToJsonString());
    }

    private (int Status, string Body) Token(EbayRequest request)
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
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            problems.Add($"grant_type is '{form.GetValueOrDefault("grant_type")}', not client_credentials");
        }
        var scopes = (form.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0 || scopes.Any(scope => scope is not (BrowseScope or InsightsScope)))
        {
            problems.Add($"the scope is '{form.GetValueOrDefault("scope")}'");
        }
        if (problems.Count > 0)
        {
            violations.AddRange(problems);
            return (400, JsonSerializer.Serialize(new { error = "invalid_request", error_description = string.Join("; ", problems) }));
        }
        if (!InsightsGranted && scopes.Contains(InsightsScope))
        {
            return (400, JsonSerializer.Serialize(new
            {
                error = "invalid_scope",
                error_description = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
            }));
        }
        tokensIssued++;
        var token = $"v^1.1#i^1#p^1#r^0#I^3#t^application-{tokensIssued}";
        tokens[token] = scopes;
        return (200, JsonSerializer.Serialize(new { access_token = token, expires_in = 7200, token_type = "Application Access Token" }));
    }

    private static (int, string) Error(int status, int errorId, string message, string? longMessage = null) =>
        (status, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["errorId"] = errorId,
                ["domain"] = "API_BROWSE",
                ["category"] = "REQUEST",
                ["message"] = message,
                ["longMessage"] = longMessage ?? message,
            }),
        }.ToJsonString());
}
