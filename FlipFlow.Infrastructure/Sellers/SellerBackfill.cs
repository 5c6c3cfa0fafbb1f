using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Infrastructure.Sellers;

/// <summary>How many of a platform's market listings have a seller.</summary>
public sealed record SellerCoverage(MarketPlatform Platform, int Listings, int Linked)
{
    /// <summary>The share linked, 0-100, to two decimals; 100 for a platform without listings.</summary>
    public decimal Percent => Listings == 0 ? 100m : Math.Round(100m * Linked / Listings, 2);
}

/// <summary>A seller text no seller could be read from: how many listings show it and why it was not used.</summary>
public sealed record UnusedSellerText(MarketPlatform Platform, string? Text, int Listings, string Reason);

/// <summary>What a backfill linked, and the coverage and unused texts after it.</summary>
public sealed record SellerBackfillReport(int Linked, IReadOnlyList<SellerCoverage> Coverage, IReadOnlyList<UnusedSellerText> Unused);

/// <summary>
/// Links the market listings that have no seller to the seller their text names, creating sellers as needed: a batch of
/// <see cref="BatchSize"/> listings at a time, each in its own transaction, oldest first. Stopped part way, it keeps what
/// it linked, and a run again takes up the rest. Texts that name no seller are left unlinked and reported with their reason.
/// </summary>
public sealed class SellerBackfill(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes)
{
    public const int BatchSize = 5000;

    /// <summary>Rows per UPDATE statement: two parameters a row, well under every provider's limit.</summary>
    private const int RowsPerStatement = 200;

    /// <param name="progress">Told the number of listings linked so far after every batch.</param>
    public async Task<SellerBackfillReport> RunAsync(Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        // The unlinked listings' ids first (the seller index holds them), then their rows by id a batch at a time: a batch read
        // that asked for the next unlinked rows in id order would sort every unlinked row again each time.
        List<long> unlinked;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            unlinked = await db.MarketListings.Where(listing => listing.SellerId == null).Select(listing => listing.Id).ToListAsync(cancellationToken);
        }
        unlinked.Sort();
        var linked = 0;
        foreach (var ids in unlinked.Chunk(BatchSize))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var batch = await db.MarketListings.AsNoTracking()
                .Where(listing => EF.Parameter(ids).Contains(listing.Id) && listing.SellerId == null)
                .Select(listing => new { listing.Id, listing.Platform, listing.SellerText, listing.FirstSeenAt, listing.LastSeenAt })
                .ToListAsync(cancellationToken);
            var read = batch
                .Select(listing => (listing.Id, Sighting: SellerIdentityRule.Read(listing.Platform, listing.SellerText).Identity is { } identity
                    ? new SellerSighting(identity, listing.FirstSeenAt, listing.LastSeenAt)
                    : null))
                .Where(pair => pair.Sighting is not null)
                .ToList();
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var owners = await SellerIdentities.ResolveAsync(db, read.Select(pair => pair.Sighting!), cancellationToken);
            var links = read.Select(pair => (pair.Id, Seller: owners[SellerIdentities.Key(pair.Sighting!.Identity)])).ToList();
            await SetSellersAsync(db, links, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            linked += links.Count;
            progress?.Invoke(linked);
        }
        return new SellerBackfillReport(linked, await CoverageAsync(cancellationToken), await UnusedAsync(cancellationToken));
    }

    /// <summary>
    /// Each platform that has listings, with how many of them have a seller: all of them counted from the platform's index alone,
    /// less those without a seller, found through the seller's index; the listings that have one are never read.
    /// </summary>
    public async Task<IReadOnlyList<SellerCoverage>> CoverageAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = await db.MarketListings.AsNoTracking().GroupBy(listing => listing.Platform)
            .Select(group => new { Platform = group.Key, Count = group.Count() }).ToDictionaryAsync(count => count.Platform, count => count.Count, cancellationToken);
        var unlinked = await db.MarketListings.AsNoTracking().Where(listing => listing.SellerId == null).GroupBy(listing => listing.Platform)
            .Select(group => new { Platform = group.Key, Count = group.Count() }).ToDictionaryAsync(count => count.Platform, count => count.Count, cancellationToken);
        return Enum.GetValues<MarketPlatform>().Where(listings.ContainsKey)
            .Select(platform => new SellerCoverage(platform, listings.GetValueOrDefault(platform), listings.GetValueOrDefault(platform) - unlinked.GetValueOrDefault(platform)))
            .ToList();
    }

    /// <summary>Every seller text of an unlinked listing, with its count and why no seller was read from it; the commonest first.</summary>
    public async Task<IReadOnlyList<UnusedSellerText>> UnusedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var texts = await db.MarketListings.AsNoTracking()
            .Where(listing => listing.SellerId == null)
            .GroupBy(listing => new { listing.Platform, listing.SellerText })
            .Select(group => new { group.Key.Platform, group.Key.SellerText, Listings = group.Count() })
            .ToListAsync(cancellationToken);
        return texts
            .Select(text => new UnusedSellerText(text.Platform, text.SellerText, text.Listings,
                SellerIdentityRule.Read(text.Platform, text.SellerText).Rejection ?? "Not linked yet: run the backfill."))
            .OrderByDescending(text => text.Listings).ThenBy(text => text.Platform).ThenBy(text => text.Text, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Sets each listing's seller, <see cref="RowsPerStatement"/> rows an UPDATE: <c>SET SellerId = CASE Id WHEN … END WHERE Id IN (…)</c>.</summary>
    private static async Task SetSellersAsync(FlipFlowDbContext db, IReadOnlyList<(long Id, long Seller)> links, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier("MarketListings");
        var id = sql.DelimitIdentifier(nameof(MarketListing.Id));
        var seller = sql.DelimitIdentifier(nameof(MarketListing.SellerId));
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        foreach (var chunk in links.Chunk(RowsPerStatement))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var cases = new List<string>(chunk.Length);
            var ids = new List<string>(chunk.Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                command.AddParameter($"@i{row}", chunk[row].Id);
                command.AddParameter($"@s{row}", chunk[row].Seller);
                cases.Add($"WHEN @i{row} THEN @s{row}");
                ids.Add($"@i{row}");
            }
            command.CommandText = $"UPDATE {table} SET {seller} = CASE {id} {string.Join(" ", cases)} END WHERE {id} IN ({string.Join(", ", ids)}) AND {seller} IS NULL";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
