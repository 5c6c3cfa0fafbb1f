using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Infrastructure.Sellers;

/// <summary>
/// Why a seller action was refused: the message to show, whether the input, the data or a missing row is to blame, and
/// the field at fault when there is one.
/// </summary>
public sealed class SellerActionException(string message, Refusal reason, string? field = null) : Exception(message)
{
    public Refusal Reason { get; } = reason;

    public string? Field { get; } = field;
}

/// <summary>
/// A seller in a merge: who, and its market listings in the merge: in a preview those it holds now, in the history those
/// the merge moved from it (none for the target).
/// </summary>
public sealed record SellerMergeSeller(long Id, MarketPlatform Platform, string PlatformSellerId, string DisplayName, int MarketListings);

/// <summary>Two rows that would be one on a unique key after a merge, and what the merge does about it.</summary>
public sealed record SellerMergeCollision(string Table, string Key, string Resolution);

/// <summary>
/// What a merge would do, before anything is written: the market listings each source hands to the target, and the rows
/// that would collide on a unique key with how each is resolved.
/// </summary>
public sealed record SellerMergePreview(SellerMergeSeller Target, IReadOnlyList<SellerMergeSeller> Sources, int MarketListings,
    IReadOnlyList<SellerMergeCollision> Collisions)
{
    /// <summary>Why nothing collides when nothing does: the unique keys a merge could touch.</summary>
    public const string NoCollisions =
        "No row collides: market listings are unique on their platform and item id, which a merge does not change, and each source keeps its own " +
        "seller record and its inventory, which the target shows with its own.";
}

/// <summary>One merge in the history.</summary>
public sealed record SellerMergeSummary(long Id, SellerMergeSeller Target, IReadOnlyList<SellerMergeSeller> Sources, int MarketListings,
    string MergedBy, DateTimeOffset MergedAt, string? UndoneBy, DateTimeOffset? UndoneAt);

/// <summary>
/// Merges sellers into one target and undoes merges. A merge is one transaction: the sources' market listings move to the
/// target, each move recorded, and the sources stay as inactive records pointing to the target, so their ids and their
/// texts still resolve. Undo puts back exactly what moved (and what arrived for a source since, through its text), or is
/// refused, with the reason, when a later merge stands in the way. The history keeps who did what when.
/// </summary>
public sealed class SellerMerges(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    public async Task<SellerMergePreview> PreviewAsync(long targetId, IReadOnlyCollection<long> sourceIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (target, sources) = await CheckAsync(db, targetId, sourceIds, cancellationToken);
        var counts = await ListingCountsAsync(db, [target.Id, .. sources.Select(source => source.Id)], cancellationToken);
        var moving = sources.Select(source => Describe(source, counts)).ToList();
        return new SellerMergePreview(Describe(target, counts), moving, moving.Sum(source => source.MarketListings), []);
    }

    /// <returns>The merge as recorded.</returns>
    public async Task<SellerMergeSummary> MergeAsync(long targetId, IReadOnlyCollection<long> sourceIds, string by,
        CancellationToken cancellationToken = default)
    {
        long mergeId;
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var (target, sources) = await CheckAsync(db, targetId, sourceIds, cancellationToken);
            var merge = new SellerMerge
            {
                TargetSellerId = target.Id,
                MergedBy = by,
                MergedAt = clock.GetUtcNow(),
                Sources = sources.Select(source => new SellerMergeSource { SellerId = source.Id }).ToList(),
            };
            db.SellerMerges.Add(merge);
            foreach (var source in sources)
            {
                source.IsActive = false;
                source.MergedIntoId = target.Id;
            }
            await db.SaveChangesAsync(cancellationToken);
            var ids = sources.Select(source => (long?)source.Id).ToList();
            await RecordMovesAsync(db, merge.Id, ids, cancellationToken);
            await db.MarketListings.Where(listing => ids.Contains(listing.SellerId))
                .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.SellerId, target.Id), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            mergeId = merge.Id;
        }
        return await GetAsync(mergeId, cancellationToken) ?? throw new InvalidOperationException($"Merge {mergeId} is gone.");
    }

    /// <summary>Puts back what the merge moved and makes its sources active again.</summary>
    public async Task<SellerMergeSummary> UndoAsync(long mergeId, string by, CancellationToken cancellationToken = default)
    {
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var merge = await db.SellerMerges.Include(found => found.Sources).SingleOrDefaultAsync(found => found.Id == mergeId, cancellationToken)
                ?? throw new SellerActionException($"No seller merge has id {mergeId}.", Refusal.NotFound);
            if (merge.UndoneAt is { } undoneAt)
            {
                throw new SellerActionException($"Merge {mergeId} was undone already, by {merge.UndoneBy} at {undoneAt:u}.", Refusal.Conflict);
            }
            var target = await db.Sellers.SingleAsync(seller => seller.Id == merge.TargetSellerId, cancellationToken);
            if (target.MergedIntoId is { } laterTarget)
            {
                var later = await LaterMergeAsync(db, target.Id, cancellationToken);
                throw new SellerActionException($"Seller {target.Id} ({target.DisplayName}) has since been merged into seller {laterTarget}" +
                    (later is null ? "" : $" by merge {later}") + "; undo that merge first.", Refusal.Conflict);
            }
            var sourceIds = merge.Sources.Select(source => source.SellerId).ToList();
            var sources = await db.Sellers.Where(seller => sourceIds.Contains(seller.Id)).ToListAsync(cancellationToken);
            if (sources.FirstOrDefault(source => source.MergedIntoId != target.Id) is { } moved)
            {
                throw new SellerActionException($"Seller {moved.Id} ({moved.DisplayName}) is no longer merged into seller {target.Id}; " +
                    "nothing was changed.", Refusal.Conflict);
            }
            var strays = await db.SellerMergeMoves
                .Where(move => move.MergeId == mergeId && move.Kind == SellerMergeMoveKind.MarketListing)
                .Join(db.MarketListings, move => move.RowId, listing => listing.Id, (move, listing) => listing)
                .Where(listing => listing.SellerId != target.Id)
                .Select(listing => new { listing.Id, listing.SellerId })
                .FirstOrDefaultAsync(cancellationToken);
            if (strays is not null)
            {
                throw new SellerActionException($"Market listing {strays.Id}, which this merge moved, now belongs to seller {strays.SellerId}; " +
                    "nothing was changed.", Refusal.Conflict);
            }
            await db.MarketListings
                .Where(listing => db.SellerMergeMoves.Any(move =>
                    move.MergeId == mergeId && move.Kind == SellerMergeMoveKind.MarketListing && move.RowId == listing.Id))
                .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.SellerId, listing => db.SellerMergeMoves
                    .Where(move => move.MergeId == mergeId && move.Kind == SellerMergeMoveKind.MarketListing && move.RowId == listing.Id)
                    .Select(move => (long?)move.FromSellerId)
                    .First()), cancellationToken);
            await ReturnArrivalsAsync(db, merge, sources, cancellationToken);
            foreach (var source in sources)
            {
                source.IsActive = true;
                source.MergedIntoId = null;
            }
            merge.UndoneBy = by;
            merge.UndoneAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return await GetAsync(mergeId, cancellationToken) ?? throw new InvalidOperationException($"Merge {mergeId} is gone.");
    }

    /// <summary>Merges, the latest first: all, those a seller took part in, or one; and how many there are in all.</summary>
    public async Task<(IReadOnlyList<SellerMergeSummary> Merges, int Total)> HistoryAsync(long? sellerId = null, long? mergeId = null, int skip = 0, int take = 100,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var merges = db.SellerMerges.AsNoTracking().Include(merge => merge.Sources).AsQueryable();
        if (mergeId is { } id)
        {
            merges = merges.Where(merge => merge.Id == id);
        }
        if (sellerId is { } seller)
        {
            merges = merges.Where(merge => merge.TargetSellerId == seller || merge.Sources.Any(source => source.SellerId == seller));
        }
        var total = await merges.CountAsync(cancellationToken);
        var page = await merges.OrderByDescending(merge => merge.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = page.SelectMany(merge => merge.Sources.Select(source => source.SellerId).Append(merge.TargetSellerId)).Distinct().ToList();
        var sellers = await db.Sellers.AsNoTracking().Where(found => ids.Contains(found.Id)).ToDictionaryAsync(found => found.Id, cancellationToken);
        var pageIds = page.Select(merge => merge.Id).ToList();
        var moved = await db.SellerMergeMoves.AsNoTracking().Where(move => pageIds.Contains(move.MergeId))
            .GroupBy(move => new { move.MergeId, move.FromSellerId })
            .Select(group => new { group.Key.MergeId, group.Key.FromSellerId, Count = group.Count() })
            .ToListAsync(cancellationToken);
        SellerMergeSeller Of(long mergeOf, long id) =>
            Describe(sellers[id], moved.Where(move => move.MergeId == mergeOf && move.FromSellerId == id).Sum(move => move.Count));
        return (page.Select(merge => new SellerMergeSummary(merge.Id, Of(merge.Id, merge.TargetSellerId),
                merge.Sources.OrderBy(source => source.SellerId).Select(source => Of(merge.Id, source.SellerId)).ToList(),
                moved.Where(move => move.MergeId == merge.Id).Sum(move => move.Count), merge.MergedBy, merge.MergedAt, merge.UndoneBy, merge.UndoneAt))
            .ToList(), total);
    }

    public async Task<SellerMergeSummary?> GetAsync(long mergeId, CancellationToken cancellationToken = default) =>
        (await HistoryAsync(mergeId: mergeId, cancellationToken: cancellationToken)).Merges.SingleOrDefault();

    /// <summary>The target and the sources, tracked; refused unless all exist and are active.</summary>
    private static async Task<(Seller Target, IReadOnlyList<Seller> Sources)> CheckAsync(FlipFlowDbContext db, long targetId,
        IReadOnlyCollection<long> sourceIds, CancellationToken cancellationToken)
    {
        if (SellerRules.MergeProblem(targetId, sourceIds) is { } problem)
        {
            throw new SellerActionException(problem, Refusal.Invalid);
        }
        var all = await db.Sellers.Where(seller => seller.Id == targetId || sourceIds.Contains(seller.Id)).ToDictionaryAsync(seller => seller.Id, cancellationToken);
        if (sourceIds.Prepend(targetId).FirstOrDefault(id => !all.ContainsKey(id)) is var missing and not 0)
        {
            throw new SellerActionException($"No seller has id {missing}.", Refusal.NotFound);
        }
        if (all.Values.FirstOrDefault(seller => !seller.IsActive) is { } inactive)
        {
            throw new SellerActionException($"Seller {inactive.Id} ({inactive.DisplayName}) is not active" +
                (inactive.MergedIntoId is { } into ? $": it was merged into seller {into}; merge that seller instead." : "."), Refusal.Conflict);
        }
        return (all[targetId], sourceIds.Select(id => all[id]).ToList());
    }

    private static async Task<Dictionary<long, int>> ListingCountsAsync(FlipFlowDbContext db, IReadOnlyList<long> sellerIds, CancellationToken cancellationToken)
    {
        var ids = sellerIds.Select(id => (long?)id).ToList();
        return await db.MarketListings.AsNoTracking().Where(listing => ids.Contains(listing.SellerId))
            .GroupBy(listing => listing.SellerId!.Value)
            .Select(group => new { Seller = group.Key, Count = group.Count() })
            .ToDictionaryAsync(count => count.Seller, count => count.Count, cancellationToken);
    }

    /// <summary>Records, set-based, every market listing of the sources as moved by the merge, with the seller it had.</summary>
    private static async Task RecordMovesAsync(FlipFlowDbContext db, long mergeId, IReadOnlyList<long?> sourceIds, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Name(string identifier) => sql.DelimitIdentifier(identifier);
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.AddParameter("@merge", mergeId);
        command.AddParameter("@kind", nameof(SellerMergeMoveKind.MarketListing));
        for (var index = 0; index < sourceIds.Count; index++)
        {
            command.AddParameter($"@s{index}", sourceIds[index]!.Value);
        }
        command.CommandText =
            $"INSERT INTO {Name("SellerMergeMoves")} ({Name(nameof(SellerMergeMove.MergeId))}, {Name(nameof(SellerMergeMove.Kind))}, " +
            $"{Name(nameof(SellerMergeMove.RowId))}, {Name(nameof(SellerMergeMove.FromSellerId))}) " +
            $"SELECT @merge, @kind, {Name(nameof(MarketListing.Id))}, {Name(nameof(MarketListing.SellerId))} FROM {Name("MarketListings")} " +
            $"WHERE {Name(nameof(MarketListing.SellerId))} IN ({string.Join(", ", sourceIds.Select((_, index) => $"@s{index}"))})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }


    /// <summary>
    /// Hands back to each source the target's listings that arrived after the merge through the source's text (or the text
    /// of a seller merged into the source), which the merge linked to the target.
    /// </summary>
    private static async Task ReturnArrivalsAsync(FlipFlowDbContext db, SellerMerge merge, IReadOnlyList<Seller> sources, CancellationToken cancellationToken)
    {
        var platforms = sources.Select(source => source.Platform).Distinct().ToList();
        var texts = await db.MarketListings.AsNoTracking()
            .Where(listing => listing.SellerId == merge.TargetSellerId && platforms.Contains(listing.Platform) && listing.SellerText != null)
            .Select(listing => new { listing.Platform, listing.SellerText })
            .Distinct()
            .ToListAsync(cancellationToken);
        var sourceIds = sources.Select(source => source.Id).ToHashSet();
        foreach (var text in texts)
        {
            if (SellerIdentityRule.Read(text.Platform, text.SellerText).Identity is not { } identity)
            {
                continue;
            }
            var owner = await db.Sellers.AsNoTracking()
                .Where(seller => seller.Platform == identity.Platform && seller.PlatformSellerId == identity.SellerId)
                .Select(seller => new { seller.Id, seller.MergedIntoId })
                .SingleOrDefaultAsync(cancellationToken);
            var source = owner is null ? (long?)null
                : sourceIds.Contains(owner.Id) ? owner.Id
                : owner.MergedIntoId is { } into && sourceIds.Contains(into) ? into
                : null;
            if (source is { } back)
            {
                await db.MarketListings
                    .Where(listing => listing.SellerId == merge.TargetSellerId && listing.Platform == text.Platform && listing.SellerText == text.SellerText)
                    .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.SellerId, back), cancellationToken);
            }
        }
    }

    private static async Task<long?> LaterMergeAsync(FlipFlowDbContext db, long sellerId, CancellationToken cancellationToken) =>
        await db.SellerMergeSources.Where(source => source.SellerId == sellerId)
            .Join(db.SellerMerges.Where(merge => merge.UndoneAt == null), source => source.MergeId, merge => merge.Id, (source, merge) => (long?)merge.Id)
            .OrderByDescending(id => id)
            .FirstOrDefaultAsync(cancellationToken);

    private static SellerMergeSeller Describe(Seller seller, IReadOnlyDictionary<long, int> counts) =>
        Describe(seller, counts.GetValueOrDefault(seller.Id));

    private static SellerMergeSeller Describe(Seller seller, int listings) =>
        new(seller.Id, seller.Platform, seller.PlatformSellerId, seller.DisplayName, listings);
}
