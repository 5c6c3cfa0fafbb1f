using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market.Sources;

/// <summary>
/// Blokpax's public storefront API, where Wonders of the First's collector boxes, art proofs and preslabs trade. Its
/// asset list carries no listings, so each asset is fetched for its active listings
/// (<c>GET /api/storefront/{slug}/asset/{id}</c>); sales are the storefront's filled listings
/// (<c>GET /api/storefront/{slug}/activity?type=sales</c>). Prices are in BPX, Blokpax's token, as integers with
/// 9 decimals; with a BPX rate set they are kept in US dollars instead. A listing's seller is its username where
/// Blokpax gives one, else its wallet address. No key is needed: connecting names the storefronts to read.
/// </summary>
public sealed class BlokpaxSource(HttpClient http, MarketSourceConnections connections) : IMarketSource
{
    public const string ProductionBaseUrl = "https://api.blokpax.com";
    public const string DefaultStorefronts = "wotf-existence-collector-boxes,wotf-art-proofs,wotf-existence-preslabs";

    /// <summary>Blokpax prices are BPX with 9 decimals.</summary>
    public const decimal BpxUnit = 1_000_000_000m;

    public const int AssetsPerPage = 100;
    public const int SalesPerPage = 50;

    public static class Field
    {
        public const string ApiBaseUrl = "ApiBaseUrl";
        public const string Storefronts = "Storefronts";
        public const string BpxUsdRate = "BpxUsdRate";
        public const string MaxAssetPages = "MaxAssetPages";
        public const string SalesPages = "SalesPages";
    }

    public static MarketSourceDescriptor Descriptor { get; } = new(MarketSourceKind.Blokpax, "Blokpax",
    [
        new(Field.ApiBaseUrl, "API address", Secret: false, Required: true, Default: ProductionBaseUrl,
            Help: "Blokpax's public API (storefront paths are under /api)."),
        new(Field.Storefronts, "Storefronts", Secret: false, Required: true, Default: DefaultStorefronts,
            Help: "The storefront slugs read, comma separated."),
        new(Field.BpxUsdRate, "BPX price in USD", Secret: false, Required: false,
            Help: "When set, prices are converted from BPX into US dollars at this rate; when empty they are kept in BPX."),
        new(Field.MaxAssetPages, "Asset pages per storefront", Secret: false, Required: false, Default: "50",
            Help: $"At most this many pages of {AssetsPerPage} assets are read per storefront; a storefront with more is reported as an error."),
        new(Field.SalesPages, "Sales pages per storefront", Secret: false, Required: false, Default: "3",
            Help: $"The most recent sales read per storefront, in pages of {SalesPerPage}."),
    ]);

    public MarketSourceKind Kind => MarketSourceKind.Blokpax;

    /// <summary>Every asset of every storefront read is looked at, so every active listing is returned.</summary>
    public bool ListsActives => true;

    public Task<bool> IsConnectedAsync(CancellationToken cancellationToken) => connections.IsConnectedAsync(Kind, cancellationToken);

    /// <summary>Reads the storefronts whole: Blokpax's assets are not searched by card, the title parser finds the card.</summary>
    public async Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken)
    {
        var credentials = await connections.ReadCredentialsAsync(Kind, cancellationToken)
            ?? throw new InvalidOperationException("Blokpax is not connected.");
        var baseUrl = new Uri(credentials.Setting(Field.ApiBaseUrl) ?? ProductionBaseUrl, UriKind.Absolute);
        decimal? rate = decimal.TryParse(credentials.Setting(Field.BpxUsdRate), NumberStyles.Number, CultureInfo.InvariantCulture, out var usd) && usd > 0
            ? usd
            : null;
        var maxAssetPages = PositiveOr(credentials.Setting(Field.MaxAssetPages), 50);
        var salesPages = PositiveOr(credentials.Setting(Field.SalesPages), 3);
        var listings = new Dictionary<string, ObservedListing>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var slug in (credentials.Setting(Field.Storefronts) ?? DefaultStorefronts)
                     .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await ReadActivesAsync(baseUrl, slug, maxAssetPages, rate, listings, errors, cancellationToken);
                await ReadSalesAsync(baseUrl, slug, salesPages, rate, listings, cancellationToken);
            }
            catch (Exception exception) when (exception is BlokpaxException or HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{slug}: {exception.Message}");
            }
        }
        await connections.RecordCallAsync(Kind, errors.Count == 0 ? null : errors[^1], cancellationToken);
        return new MarketSourceRead(listings.Values.ToList(), errors);
    }

    private async Task ReadActivesAsync(Uri baseUrl, string slug, int maxPages, decimal? rate, Dictionary<string, ObservedListing> listings,
        List<string> errors, CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(slug);
        for (var page = 1; ; page++)
        {
            if (page > maxPages)
            {
                errors.Add($"{slug}: more than {maxPages} pages of assets; the rest were not read.");
                return;
            }
            using var assets = await GetAsync(baseUrl, $"/api/storefront/{escaped}/assets?query=&pg={page}&perPage={AssetsPerPage}&sort=price_asc", cancellationToken);
            var data = assets.RootElement.GetProperty("data");
            foreach (var asset in data.EnumerateArray())
            {
                var assetId = IdOf(asset, "id");
                if (assetId is null)
                {
                    continue;
                }
                using var detail = await GetAsync(baseUrl, $"/api/storefront/{escaped}/asset/{Uri.EscapeDataString(assetId)}", cancellationToken);
                var root = detail.RootElement.TryGetProperty("data", out var inner) ? inner : detail.RootElement;
                var name = Text(root, "name") ?? Text(asset, "name") ?? $"Blokpax asset {assetId}";
                if (!root.TryGetProperty("asset", out var info) || !info.TryGetProperty("listings", out var offered) || offered.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var listing in offered.EnumerateArray())
                {
                    // Blokpax names a listing's state; an asset's listings without one are its open ones.
                    var status = Text(listing, "listing_status");
                    if (status is not (null or "active") || Read(listing, name, MarketListingStatus.Active, rate) is not { } observed)
                    {
                        continue;
                    }
                    listings[observed.ExternalId] = observed;
                }
            }
            var lastPage = assets.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("last_page", out var last) && last.TryGetInt32(out var pages)
                ? pages
                : page;
            if (data.GetArrayLength() == 0 || page >= lastPage)
            {
                return;
            }
        }
    }

    private async Task ReadSalesAsync(Uri baseUrl, string slug, int pages, decimal? rate, Dictionary<string, ObservedListing> listings,
        CancellationToken cancellationToken)
    {
        for (var page = 1; page <= pages; page++)
        {
            using var activity = await GetAsync(baseUrl,
                $"/api/storefront/{Uri.EscapeDataString(slug)}/activity?page={page}&per_page={SalesPerPage}&type=sales", cancellationToken);
            var data = activity.RootElement.GetProperty("data");
            foreach (var item in data.EnumerateArray())
            {
                if (!item.TryGetProperty("listing", out var listing) || Text(listing, "listing_status") != "filled")
                {
                    continue;
                }
                var name = item.TryGetProperty("asset", out var asset) ? Text(asset, "name") : null;
                if (name is not null && Read(listing, name, MarketListingStatus.Sold, rate) is { } sold)
                {
                    listings[sold.ExternalId] = sold;
                }
            }
            if (data.GetArrayLength() < SalesPerPage)
            {
                return;
            }
        }
    }

    private static ObservedListing? Read(JsonElement listing, string title, MarketListingStatus status, decimal? rate)
    {
        var id = IdOf(listing, "id");
        if (id is null || !listing.TryGetProperty("price", out var priceElement) || !priceElement.TryGetDecimal(out var raw) || raw <= 0)
        {
            return null;
        }
        var bpx = raw / BpxUnit;
        var (price, currency) = rate is { } usd ? (Math.Round(bpx * usd, 2, MidpointRounding.AwayFromZero), "USD") : (bpx, "BPX");
        var quantity = listing.TryGetProperty("quantity", out var count) && count.TryGetInt32(out var n) && n > 0 ? n : 1;
        DateTimeOffset? soldAt = status == MarketListingStatus.Sold && Text(listing, "filled_at") is { } filled
            && DateTimeOffset.TryParse(filled, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new ObservedListing(MarketPlatform.Blokpax, id, null, title, MarketListingFormat.FixedPrice, status, price, currency, null,
            quantity, soldAt, SellerOf(listing));
    }

    /// <summary>The seller's username where Blokpax gives one, else the wallet address it sells from.</summary>
    public static string? SellerOf(JsonElement listing)
    {
        string? Of(string party, string field) =>
            listing.TryGetProperty(party, out var who) && who.ValueKind == JsonValueKind.Object ? Text(who, field) : null;
        return Of("owner", "username") ?? Of("seller", "username") ?? Of("seller", "address") ?? Of("owner", "address");
    }

    private async Task<JsonDocument> GetAsync(Uri baseUrl, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BlokpaxException($"Blokpax answered {(int)response.StatusCode} to {request.RequestUri?.AbsolutePath}.");
        }
        return JsonDocument.Parse(body);
    }

    private static string? IdOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static int PositiveOr(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

/// <summary>Blokpax refused a call.</summary>
public sealed class BlokpaxException(string message) : Exception(message);
