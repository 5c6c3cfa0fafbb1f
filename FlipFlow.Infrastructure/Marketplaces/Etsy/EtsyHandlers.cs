using System.Text.Json;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Marketplaces.Etsy;

/// <summary>
/// Etsy's steps, shared by its operations' handlers. They differ from Demo's where Etsy does: a listing starts
/// as a draft, gets its SKU, price and quantity through its inventory, then its images one rank at a time, and
/// goes live last. Each step first looks at what Etsy already has and does nothing when its effect is there.
/// </summary>
public abstract partial class EtsyHandler(EtsyClient etsy) : IMarketplaceHandler
{
    /// <summary>Etsy's limits: titles of at most 140 characters, up to 20 images, and an image to go live.</summary>
    public static readonly ListingRules Rules = new(MaxTitleLength: 140, MaxImages: 20, RequiresImage: true);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected EtsyClient Etsy => etsy;

    public Marketplace Marketplace => Marketplace.Etsy;

    public abstract MarketplaceOperation Operation { get; }

    public abstract IReadOnlyList<PlannedStep> Plan(JobSubject subject);

    public async Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken) => step.Task.Step switch
    {
        StepType.Validate => Validate(step),
        StepType.MapData => await MapAsync(step, cancellationToken),
        StepType.EndListing => await etsy.EndAsync(RemoteIdOf(step), cancellationToken),
        StepType.CreateListing => await CreateAsync(step, cancellationToken),
        StepType.UpsertInventoryItem => await SetInventoryAsync(step, cancellationToken),
        StepType.UploadImage => await UploadImageAsync(step, cancellationToken),
        StepType.PublishListing => await PublishAsync(step, cancellationToken),
        StepType.UpdateListing => await UpdateAsync(step, cancellationToken),
        StepType.ReadListing => await ReadAsync(step, cancellationToken),
        StepType.SaveResult => await SaveAsync(step, cancellationToken),
        var other => throw new StepFailedException($"Etsy has no step {other}."),
    };

    /// <summary>Records the outcome in FlipFlow's listings once Etsy has it.</summary>
    protected abstract Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken);

    /// <summary>
    /// One UploadImage step per image when the product is known at planning; otherwise (a relist planned from its
    /// listing alone) one step that uploads every image the job's MapData froze.
    /// </summary>
    protected static IReadOnlyList<PlannedStep> ImageSteps(JobSubject subject) =>
        (subject.Product ?? subject.Listing?.Product) is { } product
            ? product.Images.Select(image => new PlannedStep(StepType.UploadImage, image)).ToList()
            : [new PlannedStep(StepType.UploadImage)];

    /// <summary>The steps that make a new listing, from draft to live.</summary>
    protected static IEnumerable<PlannedStep> NewListingSteps(JobSubject subject) =>
    [
        new(StepType.CreateListing), new(StepType.UpsertInventoryItem), .. ImageSteps(subject), new(StepType.PublishListing),
    ];

    /// <summary>The listing the last CreateListing step made or found.</summary>
    protected static string CreatedIdOf(StepContext step) => step.RequireResultOf(StepType.CreateListing);

    protected static string RemoteIdOf(StepContext step) =>
        step.Listing.RemoteId ?? throw new StepFailedException($"Listing {step.Listing.Id} has no Etsy id.");

    /// <summary>The listing's page, as the PublishListing step recorded it.</summary>
    protected static string UrlOf(StepContext step, string remoteId) =>
        step.ResultOf(StepType.PublishListing) is { } url && url.StartsWith("http", StringComparison.Ordinal)
            ? url
            : $"https://www.etsy.com/listing/{remoteId}";

    protected static EtsyListingDraft DraftOf(StepContext step) =>
        JsonSerializer.Deserialize<EtsyListingDraft>(step.RequireResultOf(StepType.MapData), Json)
        ?? throw new StepFailedException("The mapped Etsy listing is empty.");

    /// <summary>The shared rules, a description (createDraftListing requires one), and Etsy's rule on title characters: letters, digits, punctuation, maths symbols, spaces, ™ © ®, and each of % : &amp; + once at most.</summary>
    private static string Validate(StepContext step)
    {
        var title = step.Product.Title;
        var problems = new List<string>();
        if (TitleCharacters().Match(title) is { Success: true } bad)
        {
            problems.Add($"Etsy does not take '{bad.Value}' in a title");
        }
        if (string.IsNullOrWhiteSpace(step.Product.Description))
        {
            problems.Add("Etsy needs a description");
        }
        foreach (var once in "%:&+")
        {
            if (title.Count(character => character == once) > 1)
            {
                problems.Add($"Etsy takes '{once}' at most once in a title");
            }
        }
        return ListingSteps.Validate(step, Rules, problems);
    }

    /// <summary>Freezes the draft listing: the product's content with the connection's settings, so every retry sends the same.</summary>
    private async Task<string> MapAsync(StepContext step, CancellationToken cancellationToken)
    {
        var settings = await etsy.ReadSettingsAsync(cancellationToken);
        var product = step.Product;
        var draft = new EtsyListingDraft(product.Sku, product.Title.Trim(), product.Description, product.Price, product.Currency,
            product.Quantity, product.Images, settings.TaxonomyId, settings.ShippingProfileId, settings.ReadinessStateId,
            settings.ReturnPolicyId, settings.WhoMade, settings.WhenMade, IsSupply: false);
        return JsonSerializer.Serialize(draft, Json);
    }

    /// <summary>
    /// Reuses the shop's draft or active listing of the SKU (or the SKU-less draft a lost answer left), or creates
    /// a draft. A relist never takes its old listing back: it is excluded by id.
    /// </summary>
    private async Task<string> CreateAsync(StepContext step, CancellationToken cancellationToken)
    {
        var draft = DraftOf(step);
        var replaced = step.Job.Operation == MarketplaceOperation.Relist ? RemoteIdOf(step) : null;
        if (await etsy.FindForCreateAsync(draft.Sku, draft.Title, replaced, cancellationToken) is { } existing)
        {
            return existing.RemoteId;
        }
        return (await etsy.CreateDraftListingAsync(draft, cancellationToken)).RemoteId;
    }

    /// <summary>Gives the listing its SKU, price and quantity (createDraftListing takes no SKU).</summary>
    private async Task<string> SetInventoryAsync(StepContext step, CancellationToken cancellationToken)
    {
        var draft = DraftOf(step);
        var remoteId = CreatedIdOf(step);
        var changed = await etsy.SetInventoryAsync(remoteId, draft.Sku, draft.Price, draft.Quantity, draft.ReadinessStateId, cancellationToken);
        return $"{(changed ? "set" : "already")} {draft.Sku}, {draft.Price:0.00} {draft.Currency}, quantity {draft.Quantity}";
    }

    /// <summary>Uploads the step's image at its rank, unless the listing already has an image there.</summary>
    private async Task<string> UploadImageAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = CreatedIdOf(step);
        var present = await etsy.GetListingImagesAsync(remoteId, cancellationToken);
        if (step.Task.Argument is { } image)
        {
            var rank = step.Job.Tasks.Where(task => task.Step == StepType.UploadImage).OrderBy(task => task.Order)
                .TakeWhile(task => task.Order <= step.Task.Order).Count();
            return await UploadAsync(remoteId, image, rank, present, cancellationToken);
        }
        var outcomes = new List<string>();
        var images = DraftOf(step).Images;
        for (var index = 0; index < images.Count; index++)
        {
            outcomes.Add(await UploadAsync(remoteId, images[index], index + 1, present, cancellationToken));
        }
        return outcomes.Count == 0 ? "no images" : string.Join("; ", outcomes);
    }

    private async Task<string> UploadAsync(string remoteId, string image, int rank, IReadOnlyList<EtsyListingImage> present,
        CancellationToken cancellationToken)
    {
        if (present.FirstOrDefault(candidate => candidate.Rank == rank) is { } there)
        {
            return $"image {there.ListingImageId} already at rank {rank}";
        }
        var uploaded = await etsy.UploadListingImageAsync(remoteId, image, rank, cancellationToken);
        return $"image {uploaded.ListingImageId} at rank {rank}";
    }

    /// <summary>Makes the listing active unless it is; records its page's address.</summary>
    private async Task<string> PublishAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = CreatedIdOf(step);
        var listing = await etsy.GetEtsyListingAsync(remoteId, cancellationToken)
            ?? throw new PermanentMarketplaceException(Marketplace, $"Etsy has no listing {remoteId} to publish.");
        if (listing.Status != ListingStatus.Active)
        {
            listing = await etsy.SetStateAsync(remoteId, "active", cancellationToken);
        }
        return listing.PageUrl;
    }

    private async Task<string> UpdateAsync(StepContext step, CancellationToken cancellationToken)
    {
        var draft = DraftOf(step);
        var (_, outcome) = await etsy.ReviseAsync(RemoteIdOf(step), draft.Title, draft.Description, draft.Sku, draft.Price,
            draft.Quantity, draft.ReadinessStateId, cancellationToken);
        return outcome;
    }

    /// <summary>Records what Etsy says of the listing; one Etsy no longer has is recorded as ended.</summary>
    private async Task<string> ReadAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = RemoteIdOf(step);
        if (await etsy.GetEtsyListingAsync(remoteId, cancellationToken) is { } listing)
        {
            return ListingSteps.SaveRemoteState(step, listing.ToRemote());
        }
        var known = step.Listing;
        return ListingSteps.SaveRemoteState(step,
            new RemoteListing(remoteId, step.Product.Sku, ListingStatus.Ended, known.Price, known.Currency, known.Quantity, known.Url));
    }

    /// <summary>Characters Etsy refuses in a title (its pattern: anything but letters, digits, punctuation, maths symbols, spaces, ™ © ®).</summary>
    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{P}\p{Sm}\p{Zs}™©®]")]
    private static partial Regex TitleCharacters();
}

/// <summary>Validate, MapData, CreateListing (draft), UpsertInventoryItem, UploadImage n, PublishListing, SaveResult.</summary>
public sealed class EtsyPublishHandler(EtsyClient etsy) : EtsyHandler(etsy)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Publish;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
        [new(StepType.Validate), new(StepType.MapData), .. NewListingSteps(subject), new(StepType.SaveResult)];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = CreatedIdOf(step);
        await ListingSteps.SavePublishedAsync(step, remoteId, UrlOf(step, remoteId), cancellationToken);
        return remoteId;
    }
}

/// <summary>Revises title and description (updateListing) and SKU, price and quantity (updateListingInventory), then records what Etsy has.</summary>
public sealed class EtsyUpdateHandler(EtsyClient etsy) : EtsyHandler(etsy)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Update;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
        [new(StepType.Validate), new(StepType.MapData), new(StepType.UpdateListing), new(StepType.SaveResult)];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = RemoteIdOf(step);
        var listing = await Etsy.GetEtsyListingAsync(remoteId, cancellationToken)
            ?? throw new PermanentMarketplaceException(Marketplace, $"Etsy has no listing {remoteId}.");
        return ListingSteps.SaveRemoteState(step, listing.ToRemote());
    }
}

/// <summary>Deactivates the listing (a draft is deleted); one already not active is left alone, without a call.</summary>
public sealed class EtsyEndHandler(EtsyClient etsy) : EtsyHandler(etsy)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.End;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.EndListing), new(StepType.SaveResult)];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        Task.FromResult(ListingSteps.SaveEnded(step));
}

/// <summary>
/// Etsy would renew an inactive listing under its old id, but FlipFlow keeps each listing's history apart and
/// links the new one to the old: so the old listing is deactivated, a fresh draft copy is made, given its
/// inventory and images, and activated. Because the old one is ended first and the create step never takes the
/// old id back (it reuses only another draft or active listing of the SKU), a retry cannot leave two live copies.
/// </summary>
public sealed class EtsyRelistHandler(EtsyClient etsy) : EtsyHandler(etsy)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Relist;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), new(StepType.EndListing), .. NewListingSteps(subject), new(StepType.SaveResult),
    ];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = CreatedIdOf(step);
        return ListingSteps.SaveRelistedAsync(step, remoteId, UrlOf(step, remoteId), cancellationToken);
    }
}

/// <summary>Reads the listing from Etsy and records its state, price and quantity.</summary>
public sealed class EtsySyncHandler(EtsyClient etsy) : EtsyHandler(etsy)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Sync;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.ReadListing)];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        throw new StepFailedException("A sync saves as it reads.");
}
