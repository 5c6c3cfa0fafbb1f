using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>One step of a job's plan: its type and, where it needs one, what it works on (an image's address).</summary>
public sealed record PlannedStep(StepType Step, string? Argument = null);

/// <summary>What a job is about when it is planned: the product (publish) or the listing (update, end, relist, sync).</summary>
public sealed record JobSubject(Product? Product, Listing? Listing);

/// <summary>
/// How one operation is done on one marketplace: the steps a job of it is made of, and how each runs. Every
/// step must first check whether its side effect already exists and, if so, return it rather than act again.
/// </summary>
public interface IMarketplaceHandler
{
    Marketplace Marketplace { get; }

    MarketplaceOperation Operation { get; }

    /// <summary>The job's steps, in order, decided when the batch is created.</summary>
    IReadOnlyList<PlannedStep> Plan(JobSubject subject);

    /// <summary>
    /// Runs one step. Returns the side effect it produced or found (a remote id), which the runner records in
    /// the same commit as the step's completion; changes made to <see cref="StepContext.Db"/> join that commit.
    /// Throws <see cref="StepFailedException"/> or a <see cref="MarketplaceException"/> when it cannot.
    /// </summary>
    Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken);
}

/// <summary>A step refused to go on for a reason retrying will not fix: the product is not valid for the marketplace.</summary>
public sealed class StepFailedException(string message) : Exception(message);
