using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>Every registered handler, found by marketplace and operation; a later registration replaces an earlier one.</summary>
public sealed class MarketplaceHandlers(IEnumerable<IMarketplaceHandler> handlers)
{
    private readonly Dictionary<(Marketplace, MarketplaceOperation), IMarketplaceHandler> byKey =
        handlers.GroupBy(handler => (handler.Marketplace, handler.Operation)).ToDictionary(group => group.Key, group => group.Last());

    public bool Supports(Marketplace marketplace, MarketplaceOperation operation) => byKey.ContainsKey((marketplace, operation));

    public IMarketplaceHandler Get(Marketplace marketplace, MarketplaceOperation operation) =>
        byKey.TryGetValue((marketplace, operation), out var handler)
            ? handler
            : throw new NotSupportedException($"FlipFlow cannot {operation.ToString().ToLowerInvariant()} on {marketplace.DisplayName()}.");
}
