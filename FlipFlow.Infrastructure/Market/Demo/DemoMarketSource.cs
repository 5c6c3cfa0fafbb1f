using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market.Demo;

/// <summary>The demo market as a market source: always connected, and it lists every active listing, so one it stops returning has ended.</summary>
public sealed class DemoMarketSource(TimeProvider clock) : IMarketSource
{
    public MarketSourceKind Kind => MarketSourceKind.Demo;

    public bool ListsActives => true;

    public Task<bool> IsConnectedAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken) =>
        Task.FromResult(new MarketSourceRead(new DemoMarket(cards).ReadAt(clock.GetUtcNow()), []));
}
