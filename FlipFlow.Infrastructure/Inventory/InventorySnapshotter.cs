using System.Globalization;
using FlipFlow.Domain.Inventory;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>InventorySnapshots:DailyDays: how many days before today keep a snapshot for every day; older months keep their latest day only.</summary>
public sealed class InventorySnapshotOptions
{
    public const string Section = "InventorySnapshots";

    public int DailyDays { get; set; } = SnapshotRetention.DefaultDailyDays;
}

/// <summary>What taking one day wrote: its rows, the rows of the same day they replaced, and the older days retention removed.</summary>
public sealed record InventorySnapshotReport(DateOnly Date, int Rows, int Replaced, int DaysPruned, int RowsPruned, TimeSpan Duration)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"took {Rows:N0} inventory snapshot row{(Rows == 1 ? "" : "s")} for {Date:yyyy-MM-dd} ({Replaced:N0} replaced) in {Duration.TotalSeconds:0.0} s; " +
        $"retention removed {RowsPruned:N0} rows of {DaysPruned} older day{(DaysPruned == 1 ? "" : "s")}");
}

/// <summary>
/// Takes one day's (UTC) inventory snapshot: sellers' inventory summed per seller, card and treatment by one
/// INSERT ... SELECT ... GROUP BY, in the transaction that deletes what the day held, so a rerun replaces the day.
/// Inventory holds only its present state, so a past day taken now records the inventory as it is now. Then applies
/// <see cref="SnapshotRetention"/>.
/// </summary>
public sealed class InventorySnapshotter(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock,
    IOptions<InventorySnapshotOptions> options)
{
    /// <summary>A million inventory items on a busy server take longer than a command's default 30 seconds.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Today in UTC, by this service's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The day that ended last (yesterday, UTC): what the daily job takes, at midnight.</summary>
    public DateOnly LastEndedDay => Today.AddDays(-1);

    /// <summary>Takes <paramref name="date"/>, replacing what it held. Today may be taken (replaced when taken again); a later day may not.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is after today (UTC).</exception>
    public async Task<InventorySnapshotReport> TakeAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        if (date > Today)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date,
                string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} is in the future: the latest day that can be taken is today, {Today:yyyy-MM-dd} (UTC)."));
        }
        var started = clock.GetTimestamp();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var probe = await contexts.CreateDbContextAsync(cancellationToken);
        // SQL Server retries failed connections: the whole day is written again then, in a fresh context.
        var (rows, replaced, days, pruned) = await probe.Database.CreateExecutionStrategy()
            .ExecuteAsync(token => WriteDayAsync(date, token), cancellationToken);
        return new InventorySnapshotReport(date, rows, replaced, days, pruned, clock.GetElapsedTime(started));
    }

    private async Task<(int Rows, int Replaced, int DaysPruned, int RowsPruned)> WriteDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(CommandTimeout);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var replaced = await db.InventorySnapshots.Where(snapshot => snapshot.Date == date).ExecuteDeleteAsync(cancellationToken);
        var rows = await InsertDayAsync(db, date, cancellationToken);
        var days = await db.InventorySnapshots.Select(snapshot => snapshot.Date).Distinct().ToListAsync(cancellationToken);
        var drop = SnapshotRetention.DaysToDrop(days, Today, options.Value.DailyDays);
        var pruned = drop.Count == 0 ? 0 : await db.InventorySnapshots.Where(snapshot => drop.Contains(snapshot.Date)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (rows, replaced, drop.Count, pruned);
    }

    private static async Task<int> InsertDayAsync(FlipFlowDbContext db, DateOnly date, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var item = db.Model.FindEntityType(typeof(InventoryItem))!;
        var snapshot = db.Model.FindEntityType(typeof(InventorySnapshot))!;
        string Table(IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        string Column(IEntityType entity, string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        string Item(string property) => "i." + Column(item, property);
        // SQLite keeps decimals as text, which MIN and MAX would compare as text; as REAL they compare as numbers.
        var price = db.Database.IsSqlite() ? $"CAST({Item(nameof(InventoryItem.Price))} AS REAL)" : Item(nameof(InventoryItem.Price));
        var pricedCurrency = $"CASE WHEN {Item(nameof(InventoryItem.Price))} IS NOT NULL THEN {Item(nameof(InventoryItem.Currency))} END";
        var oneCurrency = $"MIN({pricedCurrency}) = MAX({pricedCurrency})";
        var dateParameter = sql.GenerateParameterNamePlaceholder("date");
        string[] columns =
        [
            nameof(InventorySnapshot.Date), nameof(InventorySnapshot.SellerId), nameof(InventorySnapshot.CardId), nameof(InventorySnapshot.Treatment),
            nameof(InventorySnapshot.Items), nameof(InventorySnapshot.Quantity), nameof(InventorySnapshot.Currency), nameof(InventorySnapshot.AveragePrice),
            nameof(InventorySnapshot.LowestPrice), nameof(InventorySnapshot.HighestPrice),
        ];
        string[] values =
        [
            dateParameter, Item(nameof(InventoryItem.SellerId)), Item(nameof(InventoryItem.CardId)), Item(nameof(InventoryItem.Treatment)),
            "COUNT(*)", $"SUM({Item(nameof(InventoryItem.Quantity))})",
            $"CASE WHEN {oneCurrency} THEN MIN({pricedCurrency}) END",
            $"CASE WHEN {oneCurrency} THEN ROUND(AVG({price}), 2) END",
            $"CASE WHEN {oneCurrency} THEN MIN({price}) END",
            $"CASE WHEN {oneCurrency} THEN MAX({price}) END",
        ];
        var text =
            $"INSERT INTO {Table(snapshot)} ({string.Join(", ", columns.Select(column => Column(snapshot, column)))})\n" +
            $"SELECT {string.Join(", ", values)}\n" +
            $"FROM {Table(item)} i\n" +
            $"GROUP BY {Item(nameof(InventoryItem.SellerId))}, {Item(nameof(InventoryItem.CardId))}, {Item(nameof(InventoryItem.Treatment))}";

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandTimeout = (int)CommandTimeout.TotalSeconds;
        command.CommandText = text;
        command.Parameters.Add(snapshot.FindProperty(nameof(InventorySnapshot.Date))!.GetRelationalTypeMapping()
            .CreateParameter(command, sql.GenerateParameterName("date"), date, nullable: false));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
