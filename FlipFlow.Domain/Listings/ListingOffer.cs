namespace FlipFlow.Domain.Listings;

public enum OfferStatus
{
    Sent,
    Failed,
}

/// <summary>An offer sent to a listing's watchers (interested buyers): at what price, to how many, and how it went.</summary>
public sealed class ListingOffer
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "USD";

    /// <summary>The discount off the listing's price, in percent, before the floor was applied.</summary>
    public decimal DiscountPercent { get; set; }

    public int Watchers { get; set; }
    public OfferStatus Status { get; set; }

    /// <summary>The marketplace's id for the offer, when it gives one.</summary>
    public string? RemoteId { get; set; }

    public string? Error { get; set; }

    /// <summary>Who or what sent it: a user's email, or the offers job.</summary>
    public required string SentBy { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
