using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>How a marketplace's tasks went over a window: tasks that ended (completed or failed) in it.</summary>
public sealed record TaskWindowStats(
    TimeSpan Window, int Completed, int Failed, double? SuccessRate, TimeSpan? P50, TimeSpan? P95,
    IReadOnlyList<FailureReason> TopFailures);

public sealed record FailureReason(string Error, int Count);

public sealed record MarketplaceTaskStats(Marketplace Marketplace, TaskWindowStats Day, TaskWindowStats Week);

/// <summary>A marketplace whose recent tasks fail too often: what the console's banner says.</summary>
public sealed record FailureAlert(Marketplace Marketplace, int Failed, int OutOf, double Rate);

/// <summary>Listings by status on one marketplace, as FlipFlow knows them.</summary>
public sealed record MarketplaceListingCounts(Marketplace Marketplace, int Draft, int Active, int Ended, int Sold);

/// <summary>
/// Figures about marketplace work: per marketplace over 24 hours and 7 days, the success rate, task duration
/// p50 and p95 and the top failure reasons; and the alert when more than a fifth of the last 50 tasks failed.
/// </summary>
public sealed class MarketplaceStats(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock, IAlerts alertCenter, ILogger<MarketplaceStats> logger)
{
    /// <summary>How many of a marketplace's latest tasks the alert looks at, and the failure share above which it fires.</summary>
    public const int AlertWindow = 50;

    public const double AlertThreshold = 0.2;

    /// <summary>Logged when a marketplace's failure rate crosses the threshold, for alerting on the logs.</summary>
    public static readonly EventId FailureRateHigh = new(9101, "MarketplaceFailureRateHigh");

    private readonly Dictionary<Marketplace, bool> alerting = [];

    public async Task<IReadOnlyList<MarketplaceTaskStats>> TaskStatsAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ended = await db.MarketplaceTasks.AsNoTracking()
            .Where(task => task.FinishedAt >= weekAgo
                && (task.Status == MarketplaceTaskStatus.Completed || task.Status == MarketplaceTaskStatus.Failed))
            .Join(db.MarketplaceJobs, task => task.JobId, job => job.Id, (task, job) => new
            {
                job.Marketplace, task.Status, task.StartedAt, FinishedAt = task.FinishedAt!.Value, task.Error,
            })
            .ToListAsync(cancellationToken);
        return Domain.Marketplaces.Marketplaces.All.Select(marketplace =>
        {
            var mine = ended.Where(task => task.Marketplace == marketplace).ToList();
            TaskWindowStats Window(TimeSpan window)
            {
                var inWindow = mine.Where(task => task.FinishedAt >= now - window).ToList();
                var completed = inWindow.Count(task => task.Status == MarketplaceTaskStatus.Completed);
                var failed = inWindow.Count - completed;
                var durations = inWindow.Where(task => task.StartedAt is not null).Select(task => task.FinishedAt - task.StartedAt!.Value)
                    .Order().ToList();
                var reasons = inWindow.Where(task => task.Status == MarketplaceTaskStatus.Failed)
                    .GroupBy(task => task.Error ?? "no message")
                    .Select(group => new FailureReason(group.Key, group.Count()))
                    .OrderByDescending(reason => reason.Count).ThenBy(reason => reason.Error).Take(5).ToList();
                return new TaskWindowStats(window, completed, failed, inWindow.Count == 0 ? null : (double)completed / inWindow.Count,
                    Percentile(durations, 0.50), Percentile(durations, 0.95), reasons);
            }
            return new MarketplaceTaskStats(marketplace, Window(TimeSpan.FromDays(1)), Window(TimeSpan.FromDays(7)));
        }).ToList();
    }

    /// <summary>
    /// The marketplaces where more than a fifth of the last 50 tasks that ended failed. A marketplace newly over
    /// the line logs <see cref="FailureRateHigh"/> and raises an alert once, until it is back under it.
    /// </summary>
    public async Task<IReadOnlyList<FailureAlert>> FailureAlertsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = new List<FailureAlert>();
        foreach (var marketplace in Domain.Marketplaces.Marketplaces.All)
        {
            var latest = await db.MarketplaceTasks.AsNoTracking()
                .Where(task => task.FinishedAt != null
                    && (task.Status == MarketplaceTaskStatus.Completed || task.Status == MarketplaceTaskStatus.Failed))
                .Join(db.MarketplaceJobs.Where(job => job.Marketplace == marketplace), task => task.JobId, job => job.Id, (task, job) => task)
                .OrderByDescending(task => task.FinishedAt)
                .Take(AlertWindow)
                .Select(task => task.Status)
                .ToListAsync(cancellationToken);
            var failed = latest.Count(status => status == MarketplaceTaskStatus.Failed);
            var over = latest.Count > 0 && (double)failed / latest.Count > AlertThreshold;
            bool was;
            lock (alerting)
            {
                was = alerting.GetValueOrDefault(marketplace);
                alerting[marketplace] = over;
            }
            if (over)
            {
                alerts.Add(new FailureAlert(marketplace, failed, latest.Count, (double)failed / latest.Count));
                if (!was)
                {
                    logger.LogWarning(FailureRateHigh, "{Failed} of the last {Count} {Marketplace} tasks failed", failed, latest.Count,
                        marketplace.DisplayName());
                    await alertCenter.RaiseAsync(AlertKind.MarketplaceFailureRate, $"marketplace:{marketplace.Key()}",
                        $"{failed} of the last {latest.Count} {marketplace.DisplayName()} tasks failed", null, "batches", cancellationToken);
                }
            }
        }
        return alerts;
    }

    /// <summary>FlipFlow's listings by marketplace and status.</summary>
    public async Task<IReadOnlyList<MarketplaceListingCounts>> ListingCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Listings.GroupBy(listing => new { listing.Marketplace, listing.Status })
            .Select(group => new { group.Key.Marketplace, group.Key.Status, Count = group.Count() })
            .ToListAsync(cancellationToken);
        int Count(Marketplace marketplace, ListingStatus status) =>
            counts.FirstOrDefault(count => count.Marketplace == marketplace && count.Status == status)?.Count ?? 0;
        return Domain.Marketplaces.Marketplaces.All.Select(marketplace => new MarketplaceListingCounts(marketplace,
            Count(marketplace, ListingStatus.Draft), Count(marketplace, ListingStatus.Active),
            Count(marketplace, ListingStatus.Ended), Count(marketplace, ListingStatus.Sold))).ToList();
    }

    private static TimeSpan? Percentile(List<TimeSpan> sorted, double share) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
}
