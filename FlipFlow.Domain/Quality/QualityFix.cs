namespace FlipFlow.Domain.Quality;

/// <summary>
/// One fix of the data-quality page: the market listings a check found, left out of price figures by whom and when, and
/// undone by whom and when. Each listing it left out names it (<see cref="Market.MarketListing.ExcludedByFixId"/>), so
/// undoing it brings back exactly those.
/// </summary>
public sealed class QualityFix
{
    public long Id { get; set; }
    public QualityCheckKind Check { get; set; }
    public int Listings { get; set; }
    public required string AppliedBy { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
    public string? UndoneBy { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
}
