using System.Globalization;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>Snoozes zombies: takes them off the zombie list at once and has scans spare them for some days.</summary>
public sealed class ZombieSnoozer(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    /// <summary>Leaves the listings alone for <paramref name="days"/> days: they leave the zombie list at once and scans spare them until then.</summary>
    /// <returns>How many listings were snoozed.</returns>
    /// <exception cref="ZombieActionException">Days are not between 1 and 365.</exception>
    public async Task<int> SnoozeAsync(IReadOnlyCollection<long> listingIds, int days, CancellationToken cancellationToken = default)
    {
        if (ZombieSnooze.DaysProblem(days) is { } problem)
        {
            throw new ZombieActionException(problem, Refusal.Invalid);
        }
        var now = clock.GetUtcNow();
        var until = now.AddDays(days);
        var reasons = string.Create(CultureInfo.InvariantCulture, $"snoozed until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writes.EnterAsync(cancellationToken))
        {
            return await db.Listings.Where(listing => listingIds.Contains(listing.Id))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(listing => listing.SnoozedUntil, until)
                    .SetProperty(listing => listing.ZombieScore, (int?)null)
                    .SetProperty(listing => listing.ZombieDiagnosis, (ZombieDiagnosis?)null)
                    .SetProperty(listing => listing.ZombieReasons, reasons)
                    .SetProperty(listing => listing.UpdatedAt, now), cancellationToken);
        }
    }
}
