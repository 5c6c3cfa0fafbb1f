using FlipFlow.Domain.Marketplaces;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Marketplaces;

/// <summary>
/// Spaces this process's calls to each marketplace to at most Marketplaces:&lt;Name&gt;:RequestsPerSecond: each
/// call takes the next free slot on its marketplace's timeline and waits for it.
/// </summary>
public sealed class MarketplaceRateLimiter(IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    private readonly Dictionary<Marketplace, DateTimeOffset> nextSlot = [];

    public Task WaitAsync(Marketplace marketplace, CancellationToken cancellationToken)
    {
        var perSecond = options.Value.For(marketplace).RequestsPerSecond;
        if (perSecond <= 0)
        {
            return Task.CompletedTask;
        }
        var spacing = TimeSpan.FromSeconds(1 / perSecond);
        var now = clock.GetUtcNow();
        DateTimeOffset slot;
        lock (nextSlot)
        {
            slot = nextSlot.TryGetValue(marketplace, out var next) && next > now ? next : now;
            nextSlot[marketplace] = slot + spacing;
        }
        var wait = slot - now;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, clock, cancellationToken);
    }
}
