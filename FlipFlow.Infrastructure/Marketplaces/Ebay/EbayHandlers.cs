using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Marketplaces.Ebay;

/// <summary>
/// The eBay steps, shared by its operations' handlers. Where Demo creates a listing in one call, eBay lists in
/// three: the inventory item (by SKU), the offer (price, quantity, policies, category) and its publication, which
/// makes the listing. Before acting each step looks at what eBay already holds, so a step run again after a lost
/// answer or a crash finds its side effect instead of repeating it.
/// </summary>
public abstract class EbayHandler(EbayClient ebay) : IMarketplaceHandler
{
    /// <summary>eBay: titles of up to 80 characters, 1 to 24 pictures.</summary>
    public static readonly ListingRules Rules = new(MaxTitleLength: 80, MaxImages: 24, RequiresImage: true);

    /// <summary>eBay's longest SKU.</summary>
    public const int MaxSkuLength = 50;

    public Marketplace Marketplace => Marketplace.Ebay;

    public abstract MarketplaceOperation Operation { get; }

    public abstract IReadOnlyList<PlannedStep> Plan(JobSubject subject);

    protected EbayClient Ebay => ebay;

    public async Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken) => step.Task.Step switch
    {
        StepType.Validate => Validate(step),
        StepType.MapData => EbayFrozenPayloads.Freeze(await ebay.MapAsync(ListingContent.From(step.Product), cancellationToken)),
        StepType.UpsertInventoryItem => await UpsertInventoryItemAsync(step, cancellationToken),
        StepType.CreateOffer => await CreateOfferAsync(step, cancellationToken),
        StepType.PublishListing => await PublishAsync(step, cancellationToken),
        StepType.UpdateListing => await UpdateOfferAsync(step, cancellationToken),
        StepType.EndListing => await EndAsync(step, cancellationToken),
        StepType.ReadListing => ListingSteps.SaveRemoteState(step, await ReadRemoteAsync(step, cancellationToken)),
        StepType.SaveResult => await SaveAsync(step, cancellationToken),
        var other => throw new StepFailedException($"eBay has no step {other}."),
    };

    /// <summary>Records the outcome in FlipFlow's listings once eBay has acted.</summary>
    protected abstract Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken);

    /// <summary>The shared rules, and eBay's own: a SKU of at most 50 characters, pictures at https addresses.</summary>
    private static string Validate(StepContext step)
    {
        var product = step.Product;
        var problems = new List<string>();
        if (product.Sku.Length > MaxSkuLength)
        {
            problems.Add($"the SKU has {product.Sku.Length} characters, eBay takes at most {MaxSkuLength}");
        }
        var notHttps = product.Images
            .Where(image => !Uri.TryCreate(image, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            .ToList();
        if (notHttps.Count > 0)
        {
            problems.Add($"eBay takes pictures only at https addresses, not {string.Join(", ", notHttps.Take(3))}{(notHttps.Count > 3 ? "..." : "")}");
        }
        return ListingSteps.Validate(step, Rules, problems);
    }

    protected static EbayListingPayloads PayloadsOf(StepContext step) => EbayFrozenPayloads.Thaw(step.RequireResultOf(StepType.MapData));

    /// <summary>createOrReplaceInventoryItem needs no look first: a PUT by SKU with the same body leaves the same item.</summary>
    private async Task<string> UpsertInventoryItemAsync(StepContext step, CancellationToken cancellationToken)
    {
        var payloads = PayloadsOf(step);
        await ebay.PutInventoryItemAsync(payloads.Sku, payloads.InventoryItem, cancellationToken);
        return $"inventory item {payloads.Sku}";
    }

    /// <summary>
    /// Reuses the SKU's offer when there is one (a createOffer whose answer was lost, an earlier publish, a withdrawn
    /// listing) and brings it up to the mapped details; creates one only when there is none. Returns the offer id.
    /// </summary>
    private async Task<string> CreateOfferAsync(StepContext step, CancellationToken cancellationToken)
    {
        var payloads = PayloadsOf(step);
        if (await ebay.FindOfferAsync(payloads.Sku, cancellationToken) is { } existing)
        {
            // A live listing is revised by an update; a live one the publish will adopt is left as it is.
            if (!existing.IsPublished && !existing.Matches(payloads.Offer))
            {
                await ebay.UpdateOfferAsync(existing.OfferId, payloads.Offer, cancellationToken);
            }
            return existing.OfferId;
        }
        return await ebay.CreateOfferAsync(payloads.Offer, cancellationToken);
    }

    /// <summary>
    /// Publishes the offer unless it already is: then its listing is the one this step would have made (an answer
    /// lost after eBay acted) and is returned as it is. A relist must not adopt the listing it is replacing.
    /// Returns the listing id.
    /// </summary>
    private async Task<string> PublishAsync(StepContext step, CancellationToken cancellationToken)
    {
        var offerId = step.RequireResultOf(StepType.CreateOffer);
        var replaced = step.Job.Operation == MarketplaceOperation.Relist ? step.Listing.RemoteId : null;
        var offer = await ebay.GetOfferAsync(offerId, cancellationToken)
            ?? throw new PermanentMarketplaceException(Marketplace, $"eBay answered 404: there is no offer {offerId}.");
        if (offer.ListingId is { } listingId && EbayClient.StatusOf(offer) is ListingStatus.Active or ListingStatus.Sold)
        {
            if (listingId == replaced)
            {
                throw new StepFailedException($"eBay still shows listing {listingId} live after it was withdrawn; it was not published again.");
            }
            return listingId;
        }
        return await ebay.PublishOfferAsync(offerId, cancellationToken);
    }

    /// <summary>Replaces the live listing's offer with the mapped details, unless it already says them (eBay counts every revision).</summary>
    private async Task<string> UpdateOfferAsync(StepContext step, CancellationToken cancellationToken)
    {
        var payloads = PayloadsOf(step);
        var offer = await LiveOfferAsync(step, cancellationToken);
        if (offer.Matches(payloads.Offer))
        {
            return $"offer {offer.OfferId} already up to date";
        }
        await ebay.UpdateOfferAsync(offer.OfferId, payloads.Offer, cancellationToken);
        return $"offer {offer.OfferId} updated";
    }

    /// <summary>Withdraws the offer of the job's listing if eBay still shows that listing live; otherwise notes that it already is not.</summary>
    private async Task<string> EndAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = RemoteIdOf(step);
        var offer = await ebay.FindOfferAsync(step.Product.Sku, cancellationToken);
        if (offer is null || offer.ListingId != remoteId)
        {
            return $"{remoteId} already not live on eBay";
        }
        return await ebay.EndOfferAsync(offer, cancellationToken) ? $"{remoteId} ended" : $"{remoteId} already not live on eBay";
    }

    /// <summary>The job's listing as eBay now shows it; a listing that is no longer the SKU's published one has ended.</summary>
    protected async Task<RemoteListing> ReadRemoteAsync(StepContext step, CancellationToken cancellationToken)
    {
        var listing = step.Listing;
        var remoteId = RemoteIdOf(step);
        var offer = await ebay.FindOfferAsync(step.Product.Sku, cancellationToken);
        return offer is not null && offer.ListingId == remoteId
            ? await ebay.ToRemoteAsync(offer, cancellationToken)
            : new RemoteListing(remoteId, step.Product.Sku, ListingStatus.Ended, listing.Price, listing.Currency, listing.Quantity, listing.Url);
    }

    private async Task<EbayOffer> LiveOfferAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = RemoteIdOf(step);
        var offer = await ebay.FindOfferAsync(step.Product.Sku, cancellationToken);
        return offer is not null && offer.ListingId == remoteId
            ? offer
            : throw new StepFailedException($"eBay shows no live listing {remoteId} for {step.Product.Sku}; relist it rather than update it.");
    }

    private static string RemoteIdOf(StepContext step) =>
        step.Listing.RemoteId ?? throw new StepFailedException($"Listing {step.Listing.Id} has no eBay listing id.");
}

public sealed class EbayPublishHandler(EbayClient ebay) : EbayHandler(ebay)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Publish;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), new(StepType.UpsertInventoryItem), new(StepType.CreateOffer),
        new(StepType.PublishListing), new(StepType.SaveResult),
    ];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var listingId = step.RequireResultOf(StepType.PublishListing);
        await ListingSteps.SavePublishedAsync(step, listingId, await Ebay.ViewItemUrlAsync(listingId, cancellationToken), cancellationToken);
        return listingId;
    }
}

/// <summary>Replaces the inventory item (title, description, pictures, quantity) and the offer (price, quantity) of a live listing.</summary>
public sealed class EbayUpdateHandler(EbayClient ebay) : EbayHandler(ebay)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Update;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), new(StepType.UpsertInventoryItem), new(StepType.UpdateListing), new(StepType.SaveResult),
    ];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        ListingSteps.SaveRemoteState(step, await ReadRemoteAsync(step, cancellationToken));
}

public sealed class EbayEndHandler(EbayClient ebay) : EbayHandler(ebay)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.End;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.EndListing), new(StepType.SaveResult)];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        Task.FromResult(ListingSteps.SaveEnded(step));
}

/// <summary>
/// Withdraws the listing's offer and publishes the same offer again, brought up to date with the product: eBay
/// gives it a new listing id, recorded as a new listing linked to the old one.
/// </summary>
public sealed class EbayRelistHandler(EbayClient ebay) : EbayHandler(ebay)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Relist;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), new(StepType.EndListing), new(StepType.UpsertInventoryItem), new(StepType.CreateOffer),
        new(StepType.PublishListing), new(StepType.SaveResult),
    ];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var listingId = step.RequireResultOf(StepType.PublishListing);
        return await ListingSteps.SaveRelistedAsync(step, listingId, await Ebay.ViewItemUrlAsync(listingId, cancellationToken), cancellationToken);
    }
}

public sealed class EbaySyncHandler(EbayClient ebay) : EbayHandler(ebay)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Sync;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.ReadListing)];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        throw new StepFailedException("A sync saves as it reads.");
}

/// <summary>
/// The MapData step's result: the payloads as JSON, so every retry sends what was mapped. The runner keeps at most
/// <see cref="MaxLength"/> characters of a step's result, so payloads longer than that (long descriptions, many
/// pictures) are kept Brotli-compressed, as "br:" and base64; a product too large even so is refused in words.
/// </summary>
public static class EbayFrozenPayloads
{
    /// <summary>What <see cref="MarketplaceJobRunner"/> keeps of a step's result.</summary>
    public const int MaxLength = 4000;

    private const string CompressedPrefix = "br:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Freeze(EbayListingPayloads payloads)
    {
        var json = JsonSerializer.Serialize(payloads, Json);
        if (json.Length <= MaxLength)
        {
            return json;
        }
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.SmallestSize))
        {
            brotli.Write(Encoding.UTF8.GetBytes(json));
        }
        var compressed = CompressedPrefix + Convert.ToBase64String(buffer.ToArray());
        return compressed.Length <= MaxLength
            ? compressed
            : throw new StepFailedException(
                $"{payloads.Sku} is too large for FlipFlow to send to eBay: its title, description, pictures and item specifics come to {json.Length} characters. Shorten the description.");
    }

    public static EbayListingPayloads Thaw(string frozen)
    {
        var json = frozen;
        if (frozen.StartsWith(CompressedPrefix, StringComparison.Ordinal))
        {
            using var brotli = new BrotliStream(new MemoryStream(Convert.FromBase64String(frozen[CompressedPrefix.Length..])), CompressionMode.Decompress);
            using var reader = new StreamReader(brotli, Encoding.UTF8);
            json = reader.ReadToEnd();
        }
        return JsonSerializer.Deserialize<EbayListingPayloads>(json, Json)
            ?? throw new StepFailedException("The mapped eBay listing is empty.");
    }
}
