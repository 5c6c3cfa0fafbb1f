namespace FlipFlow.Domain.Alerts;

/// <summary>Raises an alert: the port the features that fail (jobs, imports, scans, marketplaces) use, the alerts feature implements.</summary>
public interface IAlerts
{
    /// <summary>Raises the alert unless its cause alerted within the hour; returns whether it did. Never throws for a delivery problem.</summary>
    Task<bool> RaiseAsync(AlertKind kind, string cause, string title, string? detail, string? link, CancellationToken cancellationToken = default);
}
