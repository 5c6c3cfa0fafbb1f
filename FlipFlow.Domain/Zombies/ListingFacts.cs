namespace FlipFlow.Domain.Zombies;

/// <summary>
/// What is known of one live listing when it is judged. A figure the marketplace did not report is null, never
/// 0: null means "no data", 0 means "counted, and there were none".
/// </summary>
public sealed record ListingFacts
{
    public required long ListingId { get; init; }

    /// <summary>When the listing went live (its history carries on through relists).</summary>
    public required DateTimeOffset ListedAt { get; init; }

    public required int? ViewsLast30Days { get; init; }

    /// <summary>How often the listing was shown in search results or feeds in the last 30 days.</summary>
    public required int? ImpressionsLast30Days { get; init; }

    public required int? Watchers { get; init; }

    /// <summary>The latest sale of the listing; null when it never sold.</summary>
    public required DateTimeOffset? LastSaleAt { get; init; }

    public required decimal Price { get; init; }

    public required string Currency { get; init; }

    /// <summary>The seller asked not to be told about this listing before this instant.</summary>
    public DateTimeOffset? SnoozedUntil { get; init; }
}
