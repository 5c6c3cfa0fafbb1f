using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>A listing's views and impressions over the 30-day window; null is "no data".</summary>
internal sealed record ZombieTraffic(int? Views, int? Impressions)
{
    /// <summary>The days a listing's 30-day views and impressions add up: the 30 UTC dates before today.</summary>
    public const int WindowDays = 30;

    /// <summary>The first and last dates (inclusive) whose snapshots make up the 30-day figures.</summary>
    public static (DateOnly From, DateOnly To) Window(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-WindowDays), today.AddDays(-1));
    }

    /// <summary>
    /// One GROUP BY over the listings' snapshots in the window ending before <paramref name="now"/>'s date. EF reads a SUM of only nulls
    /// as 0, so the days that have the figure are counted too: none means "no data", never 0.
    /// </summary>
    public static async Task<Dictionary<long, ZombieTraffic>> ReadAsync(FlipFlowDbContext db, IReadOnlyCollection<long> ids, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (from, to) = Window(now);
        return await db.ListingSnapshots.AsNoTracking()
            .Where(snapshot => ids.Contains(snapshot.ListingId) && snapshot.Date >= from && snapshot.Date <= to)
            .GroupBy(snapshot => snapshot.ListingId)
            .Select(group => new
            {
                ListingId = group.Key,
                Views = group.Sum(snapshot => snapshot.Views ?? 0),
                ViewDays = group.Count(snapshot => snapshot.Views != null),
                Impressions = group.Sum(snapshot => snapshot.Impressions ?? 0),
                ImpressionDays = group.Count(snapshot => snapshot.Impressions != null),
            })
            .ToDictionaryAsync(row => row.ListingId,
                row => new ZombieTraffic(row.ViewDays == 0 ? null : row.Views, row.ImpressionDays == 0 ? null : row.Impressions), cancellationToken);
    }
}
