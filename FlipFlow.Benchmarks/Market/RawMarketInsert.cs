using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Benchmarks.Market;

/// <summary>
/// Market listings written the plainest way the database allows: one prepared INSERT, executed per row, a transaction per
/// <see cref="BatchSize"/> rows, each value converted as the model says. The raw rate the market benchmarks compare with,
/// and how they fill a table.
/// </summary>
internal static class RawMarketInsert
{
    public const int BatchSize = 1000;

    private static readonly string[] Properties =
    [
        nameof(MarketListing.Platform), nameof(MarketListing.ExternalId), nameof(MarketListing.Url), nameof(MarketListing.Title),
        nameof(MarketListing.Format), nameof(MarketListing.Status), nameof(MarketListing.Price), nameof(MarketListing.Currency),
        nameof(MarketListing.Shipping), nameof(MarketListing.Quantity), nameof(MarketListing.FirstSeenAt), nameof(MarketListing.LastSeenAt),
        nameof(MarketListing.SoldAt), nameof(MarketListing.SellerText), nameof(MarketListing.Source), nameof(MarketListing.CardId),
        nameof(MarketListing.Treatment), nameof(MarketListing.ProductType), nameof(MarketListing.ProductSubtype), nameof(MarketListing.IsBulkLot),
        nameof(MarketListing.ParseConfidence), nameof(MarketListing.SellerId),
    ];

    private static object?[] Values(MarketListing listing) =>
    [
        listing.Platform, listing.ExternalId, listing.Url, listing.Title, listing.Format, listing.Status, listing.Price, listing.Currency,
        listing.Shipping, listing.Quantity, listing.FirstSeenAt, listing.LastSeenAt, listing.SoldAt, listing.SellerText, listing.Source,
        listing.CardId, listing.Treatment, listing.ProductType, listing.ProductSubtype, listing.IsBulkLot, listing.ParseConfidence, listing.SellerId,
    ];

    public static async Task InsertAsync(IDbContextFactory<FlipFlowDbContext> contexts, IEnumerable<MarketListing> listings)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var entity = db.Model.FindEntityType(typeof(MarketListing))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var mapped = Properties.Select(name => entity.FindProperty(name)!).ToList();
        var converters = mapped.Select(property => property.GetTypeMapping().Converter).ToList();
        var text = $"INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} " +
            $"({string.Join(", ", mapped.Select(property => sql.DelimitIdentifier(property.GetColumnName())))}) " +
            $"VALUES ({string.Join(", ", mapped.Select((_, index) => $"@p{index}"))})";
        foreach (var batch in listings.Chunk(BatchSize))
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
            foreach (var listing in batch)
            {
                var values = Values(listing);
                for (var index = 0; index < mapped.Count; index++)
                {
                    parameters[index].Value = values[index] is { } value ? converters[index]?.ConvertToProvider(value) ?? value : DBNull.Value;
                }
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }
}
