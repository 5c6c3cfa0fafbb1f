using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>
/// Reads an inventory file as an import would and says what it would change, writing nothing: new sellers, new SKU
/// mappings and the ones sent to review, inventory items added, updated and unchanged, and every row refused or held.
/// </summary>
public sealed class InventoryPreviewer(IDbContextFactory<FlipFlowDbContext> contexts, InventoryPlanner planner, DatabaseSettings settings, TimeProvider clock)
{
    /// <summary>Problems listed one by one; beyond this they are counted.</summary>
    public const int ProblemsListed = 10_000;

    /// <summary>
    /// The preview of an upload that can be read only once (a browser's or a request's stream): it is kept in the data
    /// folder while it is read, up to <see cref="InventoryCsvReader.MaxFileBytes"/>, then deleted.
    /// </summary>
    public async Task<InventoryImportPreview> PreviewUploadAsync(Stream upload, MarketPlatform? platform, string user, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(settings.DataFolder, "imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"preview-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var copy = File.Create(path))
            {
                await upload.CopyToAsync(new LimitedCopy(copy, InventoryCsvReader.MaxFileBytes + 1), cancellationToken);
            }
            await using var file = File.OpenRead(path);
            return await PreviewAsync(file, platform, user, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async Task<InventoryImportPreview> PreviewAsync(Stream file, MarketPlatform? platform, string user, CancellationToken cancellationToken = default)
    {
        var skus = new SkuLookup(await ResolverAsync(contexts, cancellationToken), user, clock.GetUtcNow());
        var facts = new InventoryPlanner.FileFacts();
        var problems = new List<CsvProblem>();
        var (problemCount, rows, good, bad, held, added, updated, unchanged) = (0, 0, 0, 0, 0, 0, 0, 0);
        var sellersSeen = new HashSet<(MarketPlatform, string)>();
        var newSellers = 0;
        await foreach (var batch in planner.PlanAsync(file, platform, skus, facts, cancellationToken))
        {
            rows += batch.RowsRead;
            foreach (var aside in batch.SetAside)
            {
                if (aside.Held)
                {
                    held++;
                    continue;
                }
                bad++;
                problemCount += aside.Problems.Count;
                problems.AddRange(aside.Problems.Take(Math.Max(0, ProblemsListed - problems.Count)));
            }
            good += batch.Rows.Count;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var sellers = await ExistingSellersAsync(db, batch.Rows.Select(row => (row.Seller.Platform, row.Seller.SellerId)).Distinct().ToList(), cancellationToken);
            newSellers += batch.Rows.Select(row => (row.Seller.Platform, row.Seller.SellerId))
                .Where(key => !sellers.ContainsKey(key) && sellersSeen.Add(key)).Count();
            var (a, u, n) = await CompareAsync(db, batch.Rows, sellers, cancellationToken);
            (added, updated, unchanged) = (added + a, updated + u, unchanged + n);
        }
        problems.InsertRange(0, facts.FileProblems);
        problemCount += facts.FileProblems.Count;
        problems.Sort((left, right) => left.Row.CompareTo(right.Row));
        return new InventoryImportPreview(facts.Delimiter, facts.Header, facts.Sample, problems, problemCount, rows, good, bad, held, newSellers,
            skus.Created.Count(mapping => mapping.Status == SkuMappingStatus.Mapped),
            skus.Created.Count(mapping => mapping.Status != SkuMappingStatus.Mapped),
            added, updated, unchanged);
    }

    /// <summary>The resolver over the catalogue as the database has it.</summary>
    internal static async Task<SkuResolver> ResolverAsync(IDbContextFactory<FlipFlowDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cards = await db.Cards.AsNoTracking().ToListAsync(cancellationToken);
        return cards.Count > 0 ? new SkuResolver(cards)
            : throw new ImportActionException("The card catalogue is empty, so no SKU can be mapped: start FlipFlow once, or run 'db seed', to add it.");
    }

    /// <summary>The sellers the database has for these identities, each as the seller it was merged into, if it was.</summary>
    private static async Task<Dictionary<(MarketPlatform, string), long>> ExistingSellersAsync(FlipFlowDbContext db,
        List<(MarketPlatform Platform, string SellerId)> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(MarketPlatform, string), long>();
        foreach (var platform in keys.GroupBy(key => key.Platform))
        {
            foreach (var chunk in platform.Chunk(500))
            {
                var ids = chunk.Select(key => key.SellerId).ToList();
                foreach (var seller in await db.Sellers.AsNoTracking()
                    .Where(seller => seller.Platform == platform.Key && EF.Parameter(ids).Contains(seller.PlatformSellerId))
                    .Select(seller => new { seller.PlatformSellerId, Id = seller.MergedIntoId ?? seller.Id }).ToListAsync(cancellationToken))
                {
                    found[(platform.Key, seller.PlatformSellerId)] = seller.Id;
                }
            }
        }
        return found;
    }

    private static async Task<(int Added, int Updated, int Unchanged)> CompareAsync(FlipFlowDbContext db, IReadOnlyList<PlannedInventoryRow> rows,
        Dictionary<(MarketPlatform, string), long> sellers, CancellationToken cancellationToken)
    {
        var known = rows.Where(row => sellers.ContainsKey((row.Seller.Platform, row.Seller.SellerId))).ToList();
        var added = rows.Count - known.Count;
        var sellerIds = known.Select(row => sellers[(row.Seller.Platform, row.Seller.SellerId)]).Distinct().ToList();
        var existing = new Dictionary<(long, int, string, string), (int Quantity, decimal? Price, string? Notes, string Sku)>();
        var cardIds = known.Select(row => row.CardId).Distinct().ToList();
        foreach (var chunk in sellerIds.Chunk(500))
        {
            foreach (var item in await db.InventoryItems.AsNoTracking()
                .Where(item => EF.Parameter(chunk).Contains(item.SellerId) && EF.Parameter(cardIds).Contains(item.CardId))
                .Select(item => new { item.SellerId, item.CardId, item.Treatment, item.ListingId, item.Quantity, item.Price, item.Notes, item.Sku })
                .ToListAsync(cancellationToken))
            {
                existing[(item.SellerId, item.CardId, item.Treatment, item.ListingId)] = (item.Quantity, item.Price, item.Notes, item.Sku);
            }
        }
        var (updated, unchanged) = (0, 0);
        foreach (var row in known)
        {
            if (!existing.TryGetValue((sellers[(row.Seller.Platform, row.Seller.SellerId)], row.CardId, row.Treatment, row.ListingId), out var item))
            {
                added++;
            }
            else if (item == (row.Quantity, row.Price, row.Notes, row.Sku))
            {
                unchanged++;
            }
            else
            {
                updated++;
            }
        }
        return (added, updated, unchanged);
    }

    /// <summary>Writes at most a limit and drops the rest: one byte over the limit is enough for the reader to refuse the file.</summary>
    private sealed class LimitedCopy(Stream inner, long limit) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var take = (int)Math.Min(count, limit - written);
            if (take > 0)
            {
                inner.Write(buffer, offset, take);
                written += take;
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var take = (int)Math.Min(buffer.Length, limit - written);
            if (take > 0)
            {
                await inner.WriteAsync(buffer[..take], cancellationToken);
                written += take;
            }
        }
    }
}
