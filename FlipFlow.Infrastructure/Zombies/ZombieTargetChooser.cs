using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>
/// Refused: a percentage out of range (<see cref="Refusal.Invalid"/>), no listing that exists (<see cref="Refusal.NotFound"/>),
/// no listing that may be acted on now, such as one already being worked on (<see cref="Refusal.Conflict"/>).
/// </summary>
public sealed class ZombieActionException(string message, Refusal reason = Refusal.Conflict) : Exception(message)
{
    public Refusal Reason { get; } = reason;
}

/// <summary>A listing a zombie action will act on.</summary>
internal sealed record ChosenListing(long Id, long ProductId, Marketplace Marketplace);

/// <summary>
/// What the zombie actions share: choosing the listings an action may act on (<see cref="ZombieCandidates.Refusal"/>
/// says which and why not) and starting the batch that acts on them.
/// </summary>
public sealed class ZombieTargetChooser(IDbContextFactory<FlipFlowDbContext> contexts, MarketplaceBatches batches, MarketplaceHandlers handlers)
{
    /// <summary>The listings among <paramref name="listingIds"/> that <paramref name="operation"/> may act on, and why each other one is left out.</summary>
    /// <exception cref="ZombieActionException">None is left.</exception>
    internal async Task<(List<ChosenListing> Chosen, List<string> Skipped)> ChooseAsync(IReadOnlyCollection<long> listingIds, MarketplaceOperation operation,
        string verb, CancellationToken cancellationToken)
    {
        var wanted = listingIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            throw new ZombieActionException($"Choose at least one listing to {verb}.", Refusal.Invalid);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var busy = BusyListings(db);
        var found = await db.Listings.AsNoTracking().Where(listing => wanted.Contains(listing.Id))
            .Select(listing => new { listing.Id, listing.ProductId, listing.Marketplace, listing.Status, Busy = busy.Contains(listing.Id) })
            .ToDictionaryAsync(listing => listing.Id, cancellationToken);
        var skipped = new List<string>();
        var chosen = new List<ChosenListing>();
        foreach (var id in wanted)
        {
            var target = found.TryGetValue(id, out var listing)
                ? new ZombieTarget(id, listing.Status, listing.Marketplace, listing.Busy, handlers.Supports(listing.Marketplace, operation))
                : null;
            if (ZombieCandidates.Refusal(id, target, verb) is { } refusal)
            {
                skipped.Add(refusal);
            }
            else
            {
                chosen.Add(new ChosenListing(id, listing!.ProductId, listing.Marketplace));
            }
        }
        if (chosen.Count == 0)
        {
            throw new ZombieActionException($"Nothing to {verb}: {Summary(skipped)}.", found.Count == 0 ? Refusal.NotFound : Refusal.Conflict);
        }
        return (chosen, skipped);
    }

    /// <summary>Creates the batch; a refusal from the batches is the action's refusal.</summary>
    internal async Task<BatchJob> StartBatchAsync(string title, string requestedBy, IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await batches.CreateAsync(title, requestedBy, requests, cancellationToken);
        }
        catch (BatchRuleException exception)
        {
            throw new ZombieActionException(exception.Message);
        }
    }

    /// <summary>Listings with unfinished marketplace work: acting on them again could list a product twice.</summary>
    internal static IQueryable<long> BusyListings(FlipFlowDbContext db) =>
        db.MarketplaceJobs.Where(UnfinishedWork.ListingBusy).Select(job => job.ListingId!.Value);

    internal static string Summary(IReadOnlyList<string> skipped) =>
        $"{string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? $" and {skipped.Count - 5} more" : "")}";

    internal static string Count(int count, string one) => $"{count} {one}{(count == 1 ? "" : "s")}";
}
