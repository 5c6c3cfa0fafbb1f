using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Marketplaces;

/// <summary>How hard FlipFlow may drive each marketplace: Marketplaces:&lt;Name&gt;:MaxConcurrency and :RequestsPerSecond.</summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Marketplaces";

    public MarketplaceLimits Demo { get; set; } = new() { MaxConcurrency = 8, RequestsPerSecond = 200 };
    public MarketplaceLimits Ebay { get; set; } = new() { MaxConcurrency = 4, RequestsPerSecond = 5 };
    public MarketplaceLimits Etsy { get; set; } = new() { MaxConcurrency = 4, RequestsPerSecond = 5 };

    public MarketplaceLimits For(Marketplace marketplace) => marketplace switch
    {
        Marketplace.Demo => Demo,
        Marketplace.Ebay => Ebay,
        Marketplace.Etsy => Etsy,
        _ => throw new ArgumentOutOfRangeException(nameof(marketplace), marketplace, null),
    };
}

public sealed class MarketplaceLimits
{
    /// <summary>How many of the marketplace's jobs one process runs at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How many calls per second one process makes to the marketplace, at most.</summary>
    public double RequestsPerSecond { get; set; } = 5;
}
