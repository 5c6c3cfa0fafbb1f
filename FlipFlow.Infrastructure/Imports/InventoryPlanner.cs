using System.Runtime.CompilerServices;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Common;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>A row ready to be written: its seller by identity, its card and treatment by the SKU's mapping.</summary>
public sealed record PlannedInventoryRow(int Row, SellerIdentity Seller, int CardId, string Treatment, string ListingId, string Sku,
    int Quantity, decimal? Price, string? Notes);

/// <summary>A row that is not written: its cells as the file had them, and why.</summary>
public sealed record SetAsideRow(int Row, IReadOnlyList<string> Cells, string Reason, bool Held, IReadOnlyList<CsvProblem> Problems);

/// <summary>One batch of a file's rows, in file order.</summary>
public sealed record PlannedBatch(IReadOnlyList<PlannedInventoryRow> Rows, IReadOnlyList<SetAsideRow> SetAside, int RowsRead);

/// <summary>A data row as the preview shows it: its cells and each cell's problems.</summary>
public sealed record SampleRow(int Row, IReadOnlyList<string> Cells, List<CsvProblem> Problems);

/// <summary>
/// Reads an inventory file once, streaming, in batches: every row is checked (its cells, its seller's identity, that
/// it names an item no earlier row named), and its SKU looked up or resolved through the <see cref="SkuLookup"/>. A
/// row whose SKU is not mapped is held until an operator reviews it. Used by the preview and by both passes of an
/// import, so what the preview says is what the import does.
/// </summary>
public sealed class InventoryPlanner(IDbContextFactory<FlipFlowDbContext> contexts)
{
    public const int BatchSize = 10_000;
    public const int SampleSize = 50;

    /// <summary>The file's header, delimiter and whole-file problems, known once the first batch is asked for.</summary>
    public sealed class FileFacts
    {
        public string? Delimiter { get; internal set; }
        public IReadOnlyList<string> Header { get; internal set; } = [];
        public IReadOnlyList<CsvProblem> FileProblems { get; internal set; } = [];
        public List<SampleRow> Sample { get; } = [];
    }

    public async IAsyncEnumerable<PlannedBatch> PlanAsync(Stream file, MarketPlatform? platform, SkuLookup skus, FileFacts facts,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = InventoryCsvReader.Open(file, platform);
        facts.Delimiter = reader.DelimiterName;
        facts.Header = reader.Header;
        facts.FileProblems = reader.FileProblems;
        if (reader.FileProblems.Count > 0)
        {
            yield break;
        }
        var itemsSeen = new Dictionary<long, int>();
        var pending = new List<(InventoryCsvRecord Record, SellerIdentity Seller, string Sku)>(BatchSize);
        var setAside = new List<SetAsideRow>();
        var read = 0;
        foreach (var record in reader.Records())
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            if (facts.Sample.Count < SampleSize)
            {
                facts.Sample.Add(new SampleRow(record.Row, record.Cells, [.. record.Problems]));
            }
            if (record.Value is not { } value)
            {
                setAside.Add(Refused(record, record.Problems));
            }
            else if (SellerIdentityRule.Read(value.Platform, value.SellerIdentifier) is { Identity: { } seller })
            {
                pending.Add((record, seller, SkuMappingRules.Key(value.Sku)));
            }
            else
            {
                var rejection = SellerIdentityRule.Read(value.Platform, value.SellerIdentifier).Rejection!;
                setAside.Add(Refused(record, [new CsvProblem(record.Row, InventoryCsvColumns.SellerIdentifier, rejection)], facts));
            }
            if (pending.Count >= BatchSize)
            {
                yield return await PlanBatchAsync(pending, setAside, read, skus, itemsSeen, facts, cancellationToken);
                pending.Clear();
                setAside = [];
                read = 0;
            }
        }
        if (pending.Count > 0 || setAside.Count > 0)
        {
            yield return await PlanBatchAsync(pending, setAside, read, skus, itemsSeen, facts, cancellationToken);
        }
    }

    private async Task<PlannedBatch> PlanBatchAsync(List<(InventoryCsvRecord Record, SellerIdentity Seller, string Sku)> pending,
        List<SetAsideRow> setAside, int read, SkuLookup skus, Dictionary<long, int> itemsSeen, FileFacts facts, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await skus.LoadAsync(db, pending.Select(row => (row.Seller.Platform, row.Sku, row.Record.Value!.Title)), cancellationToken);
        }
        var planned = new List<PlannedInventoryRow>(pending.Count);
        foreach (var (record, seller, sku) in pending)
        {
            var value = record.Value!;
            var mapping = skus.Use(seller.Platform, sku);
            if (!SkuMappingRules.Usable(mapping))
            {
                var reason = mapping.Status == SkuMappingStatus.Rejected
                    ? $"SKU {sku} was rejected in SKU review; map it to a card there, then import the row again."
                    : $"SKU {sku} waits in SKU review ({mapping.Reason}); once it is approved, import the row again.";
                setAside.Add(new SetAsideRow(record.Row, record.Cells, reason, Held: true, []));
                continue;
            }
            var treatment = mapping.Treatment ?? "";
            var listingId = value.ListingId ?? "";
            var key = ItemKey(seller, mapping.CardId!.Value, treatment, listingId);
            if (itemsSeen.TryGetValue(key, out var first))
            {
                setAside.Add(Refused(record, [new CsvProblem(record.Row, InventoryCsvColumns.Sku,
                    $"Names the same item as row {first}: the same seller, card, treatment and listing id may appear once in a file.")], facts));
                continue;
            }
            itemsSeen[key] = record.Row;
            planned.Add(new PlannedInventoryRow(record.Row, seller, mapping.CardId.Value, treatment, listingId, sku, value.Quantity, value.Price, value.Notes));
        }
        return new PlannedBatch(planned, setAside, read);
    }

    private static SetAsideRow Refused(InventoryCsvRecord record, IReadOnlyList<CsvProblem> problems, FileFacts? facts = null)
    {
        // Problems found after the reader (seller, repeated item) are shown on the preview's sample rows too.
        if (facts?.Sample.FirstOrDefault(sample => sample.Row == record.Row) is { } sample)
        {
            sample.Problems.AddRange(problems);
        }
        return new SetAsideRow(record.Row, record.Cells, string.Join(" ", problems.Select(problem => $"{problem.Column}: {problem.Message}")),
            Held: false, problems);
    }

    /// <summary>
    /// 64 bits of the item a row names, so a million rows are checked for repeats in a few megabytes: two different
    /// items share a key about once in ten thousand million-row files.
    /// </summary>
    private static long ItemKey(SellerIdentity seller, int cardId, string treatment, string listingId)
    {
        var text = $"{(int)seller.Platform}\u001f{seller.SellerId}\u001f{cardId}\u001f{treatment}\u001f{listingId}";
        var fnv = 14695981039346656037UL;
        foreach (var character in text)
        {
            fnv = (fnv ^ character) * 1099511628211UL;
        }
        return (long)fnv;
    }
}
