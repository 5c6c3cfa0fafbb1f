using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>
/// A marketplace simulated inside FlipFlow and kept in its database, so publishing, ending and relisting work
/// offline and on first run. Like a real one it fails now and then (Marketplaces:Demo:Market:FailureRate: a 503
/// before acting, or an answer lost after acting) and answers 429 past its rate limit, which FlipFlow's
/// orchestration retries. Creates and uploads take an idempotency key: the same key twice acts once.
/// </summary>
public sealed class DemoMarketplace(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IOptions<DemoMarketOptions> options,
    DemoRandom random,
    MarketplaceRateLimiter limiter,
    MarketplaceConnections connections,
    TimeProvider clock) : IMarketplaceClient
{
    private readonly Queue<DateTimeOffset> recentCalls = new();

    public Marketplace Marketplace => Marketplace.Demo;

    public Task<RemoteListing?> FindBySkuAsync(string sku, CancellationToken cancellationToken) =>
        CallAsync(async db => (await db.Set<DemoListing>().AsNoTracking()
                .Where(listing => listing.Sku == sku && (listing.Status == ListingStatus.Active || listing.Status == ListingStatus.Draft))
                .OrderByDescending(listing => listing.Id)
                .FirstOrDefaultAsync(cancellationToken)) is { } found ? ToRemote(found) : null,
            cancellationToken);

    public Task<RemoteListing?> GetListingAsync(string remoteId, CancellationToken cancellationToken) =>
        CallAsync(async db => DemoListing.IdOf(remoteId) is { } id
                && await db.Set<DemoListing>().AsNoTracking().FirstOrDefaultAsync(listing => listing.Id == id, cancellationToken) is { } found
                ? ToRemote(found)
                : null,
            cancellationToken);

    /// <summary>Stores an image for later listings; the same key returns the image stored before.</summary>
    public Task<string> UploadImageAsync(string sourceUrl, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync(async db =>
        {
            if (await db.Set<DemoImage>().AsNoTracking().FirstOrDefaultAsync(image => image.IdempotencyKey == idempotencyKey, cancellationToken) is { } stored)
            {
                return DemoImage.RemoteIdOf(stored.Id);
            }
            var image = new DemoImage { IdempotencyKey = idempotencyKey, SourceUrl = sourceUrl, UploadedAt = clock.GetUtcNow() };
            db.Add(image);
            await db.SaveChangesAsync(cancellationToken);
            return DemoImage.RemoteIdOf(image.Id);
        }, cancellationToken);

    /// <summary>Creates a live listing; the same key returns the listing created before.</summary>
    public Task<RemoteListing> CreateListingAsync(ListingContent content, int imageCount, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync(async db =>
        {
            if (await db.Set<DemoListing>().AsNoTracking().FirstOrDefaultAsync(listing => listing.IdempotencyKey == idempotencyKey, cancellationToken) is { } created)
            {
                return ToRemote(created);
            }
            if (content.Price <= 0 || content.Quantity <= 0)
            {
                throw new PermanentMarketplaceException(Marketplace, "Demo answered 400: price and quantity must be above zero.");
            }
            var now = clock.GetUtcNow();
            var listing = new DemoListing
            {
                Sku = content.Sku,
                Title = content.Title,
                Price = content.Price,
                Currency = content.Currency,
                Quantity = content.Quantity,
                Status = ListingStatus.Active,
                IdempotencyKey = idempotencyKey,
                ImageCount = imageCount,
                CreatedAt = now,
                ActivityUntil = now,
            };
            db.Add(listing);
            await db.SaveChangesAsync(cancellationToken);
            return ToRemote(listing);
        }, cancellationToken);

    public Task EndListingAsync(string remoteId, CancellationToken cancellationToken) =>
        CallAsync(async db =>
        {
            var listing = await FindAsync(db, remoteId, cancellationToken);
            if (listing.Status is ListingStatus.Active or ListingStatus.Draft)
            {
                listing.Status = ListingStatus.Ended;
                listing.EndedAt = clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);

    public Task<RemoteListing> UpdateListingAsync(string remoteId, ListingContent content, CancellationToken cancellationToken) =>
        CallAsync(async db =>
        {
            var listing = await FindAsync(db, remoteId, cancellationToken);
            if (listing.Status is not ListingStatus.Active)
            {
                throw new PermanentMarketplaceException(Marketplace, $"Demo answered 409: listing {remoteId} is {listing.Status}, only active listings can be revised.");
            }
            listing.Title = content.Title;
            listing.Price = content.Price;
            listing.Currency = content.Currency;
            listing.Quantity = content.Quantity;
            await db.SaveChangesAsync(cancellationToken);
            return ToRemote(listing);
        }, cancellationToken);

    public Task<IReadOnlyList<RemoteListing>> GetActiveListingsAsync(CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<RemoteListing>>(async db => (await db.Set<DemoListing>().AsNoTracking()
                .Where(listing => listing.Status == ListingStatus.Active)
                .OrderBy(listing => listing.Id)
                .ToListAsync(cancellationToken)).Select(ToRemote).ToList(),
            cancellationToken);

    private async Task<DemoListing> FindAsync(FlipFlowDbContext db, string remoteId, CancellationToken cancellationToken) =>
        DemoListing.IdOf(remoteId) is { } id && await db.Set<DemoListing>().FirstOrDefaultAsync(listing => listing.Id == id, cancellationToken) is { } found
            ? found
            : throw new PermanentMarketplaceException(Marketplace, $"Demo answered 404: there is no listing {remoteId}.");

    /// <summary>One call to the market: rate limit, a chance of failing before acting, the act, a chance of losing the answer.</summary>
    private async Task<T> CallAsync<T>(Func<FlipFlowDbContext, Task<T>> act, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(Marketplace, cancellationToken);
        var settings = options.Value;
        if (OverRateLimit(settings.RateLimitPerSecond))
        {
            await connections.RecordCallAsync(Marketplace, "Demo answered 429: too many requests.", cancellationToken);
            throw new TransientMarketplaceException(Marketplace, "Demo answered 429: too many requests.", TimeSpan.FromSeconds(1));
        }
        var failure = random.Next() < settings.FailureRate;
        var afterActing = failure && random.Next() < 0.5;
        if (failure && !afterActing)
        {
            await connections.RecordCallAsync(Marketplace, "Demo answered 503: service unavailable (simulated).", cancellationToken);
            throw new TransientMarketplaceException(Marketplace, "Demo answered 503: service unavailable (simulated).");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await act(db);
        if (afterActing)
        {
            await connections.RecordCallAsync(Marketplace, "Demo acted but its answer was lost (simulated timeout).", cancellationToken);
            throw new TransientMarketplaceException(Marketplace, "Demo acted but its answer was lost (simulated timeout).");
        }
        await connections.RecordCallAsync(Marketplace, null, cancellationToken);
        return result;
    }

    private bool OverRateLimit(int perSecond)
    {
        if (perSecond <= 0)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        lock (recentCalls)
        {
            while (recentCalls.Count > 0 && now - recentCalls.Peek() >= TimeSpan.FromSeconds(1))
            {
                recentCalls.Dequeue();
            }
            if (recentCalls.Count >= perSecond)
            {
                return true;
            }
            recentCalls.Enqueue(now);
            return false;
        }
    }

    private static RemoteListing ToRemote(DemoListing listing) => new(
        listing.RemoteId, listing.Sku, listing.Status, listing.Price, listing.Currency, listing.Quantity, null,
        listing.CreatedAt, listing.EndedAt, listing.QuantitySold, listing.Views, listing.Impressions, listing.Watchers);
}

/// <summary>The Demo marketplace's dice, seeded from Marketplaces:Demo:Market:Seed when set.</summary>
public sealed class DemoRandom(IOptions<DemoMarketOptions> options)
{
    private readonly Random random = options.Value.Seed is { } seed ? new Random(seed) : new Random();

    public double Next()
    {
        lock (random)
        {
            return random.NextDouble();
        }
    }
}
