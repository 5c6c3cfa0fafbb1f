using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>
/// Sends the alerts' due deliveries, oldest first: each to its channel, then marked sent, or tried again later with a
/// growing delay (<see cref="AlertPolicy.RetryAfter"/>), or given up. Raising an alert starts it; the schedule picks up
/// the retries.
/// </summary>
public sealed class AlertDeliveryWork(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, AlertSender sender, TimeProvider clock) : IJobWork
{
    private const int PerRun = 200;

    public static readonly JobDefinition Definition = new(
        "alert-delivery",
        "Alert delivery",
        "Sends raised alerts to the alert channels (webhooks) and tries again, waiting longer each time, while a receiver is down. Raising an alert starts it.",
        "0 0/5 * * * ?",
        RetryPolicy.None);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        int sent = 0, retrying = 0, failed = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await (from delivery in db.AlertDeliveries
                         where delivery.Status == AlertDeliveryStatus.Pending && delivery.NextAttemptAt <= clock.GetUtcNow()
                         join alert in db.Alerts on delivery.AlertId equals alert.Id
                         join channel in db.AlertChannels on delivery.ChannelId equals channel.Id
                         orderby delivery.Id
                         select new { delivery, alert, channel })
            .Take(PerRun).ToListAsync(cancellationToken);
        foreach (var (delivery, alert, channel) in due.Select(row => (row.delivery, row.alert, row.channel)))
        {
            var result = channel.Enabled
                ? await sender.PostAsync(channel, alert, cancellationToken)
                : new AlertPostResult(false, "The channel was switched off.");
            delivery.Attempts++;
            if (result.Sent)
            {
                (delivery.Status, delivery.SentAt, delivery.LastError) = (AlertDeliveryStatus.Sent, clock.GetUtcNow(), null);
                sent++;
            }
            else if (channel.Enabled && AlertPolicy.RetryAfter(delivery.Attempts) is { } wait)
            {
                (delivery.NextAttemptAt, delivery.LastError) = (clock.GetUtcNow() + wait, result.Error);
                run.Log($"Alert {alert.Id} to {channel.Name}: {result.Error} Trying again in {wait.TotalSeconds:0} s.");
                retrying++;
            }
            else
            {
                (delivery.Status, delivery.LastError) = (AlertDeliveryStatus.Failed, result.Error);
                run.Log($"Alert {alert.Id} to {channel.Name}: {result.Error} Given up after {delivery.Attempts} attempts.");
                failed++;
            }
            using var turn = await writes.EnterAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return $"sent {sent}, {retrying} to try again, {failed} given up";
    }
}
