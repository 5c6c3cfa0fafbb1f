using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>The Demo marketplace's steps, shared by its operations' handlers.</summary>
public abstract class DemoHandler(DemoMarketplace demo) : IMarketplaceHandler
{
    private static readonly ListingRules Rules = new(MaxTitleLength: 80, MaxImages: 12, RequiresImage: false);

    public Marketplace Marketplace => Marketplace.Demo;

    public abstract MarketplaceOperation Operation { get; }

    public abstract IReadOnlyList<PlannedStep> Plan(JobSubject subject);

    public async Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken) => step.Task.Step switch
    {
        StepType.Validate => ListingSteps.Validate(step, Rules),
        StepType.MapData => ListingSteps.MapContent(step),
        StepType.UploadImage => await demo.UploadImageAsync(step.Task.Argument!, step.Task.IdempotencyKey, cancellationToken),
        StepType.CreateListing => await CreateAsync(step, cancellationToken),
        StepType.EndListing => await EndAsync(step, cancellationToken),
        StepType.UpdateListing => (await demo.UpdateListingAsync(RemoteIdOf(step), ListingSteps.ContentOf(step), cancellationToken)).RemoteId,
        StepType.ReadListing => ListingSteps.SaveRemoteState(step, await ReadRemoteAsync(step, cancellationToken)),
        StepType.SaveResult => await SaveAsync(step, cancellationToken),
        var other => throw new StepFailedException($"Demo has no step {other}."),
    };

    /// <summary>Records the outcome in FlipFlow's listings once the marketplace has acted, for operations that plan a SaveResult step.</summary>
    protected virtual Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        throw new StepFailedException($"Demo's {Operation} has no {StepType.SaveResult} step.");

    protected static IReadOnlyList<PlannedStep> ImageSteps(JobSubject subject) =>
        (subject.Product?.Images ?? []).Select(image => new PlannedStep(StepType.UploadImage, image)).ToList();

    private static string RemoteIdOf(StepContext step) =>
        step.Listing.RemoteId ?? throw new StepFailedException($"Listing {step.Listing.Id} has no Demo id.");

    /// <summary>Looks for a live listing of the SKU first: a create whose answer was lost must not create a second.</summary>
    private async Task<string> CreateAsync(StepContext step, CancellationToken cancellationToken)
    {
        var content = ListingSteps.ContentOf(step);
        var replaced = step.Job.Operation == MarketplaceOperation.Relist ? step.Listing.RemoteId : null;
        if (await demo.FindBySkuAsync(content.Sku, cancellationToken) is { } live && live.RemoteId != replaced)
        {
            return live.RemoteId;
        }
        var images = step.Job.Tasks.Count(task => task.Step == StepType.UploadImage);
        return (await demo.CreateListingAsync(content, images, step.Task.IdempotencyKey, cancellationToken)).RemoteId;
    }

    /// <summary>Ends the listing unless the marketplace says it already has: a retry never ends twice.</summary>
    private async Task<string> EndAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = RemoteIdOf(step);
        var remote = await demo.GetListingAsync(remoteId, cancellationToken);
        if (remote is null || remote.Status is not (Domain.Listings.ListingStatus.Active or Domain.Listings.ListingStatus.Draft))
        {
            return $"{remoteId} already {(remote is null ? "gone" : remote.Status.ToString().ToLowerInvariant())}";
        }
        await demo.EndListingAsync(remoteId, cancellationToken);
        return $"{remoteId} ended";
    }

    protected async Task<Domain.Marketplaces.RemoteListing> ReadRemoteAsync(StepContext step, CancellationToken cancellationToken) =>
        await demo.GetListingAsync(RemoteIdOf(step), cancellationToken)
        ?? throw new PermanentMarketplaceException(Marketplace, $"Demo answered 404: there is no listing {RemoteIdOf(step)}.");
}

public sealed class DemoPublishHandler(DemoMarketplace demo) : DemoHandler(demo)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Publish;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), .. ImageSteps(subject), new(StepType.CreateListing), new(StepType.SaveResult),
    ];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken)
    {
        var remoteId = step.RequireResultOf(StepType.CreateListing);
        await ListingSteps.SavePublishedAsync(step, remoteId, null, cancellationToken);
        return remoteId;
    }
}

public sealed class DemoUpdateHandler(DemoMarketplace demo) : DemoHandler(demo)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Update;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
        [new(StepType.Validate), new(StepType.MapData), new(StepType.UpdateListing), new(StepType.SaveResult)];

    protected override async Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        ListingSteps.SaveRemoteState(step, await ReadRemoteAsync(step, cancellationToken));
}

public sealed class DemoEndHandler(DemoMarketplace demo) : DemoHandler(demo)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.End;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.EndListing), new(StepType.SaveResult)];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        Task.FromResult(ListingSteps.SaveEnded(step));
}

/// <summary>Ends the listing and lists the product again as a new listing linked to the old one.</summary>
public sealed class DemoRelistHandler(DemoMarketplace demo) : DemoHandler(demo)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Relist;

    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) =>
    [
        new(StepType.Validate), new(StepType.MapData), new(StepType.EndListing), new(StepType.CreateListing), new(StepType.SaveResult),
    ];

    protected override Task<string> SaveAsync(StepContext step, CancellationToken cancellationToken) =>
        ListingSteps.SaveRelistedAsync(step, step.RequireResultOf(StepType.CreateListing), null, cancellationToken);
}

public sealed class DemoSyncHandler(DemoMarketplace demo) : DemoHandler(demo)
{
    public override MarketplaceOperation Operation => MarketplaceOperation.Sync;

    /// <summary>A sync saves as it reads.</summary>
    public override IReadOnlyList<PlannedStep> Plan(JobSubject subject) => [new(StepType.ReadListing)];
}
