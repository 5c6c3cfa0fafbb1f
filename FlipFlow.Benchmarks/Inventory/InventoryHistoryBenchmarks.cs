using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Sellers;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Inventory;

/// <summary>
/// The snapshot viewer's load over a year of daily snapshots of 10,000 inventory items (200 sellers, 50 items each on 25
/// card and treatment pairs: 5,000 rows a day, 1,825,000 in all; retention set to keep every day), against the same
/// statements as plain SQL in the same run. A load is what the page asks for: the chart's quantity per day and treatment,
/// the count of rows and the first 50 of them, newest first, with their seller and card. "Year": the whole market over
/// 365 days; "Seller and card": one seller's one card over 365 days, as a link from the seller page opens it. The bar:
/// under 1 s.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InventoryHistoryBenchmarks
{
    public const int Sellers = 200;
    public const int PerSeller = 50;
    public const int PairsPerSeller = 25;
    public const int Days = 365;
    public const int PageSize = 50;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private InventoryHistory history = default!;
    private bool sqlite;
    private InventoryHistoryFilter year = default!;
    private InventoryHistoryFilter sellerAndCard = default!;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(2).WithIterationCount(15));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase(services => services.Configure<InventorySnapshotOptions>(options => options.DailyDays = Days + 10));
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        history = database.Host.Services.GetRequiredService<InventoryHistory>();
        var snapshotter = database.Host.Services.GetRequiredService<InventorySnapshotter>();
        sqlite = database.Host.Services.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Sqlite;
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var pool = SellerTextPool.Make(Sellers, seed: 31);
        var ids = SellerBenchmarkData.AddSellers(contexts, pool.Sellers, now);
        List<int> cardIds;
        using (var db = contexts.CreateDbContext())
        {
            cardIds = [.. db.Cards.OrderBy(card => card.Id).Select(card => card.Id)];
        }
        var sellerIds = pool.Sellers.Select(seller => ids[(seller.Platform, seller.Key)]).ToList();
        InventoryBenchmarkData.InsertAsync(contexts, sellerIds, cardIds, PerSeller, PairsPerSeller, now).GetAwaiter().GetResult();
        var today = snapshotter.Today;
        // A year of days, oldest first, some quantities changing from one day to the next.
        for (var day = Days - 1; day >= 0; day--)
        {
            snapshotter.TakeAsync(today.AddDays(-day)).GetAwaiter().GetResult();
            using var db = contexts.CreateDbContext();
            db.InventoryItems.Where(item => item.Id % 11 == day % 11).ExecuteUpdate(setters => setters.SetProperty(item => item.Quantity, item => item.Quantity + 1));
        }
        int rows;
        (long Seller, int Card) pair;
        using (var db = contexts.CreateDbContext())
        {
            rows = db.InventorySnapshots.Count();
            pair = db.InventorySnapshots.Where(snapshot => snapshot.SellerId == sellerIds[0]).Select(snapshot => new { snapshot.SellerId, snapshot.CardId })
                .AsEnumerable().Select(found => (found.SellerId, found.CardId)).First();
        }
        var from = today.AddDays(-(Days - 1));
        year = new InventoryHistoryFilter(from, today);
        sellerAndCard = new InventoryHistoryFilter(from, today, pair.Seller, pair.Card);
        var (page, total) = history.PageAsync(year, 0, PageSize).GetAwaiter().GetResult();
        if (total != rows || page.Count != PageSize || Raw(YearSql(), Parameters(year)).GetAwaiter().GetResult() != history.TrendAsync(year).GetAwaiter().GetResult().Count + 1 + PageSize)
        {
            throw new InvalidOperationException($"The year has {rows} rows; the viewer finds {total}, or the raw statements read other rows.");
        }
        Console.WriteLine($"// {rows:N0} snapshot rows over {Days} days of {Sellers * PerSeller:N0} items; seller {pair.Seller} card {pair.Card}; " +
            $"made in {clock.Elapsed.TotalSeconds:0} s");
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [BenchmarkCategory("Year"), Benchmark(Baseline = true, Description = "Raw SQL: a year's trend, count and first page")]
    public Task<int> RawYear() => Raw(YearSql(), Parameters(year));

    [BenchmarkCategory("Year"), Benchmark(Description = "InventoryHistory: a year's TrendAsync and PageAsync")]
    public Task<int> Year() => LoadAsync(year);

    [BenchmarkCategory("Seller and card"), Benchmark(Baseline = true, Description = "Raw SQL: one seller's card over a year")]
    public Task<int> RawSellerAndCard() => Raw(YearSql(""" AND s."SellerId" = @seller AND s."CardId" = @card"""), Parameters(sellerAndCard));

    [BenchmarkCategory("Seller and card"), Benchmark(Description = "InventoryHistory: one seller's card over a year")]
    public Task<int> SellerAndCard() => LoadAsync(sellerAndCard);

    private async Task<int> LoadAsync(InventoryHistoryFilter filter)
    {
        var trend = await history.TrendAsync(filter);
        var (page, _) = await history.PageAsync(filter, 0, PageSize);
        return trend.Count + 1 + page.Count;
    }

    /// <summary>The viewer's statements: the trend and the count over the snapshots, and the first page with its rows' sellers and cards.</summary>
    private static string[] YearSql(string where = "")
    {
        var found = $"""FROM "InventorySnapshots" s WHERE s."Date" >= @from AND s."Date" <= @to{where}""";
        return
        [
            $"""SELECT s."Date", s."Treatment", SUM(s."Quantity") {found} GROUP BY s."Date", s."Treatment" """,
            $"""SELECT COUNT(*) {found}""",
            $"""
            SELECT s."Date", s."SellerId", se."DisplayName", se."Platform", s."CardId", c."Number", c."Name", c."Rarity", s."Treatment", s."Items", s."Quantity",
                s."Currency", s."AveragePrice", s."LowestPrice", s."HighestPrice"
            FROM "InventorySnapshots" s JOIN "Sellers" se ON se."Id" = s."SellerId" JOIN "Cards" c ON c."Id" = s."CardId"
            WHERE s."Date" >= @from AND s."Date" <= @to{where}
            ORDER BY s."Date" DESC, s."SellerId" DESC, s."CardId" DESC, s."Treatment" DESC LIMIT {PageSize}
            """,
        ];
    }

    private Dictionary<string, object> Parameters(InventoryHistoryFilter filter)
    {
        var parameters = new Dictionary<string, object> { ["@from"] = Date(filter.From), ["@to"] = Date(filter.To) };
        if (filter.SellerId is { } seller)
        {
            parameters["@seller"] = seller;
        }
        if (filter.CardId is { } card)
        {
            parameters["@card"] = card;
        }
        return parameters;
    }

    /// <summary>A day as the model stores it: text on SQLite, a date on PostgreSQL.</summary>
    private object Date(DateOnly day) => sqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day;

    /// <summary>Runs each statement with the parameters it names on one connection and reads every row and value; returns the rows.</summary>
    private async Task<int> Raw(IEnumerable<string> statements, IReadOnlyDictionary<string, object> parameters)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var rows = 0;
        foreach (var sql in statements)
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters.Where(parameter => sql.Contains(parameter.Key, StringComparison.Ordinal)))
            {
                command.AddParameter(name, value);
            }
            await using var reader = await command.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows++;
            }
        }
        return rows;
    }
}
