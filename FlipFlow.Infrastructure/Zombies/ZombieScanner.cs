using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>What a scan found: how many live listings it judged, and the zombies among them by diagnosis.</summary>
public sealed record ZombieScanReport(int Judged, int Zombies, IReadOnlyDictionary<ZombieDiagnosis, int> ByDiagnosis, DateTimeOffset JudgedAt)
{
    public override string ToString() =>
        $"judged {Judged} live listing{(Judged == 1 ? "" : "s")}, {Zombies} zombie{(Zombies == 1 ? "" : "s")}" +
        (Zombies == 0 ? "" : $" ({string.Join(", ", ByDiagnosis.Where(pair => pair.Value > 0).Select(pair => $"{pair.Value} {pair.Key.Describe()}"))})");
}

/// <summary>
/// Judges every live listing with <see cref="ZombieScorer"/> and keeps each one's verdict on the listing; clears
/// the score of listings no longer live.
/// </summary>
public sealed class ZombieScanner(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes,
    IOptionsMonitor<ZombieRules> rules,
    TimeProvider clock)
{
    private const int PageSize = 500;

    /// <summary>
    /// Judges every live listing and writes its verdict (score and diagnosis only for a zombie; reasons and the
    /// time for all), a page of listings per transaction. Views and impressions are the sums of the listing's
    /// daily snapshots over the last 30 dates, null when none of them has the figure.
    /// </summary>
    public async Task<ZombieScanReport> ScanAsync(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var scorer = new ZombieScorer(rules.CurrentValue);
        var now = clock.GetUtcNow();
        var byDiagnosis = Enum.GetValues<ZombieDiagnosis>().ToDictionary(diagnosis => diagnosis, _ => 0);
        var judged = 0;
        long after = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var page = await db.Listings
                .Where(ZombieCandidates.Judged)
                .Where(listing => listing.Id > after)
                .OrderBy(listing => listing.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            var ids = page.Select(listing => listing.Id).ToList();
            var traffic = await ZombieTraffic.ReadAsync(db, ids, now, cancellationToken);
            foreach (var listing in page)
            {
                var verdict = Judge(scorer, listing, traffic.GetValueOrDefault(listing.Id), now);
                if (verdict.Diagnosis is { } diagnosis)
                {
                    byDiagnosis[diagnosis]++;
                }
            }
            using (await writes.EnterAsync(cancellationToken))
            {
                // Only the four verdict columns are written (EF updates what changed), so a sync or a relist
                // writing the same rows meanwhile keeps its own columns.
                await db.SaveChangesAsync(cancellationToken);
            }
            judged += page.Count;
            after = ids[^1];
            progress?.Report(judged);
        }

        // Listings no longer live keep no zombie score: they would otherwise linger in lists and counts.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            using (await writes.EnterAsync(cancellationToken))
            {
                await db.Listings.Where(ZombieCandidates.Stale)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(listing => listing.ZombieScore, (int?)null)
                        .SetProperty(listing => listing.ZombieDiagnosis, (ZombieDiagnosis?)null), cancellationToken);
            }
        }
        return new ZombieScanReport(judged, byDiagnosis.Values.Sum(), byDiagnosis, now);
    }

    /// <summary>Judges the listing and writes the verdict on it.</summary>
    private static ZombieVerdict Judge(ZombieScorer scorer, Listing listing, ZombieTraffic? traffic, DateTimeOffset now)
    {
        var verdict = scorer.Judge(new ListingFacts
        {
            ListingId = listing.Id,
            ListedAt = ZombieCandidates.AgeStart(listing),
            ViewsLast30Days = traffic?.Views,
            ImpressionsLast30Days = traffic?.Impressions,
            Watchers = listing.Watchers,
            LastSaleAt = listing.LastSaleAt,
            Price = listing.Price,
            Currency = listing.Currency,
            SnoozedUntil = listing.SnoozedUntil,
        }, now);
        listing.ZombieScore = verdict.Score;
        listing.ZombieDiagnosis = verdict.Diagnosis;
        listing.ZombieReasons = Clip(verdict.Reasons);
        listing.JudgedAt = now;
        return verdict;
    }

    private static string Clip(string reasons) => reasons.Length <= 500 ? reasons : reasons[..497] + "...";
}
