using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Sellers;

/// <summary>
/// One seller on one platform: an eBay username, a Blokpax wallet or username, a ShootStrayt shop. Market listings link
/// to it. A seller merged into another stays as an inactive record pointing to it, so its id still resolves.
/// </summary>
public sealed class Seller
{
    public long Id { get; set; }
    public MarketPlatform Platform { get; set; }

    /// <summary>The platform's own key for the seller, lower-cased: unique with <see cref="Platform"/>.</summary>
    public required string PlatformSellerId { get; set; }

    public required string DisplayName { get; set; }
    public int? FeedbackScore { get; set; }
    public decimal? FeedbackPercent { get; set; }
    public string? Notes { get; set; }

    /// <summary>
    /// What a platform tells about its sellers beyond these fields, by name: <see cref="EbayBadge"/>, the last seller badge
    /// eBay showed.
    /// </summary>
    public Dictionary<string, string> Metadata { get; set; } = [];

    public const string EbayBadge = "ebayBadge";

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>False once merged into another seller (<see cref="MergedIntoId"/>) or otherwise retired.</summary>
    public bool IsActive { get; set; } = true;

    public long? MergedIntoId { get; set; }
}

/// <summary>One merge of sellers into a target: who did it and when, and whether and by whom it was undone.</summary>
public sealed class SellerMerge
{
    public long Id { get; set; }
    public long TargetSellerId { get; set; }
    public required string MergedBy { get; set; }
    public DateTimeOffset MergedAt { get; set; }
    public string? UndoneBy { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
    public List<SellerMergeSource> Sources { get; set; } = [];
}

/// <summary>A seller a merge folded into its target. Only active sellers are merged, so an undo makes it active again.</summary>
public sealed class SellerMergeSource
{
    public long MergeId { get; set; }
    public long SellerId { get; set; }
}

/// <summary>What a merge moved, row by row: the table, the row's id and the seller it belonged to.</summary>
public enum SellerMergeMoveKind
{
    MarketListing,
}

public sealed class SellerMergeMove
{
    public long Id { get; set; }
    public long MergeId { get; set; }
    public SellerMergeMoveKind Kind { get; set; }
    public long RowId { get; set; }
    public long FromSellerId { get; set; }
}
