using FlipFlow.Domain.Alerts;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>
/// Raises alerts: keeps each in the alert history with a pending delivery to every enabled channel, once per cause an
/// hour (<see cref="AlertPolicy"/>), and starts the alert-delivery job to send them at once. A failure to raise is
/// logged, never thrown: an alert must not turn the work that failed into a different failure.
/// </summary>
public sealed class AlertCenter(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock, IServiceProvider services,
    ILogger<AlertCenter> logger) : IAlerts
{
    /// <summary>One raise at a time in this process, so two failures of one cause in the same moment make one alert.</summary>
    private readonly SemaphoreSlim raising = new(1, 1);

    public async Task<bool> RaiseAsync(AlertKind kind, string cause, string title, string? detail, string? link, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await SaveAsync(kind, cause, title, detail, link, cancellationToken))
            {
                return false;
            }
            logger.LogWarning("Alert: {Title}", title);
            // Resolved here, not injected: the job scheduler's filters hold the run recorder, which raises alerts.
            await services.GetRequiredService<IJobScheduler>().TriggerAsync(AlertDeliveryWork.Definition.Id, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not raise the alert {Cause}: {Title}", cause, title);
            return false;
        }
    }

    private async Task<bool> SaveAsync(AlertKind kind, string cause, string title, string? detail, string? link, CancellationToken cancellationToken)
    {
        await raising.WaitAsync(cancellationToken);
        try
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var key = Truncate(cause, Alert.CauseMaxLength);
            var last = await db.Alerts.Where(alert => alert.Cause == key).OrderByDescending(alert => alert.RaisedAt).Select(alert => (DateTimeOffset?)alert.RaisedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (!AlertPolicy.IsDue(last, now))
            {
                return false;
            }
            var alert = new Alert
            {
                Kind = kind, Cause = key, Title = Truncate(title, Alert.TitleMaxLength), Detail = detail is null ? null : Truncate(detail, Alert.DetailMaxLength),
                Link = link, RaisedAt = now,
            };
            db.Alerts.Add(alert);
            await db.SaveChangesAsync(cancellationToken);
            var channels = await db.AlertChannels.Where(channel => channel.Enabled).Select(channel => channel.Id).ToListAsync(cancellationToken);
            db.AlertDeliveries.AddRange(channels.Select(channel => new AlertDelivery
            {
                AlertId = alert.Id, ChannelId = channel, Status = AlertDeliveryStatus.Pending, NextAttemptAt = now,
            }));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        finally
        {
            raising.Release();
        }
    }

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
