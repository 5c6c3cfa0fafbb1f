using FlipFlow.Domain.Catalog;

namespace FlipFlow.Domain.Market;

/// <summary>Where a market listing was seen: the platform its seller sells on.</summary>
public enum MarketPlatform
{
    Ebay,
    Blokpax,
    ShootStrayt,

    /// <summary>Any other web shop, read from its own page by an import from addresses.</summary>
    Shop,
}

/// <summary>What brought a market listing into FlipFlow.</summary>
public enum MarketSourceKind
{
    Demo,
    EbayBrowse,
    EbayInsights,
    Blokpax,

    /// <summary>An operator's import from addresses (<c>/ingest</c>).</summary>
    UrlImport,
}

public enum MarketListingFormat
{
    FixedPrice,
    Auction,
    BestOffer,
}

public enum MarketListingStatus
{
    Active,
    Sold,
    Ended,
}

public enum MarketProductType
{
    Single,
    Box,
    Pack,
    Bundle,
    Lot,
}

/// <summary>
/// A listing or sale by anyone, seen on a platform: what the market offers and what it paid. Bulk lots and listings
/// of other games are kept but never priced: only listings with a <see cref="CardId"/>, no <see cref="IsBulkLot"/> and
/// no <see cref="ExcludedByFixId"/> enter a price figure.
/// </summary>
public sealed class MarketListing
{
    public const int ExternalIdMaxLength = 200;
    public const int UrlMaxLength = 1000;
    public const int TitleMaxLength = 500;
    public const int ConditionMaxLength = 60;
    public const int ImageUrlsMaxLength = 4000;

    public long Id { get; set; }
    public MarketPlatform Platform { get; set; }

    /// <summary>The platform's own id for the listing: unique with <see cref="Platform"/>.</summary>
    public required string ExternalId { get; set; }

    public string? Url { get; set; }
    public required string Title { get; set; }
    public MarketListingFormat Format { get; set; }
    public MarketListingStatus Status { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public decimal? Shipping { get; set; }
    public int Quantity { get; set; } = 1;
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? SoldAt { get; set; }

    /// <summary>When its title, price, status or images last changed, as far as FlipFlow saw; null when never seen to change.</summary>
    public DateTimeOffset? LastModifiedAt { get; set; }

    /// <summary>The item's condition as its page gave it ("Used", "Near Mint"), for a listing imported from its address.</summary>
    public string? Condition { get; set; }

    /// <summary>Its photos' addresses, one per line, for a listing imported from its address.</summary>
    public string? ImageUrls { get; set; }

    /// <summary>The seller as the platform showed it, untouched: a username with its feedback blob, a wallet address…</summary>
    public string? SellerText { get; set; }

    /// <summary>The seller read from <see cref="SellerText"/>, or the seller it was merged into; null when the text names none.</summary>
    public long? SellerId { get; set; }

    public MarketSourceKind Source { get; set; }

    // What the title says, from the title parser.
    public int? CardId { get; set; }
    public Card? Card { get; set; }
    public string? Treatment { get; set; }
    public string? Grading { get; set; }
    public MarketProductType ProductType { get; set; }
    public string? ProductSubtype { get; set; }
    public int? BundlePackCount { get; set; }
    public bool IsBulkLot { get; set; }

    /// <summary>How sure the title parser was of <see cref="CardId"/>, 0-1.</summary>
    public double ParseConfidence { get; set; }

    /// <summary>The data-quality fix that left this listing out of price figures (a duplicate, an outlier…); null while it counts.</summary>
    public long? ExcludedByFixId { get; set; }

    /// <summary>Takes what the title parser read from the title: the card, treatment, grading and kind of product, and how sure it was.</summary>
    public void Apply(TitleParse parse)
    {
        CardId = parse.Card?.Id;
        Treatment = parse.Treatment;
        Grading = parse.Grading;
        ProductType = parse.ProductType;
        ProductSubtype = parse.ProductSubtype;
        BundlePackCount = parse.BundlePackCount;
        IsBulkLot = parse.IsBulkLot;
        ParseConfidence = parse.Confidence;
    }
}

public enum MarketListingEventKind
{
    PriceChanged,
    Sold,
    Ended,
}

/// <summary>A change seen on a market listing, saved in the same transaction as the listing's new state.</summary>
public sealed class MarketListingEvent
{
    public long Id { get; set; }
    public long MarketListingId { get; set; }
    public MarketListingEventKind Kind { get; set; }

    /// <summary>The value before and after, in invariant text: "12.50", "Active".</summary>
    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
    public DateTimeOffset At { get; set; }

    public static MarketListingEvent Of(long listingId, MarketListingEventKind kind, string? oldValue, string? newValue, DateTimeOffset at) =>
        new() { MarketListingId = listingId, Kind = kind, OldValue = oldValue, NewValue = newValue, At = at };

    /// <summary>A price as an event keeps it: "12.50".</summary>
    public static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One read of one market source: when, what it found and changed, and what went wrong.</summary>
public sealed class MarketImport
{
    public long Id { get; set; }
    public MarketSourceKind Source { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Seen { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int PriceChanges { get; set; }
    public int Ended { get; set; }
    public int Errors { get; set; }

    /// <summary>The errors, one per line, as far as they fit.</summary>
    public string? ErrorText { get; set; }
}
