using FlipFlow.Domain.Alerts;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>One alert's delivery to one channel, as the history shows it.</summary>
public sealed record AlertDeliveryRow(long ChannelId, string Channel, AlertDeliveryStatus Status, int Attempts, DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>An alert with how its deliveries went.</summary>
public sealed record AlertRow(long Id, AlertKind Kind, string Cause, string Title, string? Detail, string? Link, DateTimeOffset RaisedAt,
    IReadOnlyList<AlertDeliveryRow> Deliveries);

/// <summary>The alerts raised, newest first, with their deliveries; and the ones of the last hour, for the console's banner.</summary>
public sealed class AlertHistory(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    public async Task<(IReadOnlyList<AlertRow> Alerts, int Total)> ListAsync(int skip, int take, bool includeTests = true,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking().Where(alert => includeTests || alert.Kind != AlertKind.Test);
        var total = await alerts.CountAsync(cancellationToken);
        var page = await alerts.OrderByDescending(alert => alert.RaisedAt).ThenByDescending(alert => alert.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (await WithDeliveriesAsync(db, page, cancellationToken), total);
    }

    /// <summary>The alerts (tests left out) raised within the quiet hour: what the console's banner shows.</summary>
    public async Task<IReadOnlyList<AlertRow>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow() - AlertPolicy.Quiet;
        var alerts = await db.Alerts.AsNoTracking().Where(alert => alert.Kind != AlertKind.Test && alert.RaisedAt >= since)
            .OrderByDescending(alert => alert.RaisedAt).ThenByDescending(alert => alert.Id).Take(20).ToListAsync(cancellationToken);
        return await WithDeliveriesAsync(db, alerts, cancellationToken);
    }

    private static async Task<IReadOnlyList<AlertRow>> WithDeliveriesAsync(FlipFlowDbContext db, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var ids = alerts.Select(alert => alert.Id).ToList();
        var deliveries = await (from delivery in db.AlertDeliveries.AsNoTracking()
                                where ids.Contains(delivery.AlertId)
                                join channel in db.AlertChannels on delivery.ChannelId equals channel.Id
                                orderby channel.Name
                                select new { delivery, channel.Name })
            .ToListAsync(cancellationToken);
        var byAlert = deliveries.ToLookup(row => row.delivery.AlertId);
        return [.. alerts.Select(alert => new AlertRow(alert.Id, alert.Kind, alert.Cause, alert.Title, alert.Detail, alert.Link, alert.RaisedAt,
            [.. byAlert[alert.Id].Select(row => new AlertDeliveryRow(row.delivery.ChannelId, row.Name, row.delivery.Status, row.delivery.Attempts,
                row.delivery.SentAt, row.delivery.Status == AlertDeliveryStatus.Pending ? row.delivery.NextAttemptAt : null, row.delivery.LastError))]))];
    }
}
