using System.Linq.Expressions;
using FlipFlow.Domain.Listings;

namespace FlipFlow.Domain.Zombies;

/// <summary>
/// Worst first, the one order of zombies everywhere (the Zombies page, the dashboard's worst five, the
/// auto-resurrect job): the highest score first; on equal scores the oldest listing first, aged from the date the
/// scan ages it from (<see cref="ZombieCandidates.AgedFrom"/>: listed, else created); then the lowest id, so that the order is total and pages do not
/// overlap. Plain <see cref="Queryable"/> calls: a database query and a list in memory sort the same way.
/// </summary>
public static class ZombieOrder
{
    /// <summary>The first key, highest first.</summary>
    public static readonly Expression<Func<Listing, int?>> Score = listing => listing.ZombieScore;

    /// <summary>The second key, oldest first: <see cref="ZombieCandidates.AgedFrom"/>.</summary>
    public static readonly Expression<Func<Listing, DateTimeOffset>> ListedFrom = ZombieCandidates.AgedFrom;

    /// <summary>The last key, lowest first.</summary>
    public static readonly Expression<Func<Listing, long>> Id = listing => listing.Id;

    public static IOrderedQueryable<Listing> WorstFirst(this IQueryable<Listing> listings) =>
        listings.OrderByDescending(Score).ThenBy(ListedFrom).ThenBy(Id);
}
