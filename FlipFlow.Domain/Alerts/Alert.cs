namespace FlipFlow.Domain.Alerts;

/// <summary>What went wrong. Only failures raise alerts: nothing is ever sent for a success.</summary>
public enum AlertKind
{
    /// <summary>A job failed its last attempt: no retry follows.</summary>
    JobFailed,

    /// <summary>An inventory import failed.</summary>
    ImportFailed,

    /// <summary>A read of a market source failed.</summary>
    ScanFailed,

    /// <summary>After an import, less of the market's listings than the threshold have a seller.</summary>
    SellerCoverageLow,

    /// <summary>After an import, more of the SKUs than the threshold are unmapped.</summary>
    UnmappedSkusHigh,

    /// <summary>Too many of a marketplace's recent tasks failed.</summary>
    MarketplaceFailureRate,

    /// <summary>A test an Admin sent to check a channel; kept apart from real alerts.</summary>
    Test,
}

/// <summary>
/// One alert: raised once per <see cref="Cause"/> an hour at most (<see cref="AlertPolicy"/>), kept in the alert
/// history, shown in the console's banner for that hour and sent to every enabled channel.
/// </summary>
public sealed class Alert
{
    public const int CauseMaxLength = 200;
    public const int TitleMaxLength = 300;
    public const int DetailMaxLength = 4000;

    public long Id { get; set; }
    public AlertKind Kind { get; set; }

    /// <summary>What the alert is about, e.g. <c>job:market-scan</c>: the key of "once per cause per hour".</summary>
    public required string Cause { get; set; }

    public required string Title { get; set; }
    public string? Detail { get; set; }

    /// <summary>Where in the console to look, relative to its root (<c>jobs/market-scan</c>), or null.</summary>
    public string? Link { get; set; }

    public DateTimeOffset RaisedAt { get; set; }
}

public enum AlertFormat
{
    /// <summary>Discord's webhook body: <c>{ "content": …, "embeds": [ … ] }</c>; Slack-compatible receivers read <c>content</c> too.</summary>
    Discord,

    /// <summary>A plain JSON body with every field of the alert.</summary>
    Json,
}

/// <summary>A webhook alerts are sent to.</summary>
public sealed class AlertChannel
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;

    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary>The webhook's host, all of its address that may be shown: the path holds its secret.</summary>
    public string Host => Uri.TryCreate(Url, UriKind.Absolute, out var address) ? address.Authority : "";
    public AlertFormat Format { get; set; }
    public bool Enabled { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum AlertDeliveryStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>One alert on its way to one channel: tried again with a growing delay while the receiver is down, until it is sent or given up.</summary>
public sealed class AlertDelivery
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public long ChannelId { get; set; }
    public AlertDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
