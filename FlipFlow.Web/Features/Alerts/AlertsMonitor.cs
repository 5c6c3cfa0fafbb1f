using FlipFlow.Infrastructure.Alerts;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Alerts;

/// <summary>Tells the banner when the alerts of the last hour change: one raised, or one an hour old, read every five seconds while a page listens.</summary>
public sealed class AlertsMonitor(AlertHistory history, TimeProvider clock, ILogger<AlertsMonitor> logger)
    : ChangeMonitor(TimeSpan.FromSeconds(5), clock, logger)
{
    protected override string Outage => "The alert banner cannot read the alerts";

    protected override async Task<string> ReadFingerprintAsync(CancellationToken cancellationToken) =>
        string.Join(";", (await history.CurrentAsync(cancellationToken)).Select(alert => alert.Id));
}
