using System.Linq.Expressions;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Domain.Zombies;

/// <summary>What a zombie action knows of one listing it was asked to act on; null when there is no such listing.</summary>
/// <param name="Busy">It has unfinished marketplace work (<see cref="Batches.UnfinishedWork.ListingBusy"/>).</param>
/// <param name="Supported">FlipFlow can do the action on the listing's marketplace.</param>
public sealed record ZombieTarget(long ListingId, ListingStatus Status, Marketplace Marketplace, bool Busy, bool Supported);

/// <summary>
/// Which listings the zombie killer looks at and which it may act on. Only a live listing has a verdict that
/// counts: a scan judges live listings, the Zombies page, the dashboard and the auto-resurrect job list live ones
/// with a score, and a listing that has ended or sold keeps no score (<see cref="Stale"/>, <see cref="ScoreShown"/>).
/// </summary>
public static class ZombieCandidates
{
    /// <summary>The listings a scan judges: the live ones.</summary>
    public static readonly Expression<Func<Listing, bool>> Judged = listing => listing.Status == ListingStatus.Active;

    /// <summary>The zombies: live listings the last scan gave a score.</summary>
    public static readonly Expression<Func<Listing, bool>> Listed = listing => listing.Status == ListingStatus.Active && listing.ZombieScore != null;

    /// <summary>Listings that carry a score they should not: no longer live. A scan clears them.</summary>
    public static readonly Expression<Func<Listing, bool>> Stale = listing => listing.Status != ListingStatus.Active && listing.ZombieScore != null;

    /// <summary>The instant a listing's age counts from: when it was listed, else when FlipFlow created it.</summary>
    public static readonly Expression<Func<Listing, DateTimeOffset>> AgedFrom = listing => listing.ListedAt ?? listing.CreatedAt;

    private static readonly Func<Listing, DateTimeOffset> AgedFromCheck = AgedFrom.Compile();

    /// <summary><see cref="AgedFrom"/> of a listing in memory.</summary>
    public static DateTimeOffset AgeStart(Listing listing) => AgedFromCheck(listing);

    /// <summary>The zombie score a listing's page shows: the last verdict while the listing is live, none once it has ended or sold.</summary>
    public static int? ScoreShown(ListingStatus status, int? score) => status == ListingStatus.Active ? score : null;

    /// <summary>
    /// Why an action (<paramref name="verb"/>: "resurrect", "reprice") leaves listing <paramref name="listingId"/> out,
    /// or null when it may act on it. Checked in order: it exists, it is live, it has no unfinished work, the
    /// marketplace supports the action.
    /// </summary>
    public static string? Refusal(long listingId, ZombieTarget? target, string verb) => target switch
    {
        null => $"listing {listingId}: there is no such listing",
        { Status: not ListingStatus.Active } => $"listing {listingId}: not live ({target.Status.ToString().ToLowerInvariant()})",
        { Busy: true } => $"listing {listingId}: already in a batch that has not ended",
        { Supported: false } => $"listing {listingId}: FlipFlow cannot {verb} on {target.Marketplace.DisplayName()}",
        _ => null,
    };
}
