namespace FlipFlow.Domain.Marketplaces;

/// <summary>A marketplace refused or failed a call. <see cref="IsTransient"/> says whether trying again may help.</summary>
public abstract class MarketplaceException(Marketplace marketplace, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public Marketplace Marketplace { get; } = marketplace;

    public abstract bool IsTransient { get; }
}

/// <summary>A timeout, a rate limit (429) or a server error (5xx): the same call may succeed later.</summary>
public sealed class TransientMarketplaceException(
    Marketplace marketplace, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : MarketplaceException(marketplace, message, inner)
{
    public override bool IsTransient => true;

    /// <summary>How long the marketplace asked to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The marketplace refused the request as it is (validation, not found, not allowed): retrying the same call will not help.</summary>
public sealed class PermanentMarketplaceException(Marketplace marketplace, string message, Exception? inner = null)
    : MarketplaceException(marketplace, message, inner)
{
    public override bool IsTransient => false;
}
