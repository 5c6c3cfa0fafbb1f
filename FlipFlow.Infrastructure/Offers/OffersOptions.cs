namespace FlipFlow.Infrastructure.Offers;

/// <summary>How the listing-offers job picks listings and prices its offers: the Offers section of appsettings.json.</summary>
public sealed class OffersOptions
{
    public const string Section = "Offers";

    /// <summary>A live listing needs at least this many watchers to get an offer from the job.</summary>
    public int MinWatchers { get; set; } = 2;

    /// <summary>Days after an offer was sent before the job sends the listing another.</summary>
    public int GapDays { get; set; } = 7;

    /// <summary>The discount off the listing's price, in percent.</summary>
    public decimal DiscountPercent { get; set; } = 10m;

    /// <summary>No offer goes below this share of the listing's price, in percent, whatever the discount.</summary>
    public decimal FloorPercent { get; set; } = 80m;

    /// <summary>Hours after a failed attempt before the job tries the listing again (a failure does not start the gap).</summary>
    public int RetryFailedAfterHours { get; set; } = 24;

    /// <summary>At most this many offers per run; the rest wait for the next hour.</summary>
    public int MaxPerRun { get; set; } = 500;
}
