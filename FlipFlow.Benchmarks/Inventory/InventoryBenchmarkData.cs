using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Inventory;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Benchmarks.Inventory;

/// <summary>
/// Sellers' inventory for the inventory and supply benchmarks, written the plainest way the database allows: one prepared
/// INSERT, executed per row, a transaction per <see cref="BatchSize"/> rows, each value converted as the model says.
/// <para>
/// Each seller holds <c>perSeller</c> items over <c>groupsPerSeller</c> (card, treatment) pairs, each pair on
/// <c>perSeller / groupsPerSeller</c> listings (the first with no listing id), so a day's snapshot has one row per seller and
/// pair. The pairs' cards are spread over the catalogue, a different run of it for each seller; treatments are the first five
/// card treatments. Quantities run from 1 to 12 (every 25th item sold out at 0; every 100th seller holds twenty times as
/// many); every 10th item has no price ("contact for price"), the rest 0.25 to 400.24; a few sellers price some items in EUR,
/// so their pairs mix currencies.
/// </para>
/// </summary>
internal static class InventoryBenchmarkData
{
    public const int BatchSize = 10_000;

    private static readonly string[] Properties =
    [
        nameof(InventoryItem.SellerId), nameof(InventoryItem.CardId), nameof(InventoryItem.Treatment), nameof(InventoryItem.ListingId),
        nameof(InventoryItem.Sku), nameof(InventoryItem.Quantity), nameof(InventoryItem.Price), nameof(InventoryItem.Currency),
        nameof(InventoryItem.ListedAt), nameof(InventoryItem.UpdatedAt), nameof(InventoryItem.LastVerifiedAt),
    ];

    /// <summary>Writes <c>sellerIds.Count × perSeller</c> items; returns how many.</summary>
    public static async Task<int> InsertAsync(IDbContextFactory<FlipFlowDbContext> contexts, IReadOnlyList<long> sellerIds, IReadOnlyList<int> cardIds,
        int perSeller, int groupsPerSeller, DateTimeOffset now)
    {
        if (groupsPerSeller > cardIds.Count || perSeller % groupsPerSeller != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groupsPerSeller), groupsPerSeller,
                $"Each seller's pairs need a card each ({cardIds.Count} cards), and every pair as many items ({perSeller} items a seller).");
        }
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var entity = db.Model.FindEntityType(typeof(InventoryItem))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var mapped = Properties.Select(name => entity.FindProperty(name)!).ToList();
        var converters = mapped.Select(property => property.GetTypeMapping().Converter).ToList();
        var text = $"INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} " +
            $"({string.Join(", ", mapped.Select(property => sql.DelimitIdentifier(property.GetColumnName())))}) " +
            $"VALUES ({string.Join(", ", mapped.Select((_, index) => $"@p{index}"))})";
        var inserted = 0;
        foreach (var batch in Rows(sellerIds, cardIds, perSeller, groupsPerSeller, now).Chunk(BatchSize))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = text;
            var parameters = mapped.Select((_, index) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{index}";
                command.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            foreach (var values in batch)
            {
                for (var index = 0; index < mapped.Count; index++)
                {
                    parameters[index].Value = values[index] is { } value ? converters[index]?.ConvertToProvider(value) ?? value : DBNull.Value;
                }
                inserted += await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        return inserted;
    }

    private static IEnumerable<object?[]> Rows(IReadOnlyList<long> sellerIds, IReadOnlyList<int> cardIds, int perSeller, int groupsPerSeller,
        DateTimeOffset now)
    {
        for (var seller = 0; seller < sellerIds.Count; seller++)
        {
            for (var item = 0; item < perSeller; item++)
            {
                var row = seller * perSeller + item;
                var pair = item % groupsPerSeller;
                var listing = item / groupsPerSeller;
                var card = cardIds[(pair + seller * 37) % cardIds.Count];
                var treatment = (pair + seller) % 5;
                var quantity = row % 25 == 24 ? 0 : (1 + row * 7 % 12) * (seller % 100 == 0 ? 20 : 1);
                decimal? price = row % 10 == 0 ? null : 0.25m + row * 13 % 40_000 / 100m;
                var listed = now.AddDays(-(row % 365)).AddMinutes(-(row % 1440));
                yield return
                [
                    sellerIds[seller], card, Treatments.Card[treatment], listing == 0 ? "" : $"listing-{row}", $"BENCH-{card}-{treatment}",
                    quantity, price, seller % 250 == 7 && row % 3 == 0 ? "EUR" : "USD", listed, now, now,
                ];
            }
        }
    }
}
