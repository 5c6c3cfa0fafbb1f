using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Orchestration;

namespace FlipFlow.Infrastructure.Orchestration;

/// <summary>Every registered handler, found by marketplace and operation.</summary>
public sealed class MarketplaceHandlers(IEnumerable<IMarketplaceHandler> handlers)
{
    private readonly Dictionary<(Marketplace, MarketplaceOperation), IMarketplaceHandler> byKey =
        handlers.ToDictionary(handler => (handler.Marketplace, handler.Operation));

    public bool Supports(Marketplace marketplace, MarketplaceOperation operation) => byKey.ContainsKey((marketplace, operation));

    public IMarketplaceHandler Get(Marketplace marketplace, MarketplaceOperation operation) =>
        byKey.TryGetValue((marketplace, operation), out var handler)
            ? handler
            : throw new NotSupportedException($"FlipFlow cannot {operation.ToString().ToLowerInvariant()} on {marketplace.DisplayName()}.");
}
