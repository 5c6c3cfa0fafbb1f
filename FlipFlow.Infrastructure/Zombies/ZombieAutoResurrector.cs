using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>Whether the opt-in auto-resurrect job acts, and how many zombies it may resurrect per UTC day.</summary>
public sealed class ZombieAutoResurrectOptions
{
    public const string Section = "Zombies:AutoResurrect";

    public bool Enabled { get; set; }

    public int DailyCap { get; set; } = 20;
}

/// <summary>The auto-resurrect job's work: resurrects the worst "old and unsold" zombies, up to a daily cap.</summary>
public sealed class ZombieAutoResurrector(
    IDbContextFactory<FlipFlowDbContext> contexts,
    ZombieResurrector resurrector,
    MarketplaceHandlers handlers,
    TimeProvider clock)
{
    /// <summary>The batch requester the auto-resurrect job uses, by which it counts what it did today.</summary>
    public const string Requester = "zombie-auto-resurrect";

    /// <summary>
    /// When switched on, resurrects the worst (<see cref="ZombieOrder"/>) "old and unsold" zombies, at most
    /// <paramref name="options"/>' daily cap per UTC day counting what it already resurrected today.
    /// </summary>
    public async Task<string> AutoResurrectAsync(ZombieAutoResurrectOptions options, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            return "auto-resurrect is off (Zombies:AutoResurrect:Enabled is false): nothing resurrected";
        }
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var done = await db.MarketplaceJobs.CountAsync(job => job.Operation == MarketplaceOperation.Relist && job.CreatedAt >= today
            && db.BatchJobs.Any(batch => batch.Id == job.BatchId && batch.RequestedBy == Requester), cancellationToken);
        var room = Math.Max(0, options.DailyCap) - done;
        if (room <= 0)
        {
            return $"daily cap reached: {done} of {options.DailyCap} resurrected today";
        }
        var busy = ZombieTargetChooser.BusyListings(db);
        var worst = await db.Listings.AsNoTracking()
            .Where(ZombieCandidates.Listed)
            .Where(listing => listing.ZombieDiagnosis == ZombieDiagnosis.OldAndUnsold && !busy.Contains(listing.Id))
            .WorstFirst()
            .Select(listing => new { listing.Id, listing.Marketplace })
            .Take(room * 2 + 10)
            .ToListAsync(cancellationToken);
        var ids = worst.Where(listing => handlers.Supports(listing.Marketplace, MarketplaceOperation.Relist)).Select(listing => listing.Id).Take(room).ToList();
        if (ids.Count == 0)
        {
            return $"no old and unsold zombies to resurrect ({done} of {options.DailyCap} resurrected today)";
        }
        var created = await resurrector.ResurrectAsync(ids, Requester, cancellationToken);
        return $"batch {created.Batch.Id}: resurrecting {ZombieTargetChooser.Count(created.Batch.TotalJobs, "zombie")} " +
            $"({done + created.Batch.TotalJobs} of {options.DailyCap} today)";
    }
}
