using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Marketplaces.Etsy;

/// <summary>A request the fake saw, with what it carried.</summary>
public sealed record SeenRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? ApiKey,
    string? Authorization,
    string? ContentType,
    IReadOnlyDictionary<string, string> Form,
    string? Json,
    IReadOnlyDictionary<string, (string FileName, byte[] Bytes)> Files)
{
    public bool IsApi => Path.StartsWith("/v3/application/", StringComparison.Ordinal);
}

/// <summary>One listing in the fake shop.</summary>
public sealed class FakeListing
{
    public long Id { get; set; }
    public string State { get; set; } = "draft";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal Price { get; set; } = 1;
    public int Quantity { get; set; } = 1;
    public string? Sku { get; set; }
    public long ShippingProfileId { get; set; }
    public long? ReadinessStateId { get; set; }
    public long? ReturnPolicyId { get; set; }
    public long TaxonomyId { get; set; }
    public string WhoMade { get; set; } = "someone_else";
    public string WhenMade { get; set; } = "2020_2026";
    public bool IsSupply { get; set; }
    public List<(long Id, int Rank, byte[] Bytes)> Images { get; } = [];
    public string Url => $"https://www.etsy.com/listing/{Id}/fake";
}

/// <summary>
/// Etsy's Open API v3 as its reference describes it, on a local port: the refresh grant (rotating the refresh
/// token), and the listing endpoints FlipFlow uses, each checking the x-api-key header (keystring:shared secret),
/// the bearer token it issued, the method, the path and the body's encoding and fields. Errors answer
/// <c>{"error": "..."}</c>. A test can make the next matching calls fail (429 with Retry-After, 5xx, 401...).
/// </summary>
public sealed partial class FakeEtsy : IAsyncDisposable
{
    public const string Keystring = "fakekeystring123";
    public const string SharedSecret = "fakesecret456";
    public const long ShopId = 55501;
    public const string FirstRefreshToken = "7001.refresh-0";

    private static readonly HashSet<string> WhoMade = ["i_did", "someone_else", "collective"];

    /// <summary>updateListing's documented body fields (it has no price, quantity or sku: those are the inventory's).</summary>
    private static readonly HashSet<string> UpdateFields =
    [
        "image_ids", "title", "description", "materials", "should_auto_renew", "shipping_profile_id", "return_policy_id",
        "shop_section_id", "item_weight", "item_length", "item_width", "item_height", "item_weight_unit", "item_dimensions_unit",
        "is_taxable", "taxonomy_id", "tags", "who_made", "when_made", "featured_rank", "state", "is_supply", "production_partner_ids", "type",
    ];

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<SeenRequest> requests = [];
    private readonly List<(string Method, Regex Path, int Status, string Body, int? RetryAfter)> failures = [];
    private readonly Dictionary<long, FakeListing> listings = [];
    private readonly Dictionary<string, byte[]> files = [];
    private readonly HashSet<string> accessTokens = [];
    private long nextListingId = 4_100_000_001;
    private long nextImageId = 6_200_000_001;
    private int tokensIssued;

    private FakeEtsy(WebApplication app) => this.app = app;

    /// <summary>The refresh token Etsy would take now; each grant replaces it.</summary>
    public string RefreshToken { get; private set; } = FirstRefreshToken;

    /// <summary>expires_in of the access tokens issued.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public string BaseAddress { get; private set; } = "";

    public static async Task<FakeEtsy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeEtsy(builder.Build());
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        fake.BaseAddress = fake.app.Urls.First().TrimEnd('/');
        return fake;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToList();
            }
        }
    }

    public IReadOnlyList<SeenRequest> TokenRequests => Requests.Where(request => request.Path == "/v3/public/oauth/token").ToList();

    public IReadOnlyList<SeenRequest> Calls(string method, string pathPattern) =>
        Requests.Where(request => request.Method == method && Regex.IsMatch(request.Path, $"^{pathPattern}$")).ToList();

    /// <summary>Serves bytes as an image at /images/{name}; returns its address.</summary>
    public string Image(string name, byte[] bytes)
    {
        lock (gate)
        {
            files[name] = bytes;
        }
        return $"{BaseAddress}/images/{name}";
    }

    public FakeListing Seed(FakeListing listing)
    {
        lock (gate)
        {
            listing.Id = listing.Id == 0 ? nextListingId++ : listing.Id;
            listings[listing.Id] = listing;
            return listing;
        }
    }

    public void AddImage(FakeListing listing, int rank, byte[] bytes)
    {
        lock (gate)
        {
            listing.Images.Add((nextImageId++, rank, bytes));
        }
    }

    public IReadOnlyList<FakeListing> Listings
    {
        get
        {
            lock (gate)
            {
                return listings.Values.OrderBy(listing => listing.Id).ToList();
            }
        }
    }

    public FakeListing Listing(long id)
    {
        lock (gate)
        {
            return listings[id];
        }
    }

    /// <summary>The next <paramref name="times"/> calls matching method and path pattern answer this instead.</summary>
    public void FailNext(string method, string pathPattern, int status, string body, int? retryAfterSeconds = null, int times = 1)
    {
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                failures.Add((method, new Regex($"^{pathPattern}$"), status, body, retryAfterSeconds));
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var seen = await RecordAsync(context.Request);
        if (seen.Method == "GET" && seen.Path.StartsWith("/images/", StringComparison.Ordinal))
        {
            byte[]? file;
            lock (gate)
            {
                file = files.GetValueOrDefault(seen.Path["/images/".Length..]);
            }
            context.Response.StatusCode = file is null ? 404 : 200;
            if (file is not null)
            {
                context.Response.ContentType = "image/jpeg";
                await context.Response.Body.WriteAsync(file);
            }
            return;
        }
        (int Status, string Body, int? RetryAfter)? failure = null;
        lock (gate)
        {
            var index = failures.FindIndex(candidate => candidate.Method == seen.Method && candidate.Path.IsMatch(seen.Path));
            if (index >= 0)
            {
                failure = (failures[index].Status, failures[index].Body, failures[index].RetryAfter);
                failures.RemoveAt(index);
            }
        }
        var (status, body) = failure is { } injected
            ? (injected.Status, (JsonNode?)JsonNode.Parse(injected.Body))
            : Handle(seen);
        if (failure?.RetryAfter is { } seconds)
        {
            context.Response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        }
    }

    private (int, JsonNode?) Handle(SeenRequest request)
    {
        lock (gate)
        {
            if (request.Path == "/v3/public/oauth/token" && request.Method == "POST")
            {
                return Token(request);
            }
            if (!request.IsApi)
            {
                return Error(404, "Not found");
            }
            if (request.ApiKey != $"{Keystring}:{SharedSecret}")
            {
                return Error(403, "Invalid API key: x-api-key must be keystring:shared_secret");
            }
            if (request.Authorization is not { } authorization || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                || !accessTokens.Contains(authorization["Bearer ".Length..]))
            {
                return Error(401, "invalid_token");
            }
            return Route(request);
        }
    }

    private (int, JsonNode?) Route(SeenRequest request)
    {
        var shop = $"/v3/application/shops/{ShopId}";
        var path = request.Path;
        Match match;
        switch (request.Method)
        {
            case "POST" when path == $"{shop}/listings":
                return CreateDraftListing(request);
            case "GET" when path == $"{shop}/listings":
                return ListingsByShop(request);
            case "PATCH" when (match = ListingIn(shop).Match(path)).Success:
                return UpdateListing(request, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            case "POST" when (match = ImagesIn(shop).Match(path)).Success:
                return UploadListingImage(request, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            case "GET" when (match = ListingPath().Match(path)).Success:
                return Find(match) is { } found ? (200, ToJson(found)) : Error(404, $"Listing {match.Groups[1].Value} does not exist");
            case "DELETE" when (match = ListingPath().Match(path)).Success:
                return Find(match) is { } deleted && listings.Remove(deleted.Id) ? (204, null) : Error(404, "Listing does not exist");
            case "GET" when (match = InventoryPath().Match(path)).Success:
                return Find(match) is { } listing ? (200, Inventory(listing)) : Error(404, "Listing does not exist");
            case "PUT" when (match = InventoryPath().Match(path)).Success:
                return Find(match) is { } target ? UpdateListingInventory(request, target) : Error(404, "Listing does not exist");
            case "GET" when (match = ImagesPath().Match(path)).Success:
                return Find(match) is { } pictured
                    ? (200, Results(pictured.Images.OrderBy(image => image.Rank).Select(image => ImageJson(pictured, image)), pictured.Images.Count))
                    : Error(404, "Listing does not exist");
            default:
                return Error(404, $"No endpoint {request.Method} {path}");
        }
    }

    private (int, JsonNode?) Token(SeenRequest request)
    {
        if (!request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            return (400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "form-encoded body expected" });
        }
        if (request.Form.GetValueOrDefault("grant_type") != "refresh_token" || request.Form.GetValueOrDefault("client_id") != Keystring)
        {
            return (400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "grant_type or client_id is wrong" });
        }
        if (request.Form.GetValueOrDefault("refresh_token") != RefreshToken)
        {
            return (400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "refresh token is invalid or has been used" });
        }
        tokensIssued++;
        var access = $"7001.access-{tokensIssued}";
        accessTokens.Add(access);
        RefreshToken = $"7001.refresh-{tokensIssued}";
        return (200, new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["refresh_token"] = RefreshToken,
        });
    }

    private (int, JsonNode?) CreateDraftListing(SeenRequest request)
    {
        if (!IsForm(request))
        {
            return Error(400, "createDraftListing takes application/x-www-form-urlencoded");
        }
        var form = request.Form;
        foreach (var field in (string[])["quantity", "title", "description", "price", "who_made", "when_made", "taxonomy_id",
                     "shipping_profile_id", "readiness_state_id"])
        {
            if (!form.ContainsKey(field))
            {
                return Error(400, $"Missing required parameter: {field}");
            }
        }
        if (!decimal.TryParse(form["price"], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0)
        {
            return Error(400, "price must be a positive number");
        }
        if (!int.TryParse(form["quantity"], CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
        {
            return Error(400, "quantity must be a positive integer");
        }
        if (!WhoMade.Contains(form["who_made"]))
        {
            return Error(400, "who_made is not one of i_did, someone_else, collective");
        }
        var listing = Seed(new FakeListing
        {
            State = "draft",
            Title = form["title"],
            Description = form["description"],
            Price = price,
            Quantity = quantity,
            TaxonomyId = long.Parse(form["taxonomy_id"], CultureInfo.InvariantCulture),
            ShippingProfileId = long.Parse(form["shipping_profile_id"], CultureInfo.InvariantCulture),
            ReadinessStateId = long.Parse(form["readiness_state_id"], CultureInfo.InvariantCulture),
            ReturnPolicyId = form.TryGetValue("return_policy_id", out var policy) ? long.Parse(policy, CultureInfo.InvariantCulture) : null,
            WhoMade = form["who_made"],
            WhenMade = form["when_made"],
            IsSupply = form.GetValueOrDefault("is_supply") == "true",
        });
        return (201, ToJson(listing));
    }

    private (int, JsonNode?) ListingsByShop(SeenRequest request)
    {
        var state = request.Query.GetValueOrDefault("state") ?? "active";
        var limit = request.Query.TryGetValue("limit", out var limitText) ? int.Parse(limitText, CultureInfo.InvariantCulture) : 25;
        var offset = request.Query.TryGetValue("offset", out var offsetText) ? int.Parse(offsetText, CultureInfo.InvariantCulture) : 0;
        if (limit is < 1 or > 100 || offset is < 0 or > 12_000)
        {
            return Error(400, "limit must be 1 to 100 and offset 0 to 12000");
        }
        var matching = listings.Values.Where(listing => listing.State == state).OrderBy(listing => listing.Id).ToList();
        return (200, Results(matching.Skip(offset).Take(limit).Select(ToJson), matching.Count));
    }

    private (int, JsonNode?) UpdateListing(SeenRequest request, long id)
    {
        if (!listings.TryGetValue(id, out var listing))
        {
            return Error(404, "Listing does not exist");
        }
        if (!IsForm(request))
        {
            return Error(400, "updateListing takes application/x-www-form-urlencoded");
        }
        if (request.Form.Keys.FirstOrDefault(key => !UpdateFields.Contains(key)) is { } unknown)
        {
            return Error(400, $"Unknown parameter: {unknown}");
        }
        if (request.Form.TryGetValue("state", out var state))
        {
            if (state == "active" && listing.Images.Count == 0)
            {
                return Error(400, "A listing must have at least one image before it can be activated.");
            }
            if (state == "inactive" && listing.State != "active")
            {
                return Error(400, $"Only active listings can be deactivated; this one is {listing.State}.");
            }
            if (state is not ("active" or "inactive"))
            {
                return Error(400, "state must be active or inactive");
            }
            listing.State = state;
        }
        listing.Title = request.Form.GetValueOrDefault("title") ?? listing.Title;
        listing.Description = request.Form.GetValueOrDefault("description") ?? listing.Description;
        return (200, ToJson(listing));
    }

    private (int, JsonNode?) UpdateListingInventory(SeenRequest request, FakeListing listing)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || request.Json is null)
        {
            return Error(400, "updateListingInventory takes application/json");
        }
        var body = JsonNode.Parse(request.Json)!.AsObject();
        if (body["products"] is not JsonArray { Count: > 0 } products)
        {
            return Error(400, "products is required");
        }
        var product = products[0]!.AsObject();
        if (product["property_values"] is not JsonArray || product["offerings"] is not JsonArray { Count: 1 } offerings)
        {
            return Error(400, "each product needs property_values and offerings");
        }
        var offering = offerings[0]!.AsObject();
        foreach (var field in (string[])["price", "quantity", "is_enabled", "readiness_state_id"])
        {
            if (!offering.ContainsKey(field))
            {
                return Error(400, $"offering is missing {field}");
            }
        }
        if (offering["price"]!.GetValueKind() != JsonValueKind.Number || offering["readiness_state_id"]?.GetValueKind() != JsonValueKind.Number)
        {
            return Error(400, "price must be a number and a physical listing's offering needs a readiness_state_id");
        }
        listing.Sku = product["sku"]?.GetValue<string>();
        listing.Price = offering["price"]!.GetValue<decimal>();
        listing.Quantity = offering["quantity"]!.GetValue<int>();
        listing.ReadinessStateId = offering["readiness_state_id"]!.GetValue<long>();
        return (200, Inventory(listing));
    }

    private (int, JsonNode?) UploadListingImage(SeenRequest request, long id)
    {
        if (!listings.TryGetValue(id, out var listing))
        {
            return Error(404, "Listing does not exist");
        }
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.Ordinal) != true)
        {
            return Error(400, "uploadListingImage takes multipart/form-data");
        }
        if (!request.Files.TryGetValue("image", out var file) || file.Bytes.Length == 0)
        {
            return Error(400, "Either image or listing_image_id is required");
        }
        var rank = request.Form.TryGetValue("rank", out var rankText) ? int.Parse(rankText, CultureInfo.InvariantCulture) : listing.Images.Count + 1;
        var image = (nextImageId++, rank, file.Bytes);
        listing.Images.Add(image);
        return (201, ImageJson(listing, image));
    }

    private FakeListing? Find(Match match) =>
        listings.GetValueOrDefault(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    private static bool IsForm(SeenRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true;

    private static JsonObject Money(decimal price) => new()
    {
        ["amount"] = (long)(price * 100),
        ["divisor"] = 100,
        ["currency_code"] = "USD",
    };

    private static JsonObject ToJson(FakeListing listing) => new()
    {
        ["listing_id"] = listing.Id,
        ["user_id"] = 7001,
        ["shop_id"] = ShopId,
        ["title"] = listing.Title,
        ["description"] = listing.Description,
        ["state"] = listing.State,
        ["creation_timestamp"] = 1_780_000_000,
        ["created_timestamp"] = 1_780_000_000,
        ["original_creation_timestamp"] = 1_780_000_000,
        ["state_timestamp"] = 1_780_000_500,
        ["quantity"] = listing.Quantity,
        ["url"] = listing.Url,
        ["listing_type"] = "physical",
        ["shipping_profile_id"] = listing.ShippingProfileId,
        ["return_policy_id"] = listing.ReturnPolicyId,
        ["who_made"] = listing.WhoMade,
        ["when_made"] = listing.WhenMade,
        ["is_supply"] = listing.IsSupply,
        ["taxonomy_id"] = listing.TaxonomyId,
        ["readiness_state_id"] = listing.ReadinessStateId,
        ["price"] = Money(listing.Price),
        ["skus"] = listing.Sku is { Length: > 0 } sku ? new JsonArray(sku) : new JsonArray(),
    };

    private static JsonObject Inventory(FakeListing listing) => new()
    {
        ["products"] = new JsonArray(new JsonObject
        {
            ["product_id"] = listing.Id + 1,
            ["sku"] = listing.Sku ?? "",
            ["is_deleted"] = false,
            ["offerings"] = new JsonArray(new JsonObject
            {
                ["offering_id"] = listing.Id + 2,
                ["quantity"] = listing.Quantity,
                ["is_enabled"] = true,
                ["is_deleted"] = false,
                ["price"] = Money(listing.Price),
                ["readiness_state_id"] = listing.ReadinessStateId,
            }),
            ["property_values"] = new JsonArray(),
        }),
        ["price_on_property"] = new JsonArray(),
        ["quantity_on_property"] = new JsonArray(),
        ["sku_on_property"] = new JsonArray(),
        ["readiness_state_on_property"] = new JsonArray(),
    };

    private static JsonObject ImageJson(FakeListing listing, (long Id, int Rank, byte[] Bytes) image) => new()
    {
        ["listing_id"] = listing.Id,
        ["listing_image_id"] = image.Id,
        ["rank"] = image.Rank,
        ["url_fullxfull"] = $"https://i.etsystatic.com/fake/{image.Id}.jpg",
    };

    private static JsonObject Results(IEnumerable<JsonObject> results, int count) => new()
    {
        ["count"] = count,
        ["results"] = new JsonArray(results.Select(result => (JsonNode?)result).ToArray()),
    };

    private static (int, JsonNode?) Error(int status, string message) => (status, new JsonObject { ["error"] = message });

    private static Regex ListingIn(string shop) => new($"^{shop}/listings/(\\d+)$");

    private static Regex ImagesIn(string shop) => new($"^{shop}/listings/(\\d+)/images$");

    [GeneratedRegex(@"^/v3/application/listings/(\d+)$")]
    private static partial Regex ListingPath();

    [GeneratedRegex(@"^/v3/application/listings/(\d+)/inventory$")]
    private static partial Regex InventoryPath();

    [GeneratedRegex(@"^/v3/application/listings/(\d+)/images$")]
    private static partial Regex ImagesPath();

    private async Task<SeenRequest> RecordAsync(HttpRequest request)
    {
        var form = new Dictionary<string, string>();
        var uploads = new Dictionary<string, (string, byte[])>();
        string? json = null;
        if (request.HasFormContentType)
        {
            var read = await request.ReadFormAsync();
            foreach (var field in read)
            {
                form[field.Key] = field.Value.ToString();
            }
            foreach (var file in read.Files)
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy);
                uploads[file.Name] = (file.FileName, copy.ToArray());
            }
        }
        else if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            json = await reader.ReadToEndAsync();
        }
        var seen = new SeenRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            request.Headers["x-api-key"].FirstOrDefault(),
            request.Headers.Authorization.FirstOrDefault(),
            request.ContentType,
            form,
            json,
            uploads);
        lock (gate)
        {
            requests.Add(seen);
        }
        return seen;
    }
}
