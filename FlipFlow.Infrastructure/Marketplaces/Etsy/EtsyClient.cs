using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Fetching;

namespace FlipFlow.Infrastructure.Marketplaces.Etsy;

/// <summary>
/// Etsy Open API v3, as developers.etsy.com documents it: listings are created as drafts (createDraftListing,
/// form-encoded), get their SKU, price and quantity through updateListingInventory (JSON; createDraftListing takes
/// no SKU), their images through uploadListingImage (multipart, one per rank), and go live with updateListing
/// state=active. Every call carries x-api-key "keystring:shared secret" and the bearer token; Etsy issues a new
/// refresh token with each access token, and the old one stops working, so each new one is stored at once.
/// Ending a live listing deactivates it (state=inactive), which keeps it and its history on Etsy; only drafts,
/// never seen by buyers, are deleted. Images are fetched from their addresses by the guarded fetcher, never
/// with the API's HttpClient: the addresses are what an Operator typed.
/// </summary>
public sealed class EtsyClient(
    HttpClient http,
    MarketplaceConnections connections,
    MarketplaceRateLimiter limiter,
    TimeProvider clock,
    GuardedFetcher fetcher)
    : RestMarketplaceClient(http, connections, limiter, clock), IMarketplaceClient
{
    public const string DefaultApiBaseUrl = "https://api.etsy.com";

    /// <summary>The era Etsy files a reseller's recent items under; its list of eras moves on each year.</summary>
    public const string DefaultWhenMade = "2020_2026";

    /// <summary>getListingsByShop's largest page, and the largest offset Etsy accepts.</summary>
    private const int PageSize = 100;

    private const int MaxOffset = 12_000;

    /// <summary>Etsy's snake_case JSON; numbers Etsy sends as strings are read too.</summary>
    private static readonly JsonSerializerOptions EtsyJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Product images: any image type, within the configured size and time limits.</summary>
    private static readonly FetchLimits ImageLimits = new(Accept: FetchedMediaTypes.Images);

    /// <summary>The names of the connection's fields.</summary>
    public static class Fields
    {
        public const string ClientId = "ClientId";
        public const string SharedSecret = "SharedSecret";
        public const string RefreshToken = "RefreshToken";
        public const string ShopId = "ShopId";
        public const string ApiBaseUrl = "ApiBaseUrl";
        public const string TaxonomyId = "TaxonomyId";
        public const string ShippingProfileId = "ShippingProfileId";
        public const string ReadinessStateId = "ReadinessStateId";
        public const string ReturnPolicyId = "ReturnPolicyId";
        public const string WhoMade = "WhoMade";
        public const string WhenMade = "WhenMade";
    }

    /// <summary>What connecting Etsy takes: the app's keys, the shop's OAuth grant, and the settings every new listing needs.</summary>
    public static MarketplaceDescriptor Descriptor { get; } = new(Marketplace.Etsy, NeedsCredentials: true,
    [
        new(Fields.ClientId, "Keystring", Secret: false, Required: true,
            Help: "Your Etsy app's API key keystring (Your apps on etsy.com/developers). It is the OAuth client_id and the first half of the x-api-key header."),
        new(Fields.SharedSecret, "Shared secret", Secret: true, Required: true,
            Help: "The app's shared secret, shown with the keystring. Etsy requires every call's x-api-key header to be keystring:shared secret."),
        new(Fields.RefreshToken, "Refresh token", Secret: true, Required: true,
            Help: "From the shop owner's OAuth grant with the scopes listings_r, listings_w and listings_d. Etsy replaces it each time FlipFlow signs in; FlipFlow keeps the newest."),
        new(Fields.ShopId, "Shop id", Secret: false, Required: true,
            Help: "The numeric id of the Etsy shop FlipFlow lists in."),
        new(Fields.ApiBaseUrl, "API address", Secret: false, Required: true, Default: DefaultApiBaseUrl,
            Help: "Scheme and host of Etsy's API; change it only to point FlipFlow at a test double."),
        new(Fields.TaxonomyId, "Category (taxonomy id)", Secret: false, Required: true,
            Help: "The seller taxonomy node new listings are filed under (getSellerTaxonomyNodes lists them)."),
        new(Fields.ShippingProfileId, "Shipping profile id", Secret: false, Required: true,
            Help: "The shop's shipping profile for new listings; Etsy requires one on every physical listing."),
        new(Fields.ReadinessStateId, "Processing profile id", Secret: false, Required: true,
            Help: "The shop's processing profile (readiness_state_id) for new listings; Etsy requires one on every physical listing."),
        new(Fields.ReturnPolicyId, "Return policy id", Secret: false, Required: false,
            Help: "The shop's return policy for new listings. Etsy requires one to activate a physical listing unless the shop is in the EU."),
        new(Fields.WhoMade, "Who made the items", Secret: false, Required: true, Default: "someone_else",
            Help: "i_did, someone_else or collective. A reseller's items are someone_else's."),
        new(Fields.WhenMade, "When the items were made", Secret: false, Required: true, Default: DefaultWhenMade,
            Help: "One of Etsy's eras: made_to_order, 2020_2026, 2010_2019, 2007_2009, 2000_2006, before_2007, 1990s ... 1700s, before_1700. Etsy renames the newest era each year."),
    ]);

    public override Marketplace Marketplace => Marketplace.Etsy;

    // ---- What the shared REST base asks of Etsy ----

    protected override Uri ApiBase(MarketplaceCredentials credentials)
    {
        var text = credentials.Setting(Fields.ApiBaseUrl) ?? DefaultApiBaseUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new PermanentMarketplaceException(Marketplace, $"Etsy's API address '{text}' is not an http or https address.");
    }

    /// <summary>A refresh grant: POST /v3/public/oauth/token, form-encoded grant_type, client_id (the keystring) and refresh_token.</summary>
    protected override HttpRequestMessage CreateTokenRequest(MarketplaceCredentials credentials)
    {
        return new HttpRequestMessage(HttpMethod.Post, new Uri(ApiBase(credentials), "/v3/public/oauth/token"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("client_id", Required(credentials.Setting(Fields.ClientId), Fields.ClientId)),
                new("refresh_token", Required(credentials.Secret(Fields.RefreshToken), Fields.RefreshToken)),
            ]),
        };
    }

    /// <summary>Etsy answers a refresh grant with a new refresh token and retires the one sent: store it before anything else.</summary>
    protected override async Task OnTokenIssuedAsync(JsonElement tokenResponse, CancellationToken cancellationToken)
    {
        if (!tokenResponse.TryGetProperty("refresh_token", out var value) || value.GetString() is not { Length: > 0 } issued)
        {
            return;
        }
        await Connections.UpdateSecretAsync(Marketplace, Fields.RefreshToken, issued, cancellationToken);
    }

    protected override void AddHeaders(HttpRequestMessage request, MarketplaceCredentials credentials) =>
        request.Headers.Add("x-api-key",
            $"{Required(credentials.Setting(Fields.ClientId), Fields.ClientId)}:{Required(credentials.Secret(Fields.SharedSecret), Fields.SharedSecret)}");

    /// <summary>Etsy's errors are <c>{"error": "..."}</c>; its token endpoint adds an error_description.</summary>
    protected override string? ReadErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return (error, description) switch
            {
                ({ Length: > 0 }, { Length: > 0 }) => $"{error}: {description}",
                ({ Length: > 0 }, _) => error,
                (_, { Length: > 0 }) => description,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ---- IMarketplaceClient ----

    public async Task<RemoteListing?> FindBySkuAsync(string sku, CancellationToken cancellationToken) =>
        (await FindForCreateAsync(sku, title: null, excludedId: null, cancellationToken))?.ToRemote();

    public async Task<RemoteListing?> GetListingAsync(string remoteId, CancellationToken cancellationToken) =>
        (await GetEtsyListingAsync(remoteId, cancellationToken))?.ToRemote();

    public Task EndListingAsync(string remoteId, CancellationToken cancellationToken) => EndAsync(remoteId, cancellationToken);

    public async Task<RemoteListing> UpdateListingAsync(string remoteId, ListingContent content, CancellationToken cancellationToken)
    {
        var settings = await ReadSettingsAsync(cancellationToken);
        return (await ReviseAsync(remoteId, content.Title, content.Description, content.Sku, content.Price, content.Quantity,
            settings.ReadinessStateId, cancellationToken)).Listing.ToRemote();
    }

    public async Task<IReadOnlyList<RemoteListing>> GetActiveListingsAsync(CancellationToken cancellationToken)
    {
        var listings = new List<RemoteListing>();
        await foreach (var listing in ListingsAsync("active", cancellationToken))
        {
            listings.Add(listing.ToRemote());
        }
        return listings;
    }

    // ---- Etsy's own steps ----

    /// <summary>The connection's listing settings; a missing or malformed one fails with its label.</summary>
    public async Task<EtsyListingSettings> ReadSettingsAsync(CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(cancellationToken);
        return new EtsyListingSettings(
            Id(credentials, Fields.ShopId),
            Id(credentials, Fields.TaxonomyId),
            Id(credentials, Fields.ShippingProfileId),
            Id(credentials, Fields.ReadinessStateId),
            credentials.Setting(Fields.ReturnPolicyId) is null ? null : Id(credentials, Fields.ReturnPolicyId),
            credentials.Setting(Fields.WhoMade) ?? "someone_else",
            credentials.Setting(Fields.WhenMade) ?? DefaultWhenMade);
    }

    /// <summary>getListing; null when Etsy does not know the listing (404) or the id is not Etsy's.</summary>
    public async Task<EtsyListing?> GetEtsyListingAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (!TryParseId(remoteId, out var id))
        {
            return null;
        }
        using var response = await SendAsync(HttpMethod.Get, $"/v3/application/listings/{id}", null, cancellationToken, notFoundIsNull: true);
        return response is null ? null : ToListing(await ReadAsync<ListingDto>(response, cancellationToken));
    }

    /// <summary>
    /// The shop's draft or active listing a create step should reuse rather than make a second: the one whose
    /// skus hold <paramref name="sku"/>; failing that, with a <paramref name="title"/>, a draft with no SKU and
    /// that title, which is what a create whose answer was lost leaves (Etsy takes the SKU only afterwards, with
    /// the inventory). <paramref name="excludedId"/> is never returned: a relist's old listing. Pages through
    /// getListingsByShop (drafts first, then active listings; skus are shown to the shop's owner only).
    /// </summary>
    public async Task<EtsyListing?> FindForCreateAsync(string sku, string? title, string? excludedId, CancellationToken cancellationToken)
    {
        EtsyListing? orphan = null;
        foreach (var state in (string[])["draft", "active"])
        {
            await foreach (var listing in ListingsAsync(state, cancellationToken))
            {
                if (listing.RemoteId == excludedId)
                {
                    continue;
                }
                if (listing.Skus.Contains(sku, StringComparer.Ordinal))
                {
                    return listing;
                }
                if (orphan is null && title is not null && state == "draft" && listing.Skus.Count == 0 && SameText(listing.Title, title))
                {
                    orphan = listing;
                }
            }
        }
        return orphan;
    }

    /// <summary>createDraftListing: a physical draft with the draft's content and settings.</summary>
    public async Task<EtsyListing> CreateDraftListingAsync(EtsyListingDraft draft, CancellationToken cancellationToken)
    {
        var settings = await ReadSettingsAsync(cancellationToken);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("quantity", Number(draft.Quantity)),
            new("title", draft.Title),
            new("description", draft.Description),
            new("price", Number(draft.Price)),
            new("who_made", draft.WhoMade),
            new("when_made", draft.WhenMade),
            new("taxonomy_id", Number(draft.TaxonomyId)),
            new("shipping_profile_id", Number(draft.ShippingProfileId)),
            new("readiness_state_id", Number(draft.ReadinessStateId)),
            new("is_supply", draft.IsSupply ? "true" : "false"),
        };
        if (draft.ReturnPolicyId is { } returnPolicy)
        {
            fields.Add(new("return_policy_id", Number(returnPolicy)));
        }
        using var response = await SendAsync(HttpMethod.Post, $"/v3/application/shops/{settings.ShopId}/listings",
            new FormUrlEncodedContent(fields), cancellationToken);
        return ToListing(await ReadAsync<ListingDto>(response!, cancellationToken));
    }

    /// <summary>
    /// Gives the listing's one product this SKU, price and quantity with updateListingInventory, unless
    /// getListingInventory shows it has them already. The offering keeps its processing profile, or gets
    /// <paramref name="readinessStateId"/>. Listings with variations are refused: FlipFlow sells one product per
    /// listing, and the inventory call replaces every product a listing has. True when it changed something.
    /// </summary>
    public async Task<bool> SetInventoryAsync(string remoteId, string sku, decimal price, int quantity, long? readinessStateId,
        CancellationToken cancellationToken)
    {
        var id = ParseId(remoteId);
        var current = await GetInventoryAsync(id, cancellationToken);
        if (current.Products > 1)
        {
            throw new PermanentMarketplaceException(Marketplace,
                $"Etsy listing {id} has {current.Products} variations; FlipFlow manages listings of one product and will not replace them.");
        }
        if (current.Sku == sku && current.Price == price && current.Quantity == quantity)
        {
            return false;
        }
        var body = new InventoryRequest(
            [new InventoryProductRequest(sku, [], [new OfferingRequest(price, quantity, true, current.ReadinessStateId ?? readinessStateId)])],
            [], [], []);
        using var response = await SendAsync(HttpMethod.Put, $"/v3/application/listings/{id}/inventory",
            JsonContent.Create(body, options: EtsyJson), cancellationToken);
        return true;
    }

    public async Task<EtsyInventory> GetInventoryAsync(long id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v3/application/listings/{id}/inventory", null, cancellationToken);
        var inventory = await ReadAsync<InventoryDto>(response!, cancellationToken);
        var products = (inventory.Products ?? []).Where(product => !product.IsDeleted).ToList();
        var product = products.FirstOrDefault();
        var offering = product?.Offerings?.FirstOrDefault(offering => !offering.IsDeleted);
        return new EtsyInventory(products.Count, product?.Sku, offering?.Price?.Value, offering?.Quantity, offering?.ReadinessStateId);
    }

    /// <summary>getListingImages: the listing's images by rank.</summary>
    public async Task<IReadOnlyList<EtsyListingImage>> GetListingImagesAsync(string remoteId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v3/application/listings/{ParseId(remoteId)}/images", null, cancellationToken);
        var images = await ReadAsync<ResultsDto<ImageDto>>(response!, cancellationToken);
        return (images.Results ?? []).Select(image => new EtsyListingImage(image.ListingImageId, image.Rank, image.UrlFullxfull))
            .OrderBy(image => image.Rank).ToList();
    }

    /// <summary>
    /// Fetches the image from its address and uploads it with uploadListingImage (multipart: the file as
    /// <c>image</c>, and <c>rank</c>). Etsy takes image files, not addresses.
    /// </summary>
    public async Task<EtsyListingImage> UploadListingImageAsync(string remoteId, string imageAddress, int rank,
        CancellationToken cancellationToken)
    {
        var id = ParseId(remoteId);
        var settings = await ReadSettingsAsync(cancellationToken);
        var (bytes, mediaType, fileName) = await DownloadAsync(imageAddress, cancellationToken);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var form = new MultipartFormDataContent
        {
            { file, "image", fileName },
            { new StringContent(Number(rank)), "rank" },
        };
        using var response = await SendAsync(HttpMethod.Post, $"/v3/application/shops/{settings.ShopId}/listings/{id}/images", form,
            cancellationToken);
        var image = await ReadAsync<ImageDto>(response!, cancellationToken);
        return new EtsyListingImage(image.ListingImageId, image.Rank, image.UrlFullxfull);
    }

    /// <summary>updateListing with state active (publishes a draft, reactivates an inactive listing) or inactive (deactivates it).</summary>
    public Task<EtsyListing> SetStateAsync(string remoteId, string state, CancellationToken cancellationToken) =>
        PatchAsync(ParseId(remoteId), [new("state", state)], cancellationToken);

    /// <summary>
    /// Ends a listing: an active one is deactivated (updateListing state=inactive), a draft deleted
    /// (deleteListing); one already inactive, sold out, expired, removed or gone is left as it is. Says what it did.
    /// </summary>
    public async Task<string> EndAsync(string remoteId, CancellationToken cancellationToken)
    {
        var listing = await GetEtsyListingAsync(remoteId, cancellationToken);
        switch (listing?.State)
        {
            case null:
                return $"{remoteId} already gone from Etsy";
            case "active":
                await SetStateAsync(remoteId, "inactive", cancellationToken);
                return $"{remoteId} deactivated";
            case "draft":
                using (await SendAsync(HttpMethod.Delete, $"/v3/application/listings/{listing.ListingId}", null, cancellationToken,
                           notFoundIsNull: true))
                {
                    return $"draft {remoteId} deleted";
                }
            default:
                return $"{remoteId} already {listing.State}";
        }
    }

    /// <summary>
    /// Revises a listing: title and description with updateListing when they differ, SKU, price and quantity
    /// with updateListingInventory when they differ (updateListing takes neither price nor quantity). Returns the
    /// listing as Etsy then has it, and what changed.
    /// </summary>
    public async Task<(EtsyListing Listing, string Outcome)> ReviseAsync(string remoteId, string title, string description, string sku,
        decimal price, int quantity, long? readinessStateId, CancellationToken cancellationToken)
    {
        var current = await GetEtsyListingAsync(remoteId, cancellationToken)
            ?? throw new PermanentMarketplaceException(Marketplace, $"Etsy has no listing {remoteId}.");
        var changes = new List<string>();
        if (!SameText(current.Title, title) || !SameText(current.Description, description))
        {
            await PatchAsync(current.ListingId, [new("title", title), new("description", description)], cancellationToken);
            changes.Add("title and description");
        }
        if (await SetInventoryAsync(remoteId, sku, price, quantity, readinessStateId, cancellationToken))
        {
            changes.Add("SKU, price and quantity");
        }
        var revised = changes.Count == 0 ? current : await GetEtsyListingAsync(remoteId, cancellationToken)
            ?? throw new PermanentMarketplaceException(Marketplace, $"Etsy has no listing {remoteId}.");
        return (revised, changes.Count == 0 ? $"{remoteId} already up to date" : $"{remoteId}: {string.Join(", ", changes)} revised");
    }

    // ---- Plumbing ----

    private async Task<EtsyListing> PatchAsync(long id, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var settings = await ReadSettingsAsync(cancellationToken);
        using var response = await SendAsync(HttpMethod.Patch, $"/v3/application/shops/{settings.ShopId}/listings/{id}",
            new FormUrlEncodedContent(fields), cancellationToken);
        return ToListing(await ReadAsync<ListingDto>(response!, cancellationToken));
    }

    /// <summary>getListingsByShop in a state, page by page (Etsy serves at most 100 a page and offsets up to 12,000).</summary>
    private async IAsyncEnumerable<EtsyListing> ListingsAsync(string state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shopId = Id(await CredentialsAsync(cancellationToken), Fields.ShopId);
        for (var offset = 0; offset <= MaxOffset; offset += PageSize)
        {
            using var response = await SendAsync(HttpMethod.Get,
                $"/v3/application/shops/{shopId}/listings?state={state}&limit={PageSize}&offset={offset}", null, cancellationToken);
            var page = await ReadAsync<ResultsDto<ListingDto>>(response!, cancellationToken);
            var results = page.Results ?? [];
            foreach (var listing in results)
            {
                yield return ToListing(listing);
            }
            if (results.Count < PageSize || offset + PageSize >= page.Count)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The image through the guarded fetcher. A refused address (private, loopback, link-local, not http) fails
    /// the step at once with the fetcher's reason; the image server's own failures keep their kind.
    /// </summary>
    private async Task<(byte[] Bytes, string MediaType, string FileName)> DownloadAsync(string address, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new PermanentMarketplaceException(Marketplace, $"The image '{address}' is not an http or https address.");
        }
        try
        {
            var image = await fetcher.FetchAsync(uri, ImageLimits, cancellationToken);
            return (image.Bytes, image.MediaType!, image.FileName ?? "image");
        }
        catch (FetchException exception) when (exception.IsTransient)
        {
            throw new TransientMarketplaceException(Marketplace, exception.Message, exception.RetryAfter, exception);
        }
        catch (FetchException exception)
        {
            throw new PermanentMarketplaceException(Marketplace, exception.Message, exception);
        }
    }

    private string Required(string? value, string field) => value
        ?? throw new PermanentMarketplaceException(Marketplace, $"Etsy's connection has no {LabelOf(field)}: an Admin enters it on the Marketplaces page.");

    private long Id(MarketplaceCredentials credentials, string field)
    {
        var text = Required(credentials.Settings.TryGetValue(field, out var value) && value.Length > 0 ? value : null, field);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new PermanentMarketplaceException(Marketplace, $"Etsy's {LabelOf(field)} '{text}' is not a number: an Admin corrects it on the Marketplaces page.");
    }

    private static string LabelOf(string field) =>
        Descriptor.Fields.FirstOrDefault(candidate => candidate.Name == field)?.Label.ToLowerInvariant() ?? field;

    private long ParseId(string remoteId) => TryParseId(remoteId, out var id)
        ? id
        : throw new PermanentMarketplaceException(Marketplace, $"'{remoteId}' is not an Etsy listing id.");

    private static bool TryParseId(string? remoteId, out long id) =>
        long.TryParse(remoteId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>Etsy sends titles and descriptions HTML-encoded (&amp;quot; for "), so they are compared decoded.</summary>
    private static bool SameText(string etsy, string ours) =>
        string.Equals(WebUtility.HtmlDecode(etsy).Trim(), WebUtility.HtmlDecode(ours).Trim(), StringComparison.Ordinal);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(EtsyJson, cancellationToken)
                ?? throw new JsonException("the body is empty");
        }
        catch (JsonException exception)
        {
            throw new TransientMarketplaceException(Marketplace,
                $"Etsy's answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} could not be read: {exception.Message}",
                inner: exception);
        }
    }

    private static EtsyListing ToListing(ListingDto dto) => new(
        dto.ListingId,
        dto.State ?? "",
        dto.Title ?? "",
        dto.Description ?? "",
        dto.Price?.Value ?? 0,
        dto.Price?.CurrencyCode ?? "",
        dto.Quantity,
        dto.Skus ?? [],
        dto.Url,
        Time(dto.OriginalCreationTimestamp ?? dto.CreatedTimestamp ?? dto.CreationTimestamp),
        Time(dto.StateTimestamp));

    private static DateTimeOffset? Time(long? epochSeconds) => epochSeconds is { } seconds and > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    // ---- Etsy's JSON, as its reference names it ----

    private sealed record MoneyDto(long Amount, int Divisor, string? CurrencyCode)
    {
        public decimal Value => Divisor > 0 ? (decimal)Amount / Divisor : Amount;
    }

    private sealed record ListingDto(
        long ListingId,
        string? State,
        string? Title,
        string? Description,
        int Quantity,
        string? Url,
        MoneyDto? Price,
        List<string>? Skus,
        long? CreationTimestamp,
        long? CreatedTimestamp,
        long? OriginalCreationTimestamp,
        long? StateTimestamp);

    private sealed record ResultsDto<T>(int Count, List<T>? Results);

    private sealed record ImageDto(long ListingImageId, int Rank, string? UrlFullxfull);

    private sealed record InventoryDto(List<ProductDto>? Products);

    private sealed record ProductDto(string? Sku, bool IsDeleted, List<OfferingDto>? Offerings);

    private sealed record OfferingDto(int Quantity, bool IsDeleted, MoneyDto? Price, long? ReadinessStateId);

    private sealed record InventoryRequest(
        IReadOnlyList<InventoryProductRequest> Products,
        IReadOnlyList<long> PriceOnProperty,
        IReadOnlyList<long> QuantityOnProperty,
        IReadOnlyList<long> SkuOnProperty);

    private sealed record InventoryProductRequest(string Sku, IReadOnlyList<object> PropertyValues, IReadOnlyList<OfferingRequest> Offerings);

    private sealed record OfferingRequest(decimal Price, int Quantity, bool IsEnabled, long? ReadinessStateId);
}
