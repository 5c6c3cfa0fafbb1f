using System.Globalization;
using System.Text.Json;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>What a marketplace accepts, for the Validate step.</summary>
public sealed record ListingRules(int MaxTitleLength, int MaxImages, bool RequiresImage, int MaxDescriptionLength = 500_000);

/// <summary>
/// The steps every marketplace's handlers share: Validate checks the product against the marketplace's rules;
/// the Save steps record what the marketplace now holds in FlipFlow's listings, in the step's own commit.
/// </summary>
public static class ListingSteps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Fails the step with every problem in words, the shared rules' and the marketplace's own
    /// (<paramref name="marketplaceProblems"/>), or returns "valid". The words leave the product out, so the same
    /// problem reads the same for every product and the failure reasons add up.
    /// </summary>
    public static string Validate(StepContext step, ListingRules rules, IEnumerable<string>? marketplaceProblems = null)
    {
        var product = step.Product;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(product.Title))
        {
            problems.Add("the title is empty");
        }
        else if (product.Title.Length > rules.MaxTitleLength)
        {
            problems.Add($"the title has {product.Title.Length} characters, {step.Marketplace.DisplayName()} takes at most {rules.MaxTitleLength}");
        }
        if (product.Description.Length > rules.MaxDescriptionLength)
        {
            problems.Add($"the description has {product.Description.Length} characters, at most {rules.MaxDescriptionLength} are allowed");
        }
        if (product.Price <= 0)
        {
            problems.Add("the price must be above zero");
        }
        if (product.Quantity <= 0)
        {
            problems.Add("the quantity must be at least 1");
        }
        if (product.Currency.Length != 3)
        {
            problems.Add($"'{product.Currency}' is not a currency code");
        }
        if (rules.RequiresImage && product.Images.Count == 0)
        {
            problems.Add($"{step.Marketplace.DisplayName()} needs at least one image");
        }
        if (product.Images.Count > rules.MaxImages)
        {
            problems.Add($"{product.Images.Count} images, {step.Marketplace.DisplayName()} takes at most {rules.MaxImages}");
        }
        problems.AddRange(marketplaceProblems ?? []);
        if (problems.Count > 0)
        {
            throw new StepFailedException($"Cannot be listed on {step.Marketplace.DisplayName()}: {string.Join("; ", problems)}.");
        }
        return "valid";
    }

    /// <summary>The MapData step of marketplaces that take FlipFlow's content as it is: freezes it, so every retry sends the same.</summary>
    public static string MapContent(StepContext step) => JsonSerializer.Serialize(ListingContent.From(step.Product), Json);

    /// <summary>The content the job's MapData step froze.</summary>
    public static ListingContent ContentOf(StepContext step) =>
        JsonSerializer.Deserialize<ListingContent>(step.RequireResultOf(StepType.MapData), Json)
        ?? throw new StepFailedException("The mapped listing content is empty.");

    /// <summary>Records a new live listing for the job's product (or refreshes the one already recorded for that remote id).</summary>
    public static async Task<Listing> SavePublishedAsync(StepContext step, string remoteId, string? url, CancellationToken cancellationToken)
    {
        var product = step.Product;
        var listing = await step.Db.Listings.FirstOrDefaultAsync(
                listing => listing.Marketplace == step.Marketplace && listing.RemoteId == remoteId, cancellationToken)
            ?? step.Db.Listings.Add(new Listing
            {
                ProductId = product.Id,
                Marketplace = step.Marketplace,
                RemoteId = remoteId,
                CreatedAt = step.Now,
            }).Entity;
        listing.Status = ListingStatus.Active;
        listing.Url = url;
        listing.Price = product.Price;
        listing.Currency = product.Currency;
        listing.Quantity = product.Quantity;
        listing.ListedAt ??= step.Now;
        listing.EndedAt = null;
        listing.UpdatedAt = step.Now;
        if (step.Job.Operation == MarketplaceOperation.Publish)
        {
            step.Job.Listing = listing;
        }
        return listing;
    }

    /// <summary>Records that the job's listing has ended.</summary>
    public static string SaveEnded(StepContext step)
    {
        var listing = step.Listing;
        if (listing.Status is ListingStatus.Active or ListingStatus.Draft)
        {
            listing.Status = ListingStatus.Ended;
            listing.EndedAt ??= step.Now;
            listing.UpdatedAt = step.Now;
        }
        return $"listing {listing.Id} ended";
    }

    /// <summary>Records a relist: the old listing ended, the new one live and linked to it, so its history carries on.</summary>
    public static async Task<string> SaveRelistedAsync(StepContext step, string remoteId, string? url, CancellationToken cancellationToken)
    {
        var old = step.Listing;
        SaveEnded(step);
        var product = step.Product;
        var listing = await step.Db.Listings.FirstOrDefaultAsync(
                listing => listing.Marketplace == step.Marketplace && listing.RemoteId == remoteId && listing.Id != old.Id, cancellationToken)
            ?? step.Db.Listings.Add(new Listing
            {
                ProductId = product.Id,
                Marketplace = step.Marketplace,
                RemoteId = remoteId,
                CreatedAt = step.Now,
            }).Entity;
        listing.ReplacesListingId = old.Id;
        listing.Status = ListingStatus.Active;
        listing.Url = url;
        listing.Price = product.Price;
        listing.Currency = product.Currency;
        listing.Quantity = product.Quantity;
        listing.ListedAt ??= step.Now;
        listing.UpdatedAt = step.Now;
        return $"relisted as {remoteId}";
    }

    /// <summary>Records what the marketplace now says of the job's listing (after an update or a sync).</summary>
    public static string SaveRemoteState(StepContext step, RemoteListing remote)
    {
        var listing = step.Listing;
        listing.Status = remote.Status;
        listing.Price = remote.Price;
        listing.Currency = remote.Currency;
        listing.Quantity = remote.Quantity;
        listing.Url = remote.Url ?? listing.Url;
        if (remote.Status is ListingStatus.Ended or ListingStatus.Sold)
        {
            listing.EndedAt ??= remote.EndedAt ?? step.Now;
        }
        listing.UpdatedAt = step.Now;
        return $"{remote.Status}, {remote.Price.ToString("0.00", CultureInfo.InvariantCulture)} {remote.Currency}, quantity {remote.Quantity}";
    }
}
