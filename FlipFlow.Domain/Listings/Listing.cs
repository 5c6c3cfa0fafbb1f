using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;

namespace FlipFlow.Domain.Listings;

public enum ListingStatus
{
    Draft,
    Active,
    Ended,
    Sold,
}

/// <summary>A product's representation on one marketplace.</summary>
public sealed class Listing
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public Marketplace Marketplace { get; set; }

    /// <summary>The marketplace's id for the listing; null until it exists there.</summary>
    public string? RemoteId { get; set; }

    public string? Url { get; set; }
    public ListingStatus Status { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "USD";
    public int Quantity { get; set; }
    public DateTimeOffset? ListedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When relisted: the listing this one replaced, whose history it carries on.</summary>
    public long? ReplacesListingId { get; set; }

    /// <summary>Lifetime views, impressions and watchers as the marketplace last reported them; null when it reports none ("no data", never 0).</summary>
    public int? Views { get; set; }

    public int? Impressions { get; set; }
    public int? Watchers { get; set; }

    /// <summary>Units sold through this listing, and when the last one sold.</summary>
    public int QuantitySold { get; set; }

    public DateTimeOffset? LastSaleAt { get; set; }

    /// <summary>When a sync last read the listing from its marketplace.</summary>
    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>Until when the zombie killer leaves the listing alone.</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }

    /// <summary>The last zombie scan's verdict: its score (null when the listing is not a zombie), diagnosis and reasons in words.</summary>
    public int? ZombieScore { get; set; }

    public Zombies.ZombieDiagnosis? ZombieDiagnosis { get; set; }
    public string? ZombieReasons { get; set; }
    public DateTimeOffset? JudgedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsLive => Status is ListingStatus.Active;
}
