using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Market.Sources;

/// <summary>
/// A local HTTP server playing Blokpax's public storefront API: the asset list (no listings in it, as on Blokpax),
/// each asset with its listings, and the storefront's sales activity. Only GETs of those paths with their query
/// parameters (pg and perPage 1-100 for assets; page, per_page and type for activity) are answered; anything else
/// is refused with a 400 and noted in <see cref="Violations"/>. An unknown storefront is a 404.
/// </summary>
public sealed class FakeBlokpax : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<string> requests = [];
    private readonly List<string> violations = [];

    private FakeBlokpax(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Each storefront's assets: id, name, and the asset's listings as Blokpax returns them.</summary>
    public Dictionary<string, List<(string Id, string Name, JsonArray Listings)>> Storefronts { get; } = [];

    /// <summary>Each storefront's activity items, newest first.</summary>
    public Dictionary<string, List<JsonObject>> Activity { get; } = [];

    /// <summary>Asset ids whose detail call fails with a 500.</summary>
    public HashSet<string> FailingAssets { get; } = [];

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToList();
            }
        }
    }

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

    public static async Task<FakeBlokpax> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBlokpax(app);
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

    /// <summary>A listing as an asset's detail shows it: price in BPX with 9 decimals.</summary>
    public static JsonObject Listing(long id, decimal bpx, string? username, string address, string status = "active", int quantity = 1) => new()
    {
        ["id"] = id,
        ["price"] = (long)(bpx * 1_000_000_000m),
        ["quantity"] = quantity,
        ["listing_status"] = status,
        ["seller"] = new JsonObject { ["address"] = address },
        ["owner"] = username is null ? new JsonObject { ["address"] = address } : new JsonObject { ["username"] = username, ["address"] = address },
        ["created_at"] = "2026-11-30T05:56:30.000000Z",
    };

    /// <summary>A sale as the storefront's activity shows it: a filled listing and its asset.</summary>
    public static JsonObject Sale(long listingId, string assetId, string assetName, decimal bpx, string sellerAddress, DateTimeOffset filledAt) => new()
    {
        ["listing"] = new JsonObject
        {
            ["id"] = listingId,
            ["price"] = (long)(bpx * 1_000_000_000m),
            ["quantity"] = 1,
            ["listing_status"] = "filled",
            ["seller"] = new JsonObject { ["address"] = sellerAddress },
            ["buyer"] = new JsonObject { ["address"] = "0xbuyer0000000000000000000000000000000001" },
            ["filled_at"] = filledAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        },
        ["asset"] = new JsonObject { ["id"] = assetId, ["name"] = assetName },
    };

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var query = http.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        (int Status, string Body) answer;
        lock (gate)
        {
            requests.Add($"{http.Request.Method} {path}{http.Request.QueryString}");
            answer = Respond(http.Request.Method, path, query);
        }
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.Body);
    }

    private (int, string) Respond(string method, string path, Dictionary<string, string> query)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (method != "GET" || parts.Length < 4 || parts[0] != "api" || parts[1] != "storefront")
        {
            return Refuse($"{method} {path} is not a storefront call");
        }
        if (!Storefronts.TryGetValue(parts[2], out var assets))
        {
            return (404, """{"message":"Not Found"}""");
        }
        if (parts.Length == 4 && parts[3] == "assets")
        {
            if (query.Keys.Except(["query", "pg", "perPage", "sort"]).FirstOrDefault() is { } unknown)
            {
                return Refuse($"'{unknown}' is not an assets parameter");
            }
            if (!int.TryParse(query.GetValueOrDefault("pg", "1"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1
                || !int.TryParse(query.GetValueOrDefault("perPage", "24"), NumberStyles.None, CultureInfo.InvariantCulture, out var perPage) || perPage is < 1 or > 100)
            {
                return Refuse($"pg '{query.GetValueOrDefault("pg")}' or perPage '{query.GetValueOrDefault("perPage")}'");
            }
            var data = new JsonArray(assets.Skip((page - 1) * perPage).Take(perPage)
                .Select(asset => (JsonNode)new JsonObject { ["id"] = asset.Id, ["name"] = asset.Name, ["floor_listing"] = null }).ToArray());
            var lastPage = Math.Max(1, (assets.Count + perPage - 1) / perPage);
            return (200, new JsonObject
            {
                ["data"] = data,
                ["meta"] = new JsonObject { ["current_page"] = page, ["last_page"] = lastPage, ["per_page"] = perPage, ["total"] = assets.Count },
            }.ToJsonString());
        }
        if (parts.Length == 5 && parts[3] == "asset")
        {
            if (query.Count > 0)
            {
                return Refuse("an asset takes no parameters");
            }
            var asset = assets.FirstOrDefault(candidate => candidate.Id == parts[4]);
            if (asset.Id is null)
            {
                return (404, """{"message":"Not Found"}""");
            }
            if (FailingAssets.Contains(asset.Id))
            {
                return (500, """{"message":"Server Error"}""");
            }
            return (200, new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["id"] = asset.Id,
                    ["name"] = asset.Name,
                    ["network_id"] = 1,
                    ["asset"] = new JsonObject
                    {
                        ["owner_count"] = 1,
                        ["token_count"] = 1,
                        ["listings"] = asset.Listings.DeepClone(),
                        ["offers"] = new JsonArray(),
                    },
                    ["attributes"] = new JsonArray(),
                },
            }.ToJsonString());
        }
        if (parts.Length == 4 && parts[3] == "activity")
        {
            if (query.Keys.Except(["page", "per_page", "type"]).FirstOrDefault() is { } unknown)
            {
                return Refuse($"'{unknown}' is not an activity parameter");
            }
            if (query.GetValueOrDefault("type") is not ("sales" or "listings" or "offers")
                || !int.TryParse(query.GetValueOrDefault("page", "1"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1
                || !int.TryParse(query.GetValueOrDefault("per_page", "50"), NumberStyles.None, CultureInfo.InvariantCulture, out var perPage) || perPage is < 1 or > 100)
            {
                return Refuse($"activity type '{query.GetValueOrDefault("type")}', page or per_page");
            }
            var items = Activity.GetValueOrDefault(parts[2]) ?? [];
            return (200, new JsonObject
            {
                ["data"] = new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).Select(item => (JsonNode)item.DeepClone()).ToArray()),
            }.ToJsonString());
        }
        return Refuse($"{method} {path} is not a storefront call");
    }

    private (int, string) Refuse(string problem)
    {
        violations.Add(problem);
        return (400, new JsonObject { ["message"] = problem }.ToJsonString());
    }
}
