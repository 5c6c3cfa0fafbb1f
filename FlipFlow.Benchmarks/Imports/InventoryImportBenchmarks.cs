using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Imports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Imports;

/// <summary>
/// An inventory CSV imported end to end (both passes: every row checked, then sellers and SKU mappings made and the
/// inventory written in batches, with the records an undo needs), against a raw prepared INSERT of the same number of
/// inventory rows, already resolved to seller and card, in transactions of 10,000, in the same run. Every iteration
/// starts from the same SQLite file: the catalogue seeded, no sellers, no inventory. <see cref="Rows"/> is 1,000,000 and
/// the plans' 1,000.
/// </summary>
[Config(typeof(Config))]
public class InventoryImportBenchmarks
{
    private const int PerSeller = 900;

    [Params(1_000, 1_000_000)]
    public int Rows { get; set; }

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private InventoryImports imports = default!;
    private InventoryImportRunner runner = default!;
    private string csv = "";
    private string file = "";
    private string template = "";
    private List<int> cardIds = [];

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        imports = database.Host.Services.GetRequiredService<InventoryImports>();
        runner = database.Host.Services.GetRequiredService<InventoryImportRunner>();
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        using (var db = contexts.CreateDbContext())
        {
            if (database.Host.Services.GetRequiredService<DatabaseSettings>().Provider != DatabaseProvider.Sqlite)
            {
                throw new NotSupportedException("The import benchmark copies its SQLite file back between iterations; run it on SQLite.");
            }
            file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            // The printings whose number is theirs alone: a structured SKU maps each of them without review.
            var unique = db.Cards.AsNoTracking().AsEnumerable().GroupBy(card => card.Number).Where(group => group.Count() == 1).Select(group => group.Single()).ToList();
            cardIds = [.. unique.Select(card => card.Id)];
            csv = Path.Combine(Path.GetDirectoryName(file)!, "inventory.csv");
            using var writer = new StreamWriter(csv);
            writer.Write("platform,seller_identifier,sku,quantity,price,notes\r\n");
            string[] treatments = ["CP", "CF", "FF"];
            var codes = new Dictionary<string, string> { ["Common"] = "COM", ["Uncommon"] = "UNC", ["Rare"] = "RAR", ["Epic"] = "EPC", ["Mythic"] = "MYT", ["Secret Mythic"] = "SEC" };
            for (var row = 0; row < Rows; row++)
            {
                var card = unique[row % PerSeller % unique.Count];
                var treatment = treatments[row % PerSeller / unique.Count % 3];
                writer.Write($"shootstrayt,shop{row / PerSeller},WOTF-EXISTENCE-{card.Number[..3]}-{codes[card.Rarity]}-{treatment},{1 + row % 4},{row % 90}.50,\r\n");
            }
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        SqliteConnection.ClearAllPools();
        template = file + ".empty";
        File.Copy(file, template, overwrite: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine("// " + PeakMemory.Describe(nameof(Import)));
        Console.WriteLine("// " + PeakMemory.Describe(nameof(RawInsert)));
        Console.WriteLine($"// process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");
        database.Dispose();
    }

    [IterationSetup]
    public void Reset()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        File.Copy(template, file, overwrite: true);
        PeakMemory.Arm();
    }

    [Benchmark(Baseline = true, Description = "Raw prepared INSERT of the inventory rows, resolved, 10,000 a transaction")]
    public async Task<int> RawInsert()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        // The page cache the import writes with, so both sides keep a batch's changed pages until its commit.
        await SqliteBulkWrite.HoldBatchInMemoryAsync(db, CancellationToken.None);
        var connection = db.Database.GetDbConnection();
        var sellers = (Rows + PerSeller - 1) / PerSeller;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """INSERT INTO "Sellers" ("Platform", "PlatformSellerId", "DisplayName", "Metadata", "FirstSeenAt", "LastSeenAt", "IsActive") VALUES ('ShootStrayt', @id, @id, '{}', 0, 0, 1)""";
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            command.Parameters.Add(id);
            for (var seller = 0; seller < sellers; seller++)
            {
                id.Value = $"shop{seller}";
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var firstSeller = await db.Sellers.MinAsync(seller => seller.Id);
        string[] treatments = ["Classic Paper", "Classic Foil", "Formless Foil"];
        var inserted = 0;
        for (var start = 0; start < Rows; start += InventoryPlanner.BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO "InventoryItems" ("SellerId", "CardId", "Treatment", "ListingId", "Sku", "Quantity", "Price", "Currency", "ListedAt", "UpdatedAt", "LastVerifiedAt")
                VALUES (@seller, @card, @treatment, '', @sku, @quantity, @price, 'USD', @now, @now, @now)
                """;
            var parameters = new[] { "@seller", "@card", "@treatment", "@sku", "@quantity", "@price", "@now" }.Select(name =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            parameters[6].Value = DateTimeOffset.UtcNow.UtcTicks;
            await command.PrepareAsync();
            for (var row = start; row < Math.Min(Rows, start + InventoryPlanner.BatchSize); row++)
            {
                parameters[0].Value = firstSeller + row / PerSeller;
                parameters[1].Value = cardIds[row % PerSeller % cardIds.Count];
                parameters[2].Value = treatments[row % PerSeller / cardIds.Count % 3];
                parameters[3].Value = $"SKU-{row % PerSeller}";
                parameters[4].Value = 1 + row % 4;
                parameters[5].Value = (row % 90 + 0.5m).ToString(CultureInfo.InvariantCulture);
                inserted += await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        PeakMemory.Stop(nameof(RawInsert));
        return inserted == Rows ? inserted : throw new InvalidOperationException($"The raw insert wrote {inserted} rows, not {Rows}.");
    }

    [Benchmark(Description = "InventoryImports: a CSV checked whole, then imported in batches, with undo records")]
    public async Task<int> Import()
    {
        ImportRun run;
        await using (var stream = File.OpenRead(csv))
        {
            run = await imports.QueueAsync(stream, "inventory.csv", MarketPlatform.ShootStrayt, skipInvalid: false, "bench");
        }
        run = await runner.RunAsync(run.Id);
        PeakMemory.Stop(nameof(Import));
        return run.Added == Rows ? run.Added : throw new InvalidOperationException($"The import {run.Status} added {run.Added} rows, not {Rows}: {run.Error}");
    }
}
