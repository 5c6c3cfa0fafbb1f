using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Sellers;

/// <summary>A seller seen in the market: who, and between which times.</summary>
public sealed record SellerSighting(SellerIdentity Identity, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>
/// Finds the seller of each identity, creating the ones FlipFlow has not met: the get-or-create every market write goes
/// through. A seller merged into another resolves to the seller it was merged into. Two writers creating the same new
/// seller at once make one row: the loser's insert hits the unique key, is rolled back to its savepoint, and reads the
/// winner's row.
/// </summary>
public sealed class SellerIdentities(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes)
{
    private const int Attempts = 3;
    private const int KeysPerQuery = 500;

    /// <summary>The active seller of one identity, created when new: in a transaction of its own.</summary>
    public async Task<Seller> GetOrCreateAsync(SellerSighting sighting, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await ResolveAsync(db, [sighting], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var id = ids[Key(sighting.Identity)];
        return await db.Sellers.AsNoTracking().SingleAsync(seller => seller.Id == id, cancellationToken);
    }

    /// <summary>
    /// The id of the active seller each identity's listings belong to, keyed by <see cref="Key"/>, in the caller's
    /// transaction: sellers are created when new, and their first and last seen and feedback brought up to date.
    /// </summary>
    public static Task<IReadOnlyDictionary<(MarketPlatform, string), long>> ResolveAsync(FlipFlowDbContext db,
        IEnumerable<SellerSighting> sightings, CancellationToken cancellationToken) =>
        ResolveAsync(db, sightings, followMerges: true, cancellationToken);

    /// <summary>
    /// The id of each identity's own seller, merged or not, keyed by <see cref="Key"/>, in the caller's transaction, created
    /// when new: for what stays with the account that holds it, such as inventory, which a merge shows under its target.
    /// </summary>
    public static Task<IReadOnlyDictionary<(MarketPlatform, string), long>> ResolveAccountsAsync(FlipFlowDbContext db,
        IEnumerable<SellerSighting> sightings, CancellationToken cancellationToken) =>
        ResolveAsync(db, sightings, followMerges: false, cancellationToken);

    /// <summary>The seller and every seller merged into it, directly or through another merge.</summary>
    public static async Task<IReadOnlyList<long>> WithMergedAsync(FlipFlowDbContext db, long sellerId, CancellationToken cancellationToken)
    {
        var all = new List<long> { sellerId };
        for (var reached = new List<long> { sellerId }; reached.Count > 0;)
        {
            var from = reached;
            reached = await db.Sellers.AsNoTracking().Where(seller => seller.MergedIntoId != null && from.Contains(seller.MergedIntoId.Value))
                .Select(seller => seller.Id).ToListAsync(cancellationToken);
            reached.RemoveAll(all.Contains);
            all.AddRange(reached);
        }
        return all;
    }

    /// <summary>
    /// Every seller's business: the seller itself, or the one it was merged into, followed through every merge. Figures
    /// that count sellers (a card's supply) count a business once, whatever accounts it holds the card on.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, SellerLink>> BusinessesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var sellers = await db.Sellers.AsNoTracking()
            .Select(seller => new { seller.Id, seller.MergedIntoId, Link = new SellerLink(seller.Id, seller.Platform, seller.PlatformSellerId, seller.DisplayName) })
            .ToDictionaryAsync(seller => seller.Id, cancellationToken);
        SellerLink Root(long id)
        {
            // A merge never points back along its own chain (merging refuses it); the bound guards bad data all the same.
            for (var step = 0; step <= sellers.Count && sellers[id].MergedIntoId is { } into && sellers.ContainsKey(into); step++)
            {
                id = into;
            }
            return sellers[id].Link;
        }
        return sellers.Keys.ToDictionary(id => id, Root);
    }

    private static async Task<IReadOnlyDictionary<(MarketPlatform, string), long>> ResolveAsync(FlipFlowDbContext db,
        IEnumerable<SellerSighting> sightings, bool followMerges, CancellationToken cancellationToken)
    {
        var seen = sightings.GroupBy(sighting => Key(sighting.Identity)).Select(Combine).ToList();
        if (seen.Count == 0)
        {
            return new Dictionary<(MarketPlatform, string), long>();
        }
        for (var attempt = 1; ; attempt++)
        {
            var known = await FindAsync(db, seen.Select(sighting => Key(sighting.Identity)).ToList(), cancellationToken);
            var created = new List<Seller>();
            foreach (var sighting in seen)
            {
                if (known.TryGetValue(Key(sighting.Identity), out var seller))
                {
                    Update(seller, sighting);
                }
                else
                {
                    created.Add(New(sighting));
                }
            }
            // One order for every writer, so two creating the same sellers wait on each other instead of deadlocking.
            created.Sort((left, right) => (left.Platform, left.PlatformSellerId).CompareTo((right.Platform, right.PlatformSellerId)));
            db.Sellers.AddRange(created);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another writer made one of these sellers first: SaveChanges rolled back to its savepoint; read theirs.
                foreach (var seller in created)
                {
                    db.Entry(seller).State = EntityState.Detached;
                }
                continue;
            }
            foreach (var seller in created)
            {
                known[(seller.Platform, seller.PlatformSellerId)] = seller;
            }
            var ids = known.ToDictionary(pair => pair.Key, pair => pair.Value.Id);
            return followMerges ? await HoldOwnersAsync(db, ids, cancellationToken) : ids;
        }
    }

    /// <summary>
    /// Sets each listing's <see cref="MarketListing.SellerId"/> from its seller text, in the caller's transaction. A listing
    /// whose text names no seller keeps the seller it had.
    /// </summary>
    public static async Task LinkAsync(FlipFlowDbContext db, IReadOnlyList<MarketListing> listings, CancellationToken cancellationToken)
    {
        var read = listings
            .Select(listing => (Listing: listing, SellerIdentityRule.Read(listing.Platform, listing.SellerText).Identity))
            .Where(pair => pair.Identity is not null)
            .ToList();
        var owners = await ResolveAsync(db, read.Select(pair => new SellerSighting(pair.Identity!, pair.Listing.FirstSeenAt, pair.Listing.LastSeenAt)),
            cancellationToken);
        foreach (var (listing, identity) in read)
        {
            listing.SellerId = owners[Key(identity!)];
        }
    }

    /// <summary>The key an identity's seller is unique on: its platform and platform seller id.</summary>
    public static (MarketPlatform, string) Key(SellerIdentity identity) => (identity.Platform, identity.SellerId);

    private static SellerSighting Combine(IGrouping<(MarketPlatform, string), SellerSighting> group) =>
        new(group.MaxBy(sighting => sighting.LastSeenAt)!.Identity, group.Min(sighting => sighting.FirstSeenAt), group.Max(sighting => sighting.LastSeenAt));

    private static async Task<Dictionary<(MarketPlatform, string), Seller>> FindAsync(FlipFlowDbContext db,
        IReadOnlyList<(MarketPlatform Platform, string SellerId)> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(MarketPlatform, string), Seller>();
        foreach (var platform in keys.GroupBy(key => key.Platform))
        {
            foreach (var chunk in platform.Select(key => key.SellerId).Chunk(KeysPerQuery))
            {
                var on = platform.Key;
                foreach (var seller in await db.Sellers.Where(seller => seller.Platform == on && chunk.Contains(seller.PlatformSellerId))
                    .ToListAsync(cancellationToken))
                {
                    found[(seller.Platform, seller.PlatformSellerId)] = seller;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// Each key's owner: its seller, or the active seller it was merged into. Every owner's row is held until the caller's
    /// transaction ends and is seen still unmerged while held, so a merge cannot leave listings behind on a source: a merge
    /// holds its sources before it moves their listings, and one that took an owner first has committed by the time the
    /// owner is held, and is followed.
    /// </summary>
    private static async Task<IReadOnlyDictionary<(MarketPlatform, string), long>> HoldOwnersAsync(FlipFlowDbContext db,
        Dictionary<(MarketPlatform, string), long> sellers, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var owners = await FollowMergesAsync(db, sellers, cancellationToken);
            var held = 0;
            var ids = owners.Values.Distinct().ToList();
            foreach (var chunk in ids.Chunk(KeysPerQuery))
            {
                held += await db.Sellers.Where(seller => chunk.Contains(seller.Id) && seller.MergedIntoId == null)
                    .ExecuteUpdateAsync(update => update.SetProperty(seller => seller.IsActive, seller => seller.IsActive), cancellationToken);
            }
            if (held == ids.Count)
            {
                return owners;
            }
            if (attempt == Attempts)
            {
                throw new DbUpdateConcurrencyException($"Sellers kept being merged while {ids.Count} were linked; try again.");
            }
        }
    }

    /// <summary>Each key's seller, or the seller it was merged into, as the database has them now.</summary>
    private static async Task<IReadOnlyDictionary<(MarketPlatform, string), long>> FollowMergesAsync(FlipFlowDbContext db,
        Dictionary<(MarketPlatform, string), long> sellers, CancellationToken cancellationToken)
    {
        var mergedInto = new Dictionary<long, long?>();
        for (var unknown = sellers.Values.Distinct().ToList(); unknown.Count > 0;)
        {
            foreach (var chunk in unknown.Chunk(KeysPerQuery))
            {
                foreach (var seller in await db.Sellers.AsNoTracking().Where(seller => chunk.Contains(seller.Id))
                    .Select(seller => new { seller.Id, seller.MergedIntoId }).ToListAsync(cancellationToken))
                {
                    mergedInto[seller.Id] = seller.MergedIntoId;
                }
            }
            unknown = [.. mergedInto.Values.OfType<long>().Where(id => !mergedInto.ContainsKey(id)).Distinct()];
        }
        long Owner(long id)
        {
            for (var hops = 0; mergedInto.GetValueOrDefault(id) is { } next && hops < mergedInto.Count; hops++)
            {
                id = next;
            }
            return id;
        }
        return sellers.ToDictionary(pair => pair.Key, pair => Owner(pair.Value));
    }

    private static Seller New(SellerSighting sighting) => new()
    {
        Metadata = sighting.Identity.Badge is { } badge ? new() { [Seller.EbayBadge] = badge } : [],
        Platform = sighting.Identity.Platform,
        PlatformSellerId = sighting.Identity.SellerId,
        DisplayName = sighting.Identity.DisplayName,
        FeedbackScore = sighting.Identity.FeedbackScore,
        FeedbackPercent = sighting.Identity.FeedbackPercent,
        FirstSeenAt = sighting.FirstSeenAt,
        LastSeenAt = sighting.LastSeenAt,
    };

    private static void Update(Seller seller, SellerSighting sighting)
    {
        if (sighting.FirstSeenAt < seller.FirstSeenAt)
        {
            seller.FirstSeenAt = sighting.FirstSeenAt;
        }
        if (sighting.LastSeenAt > seller.LastSeenAt)
        {
            seller.LastSeenAt = sighting.LastSeenAt;
            seller.FeedbackScore = sighting.Identity.FeedbackScore ?? seller.FeedbackScore;
            seller.FeedbackPercent = sighting.Identity.FeedbackPercent ?? seller.FeedbackPercent;
            if (sighting.Identity.Badge is { } badge)
            {
                seller.Metadata[Seller.EbayBadge] = badge;
            }
        }
    }
}
