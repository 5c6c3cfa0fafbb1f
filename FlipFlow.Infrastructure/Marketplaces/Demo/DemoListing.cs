using FlipFlow.Domain.Listings;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>A listing on the Demo marketplace: the simulated marketplace's own record, not FlipFlow's <see cref="Listing"/>.</summary>
public sealed class DemoListing
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Title { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "USD";
    public int Quantity { get; set; }
    public int QuantitySold { get; set; }
    public ListingStatus Status { get; set; }

    /// <summary>The key the create call came with: the same key twice creates one listing.</summary>
    public string? IdempotencyKey { get; set; }

    public int ImageCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public int Views { get; set; }
    public int Impressions { get; set; }
    public int Watchers { get; set; }
    public DateTimeOffset? LastSaleAt { get; set; }

    /// <summary>Until when the market has simulated the listing's traffic and sales.</summary>
    public DateTimeOffset ActivityUntil { get; set; }

    public string RemoteId => RemoteIdOf(Id);

    public static string RemoteIdOf(long id) => $"demo-{id}";

    public static long? IdOf(string remoteId) =>
        remoteId.StartsWith("demo-", StringComparison.Ordinal) && long.TryParse(remoteId.AsSpan(5), out var id) ? id : null;
}

/// <summary>An image uploaded to the Demo marketplace.</summary>
public sealed class DemoImage
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string SourceUrl { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

    public static string RemoteIdOf(long id) => $"demo-img-{id}";
}
