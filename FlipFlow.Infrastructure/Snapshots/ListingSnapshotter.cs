using FlipFlow.Infrastructure.Listings;
using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using FlipFlow.Domain.Snapshots;

namespace FlipFlow.Infrastructure.Snapshots;

/// <summary>What collecting one day wrote: snapshot rows (of which Active at the day's end), the rows of the same day they replaced, and the marketplace totals.</summary>
public sealed record ListingSnapshotReport(DateOnly Date, int Snapshots, int ActiveListings, int Replaced, int Totals, TimeSpan Duration)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"collected {Snapshots:N0} snapshot{(Snapshots == 1 ? "" : "s")} for {Date:yyyy-MM-dd} ({ActiveListings:N0} active, {Totals} marketplace totals, {Replaced:N0} replaced) in {Duration.TotalSeconds:0.0} s");
}

/// <summary>
/// Collects one day's (UTC) listing snapshots and the marketplaces' <see cref="DailyListingTotals"/> in one transaction,
/// replacing whatever that day held, so a rerun never duplicates.
/// <para>
/// A row is written for each listing live at some moment of the day: Active now and listed before the day ended, or
/// Ended or Sold since the day began (so the day of a sale is recorded). Its status is the one at the day's end: a
/// listing that ended after the day is recorded Active. The lifetime counters go to ViewsTotal, ImpressionsTotal and
/// SoldTotal; the day's Views, Impressions and UnitsSold are those less the listing's latest earlier snapshot. Without
/// an earlier snapshot a listing listed that day counts all its lifetime as the day's, and any other has no data
/// (null) for views and impressions and 0 units sold. A lifetime counter that went down (the marketplace reset it)
/// gives no data for views and impressions and 0 units sold that day, never a negative count. Null counters ("no
/// data") stay null. Watchers are the count at collection.
/// </para>
/// <para>
/// Listings hold only their latest counters, so collecting a past day (a backfill) records the listings' state as
/// known now, attributed to that day: counters, price, quantity and watchers are today's, measured against the latest
/// snapshot before that day, and later days are not worked out again.
/// </para>
/// <para>
/// Totals per marketplace and currency: Active listings; the day's views, impressions and units sold of every row,
/// watchers of the Active ones (null when no listing reports them); Revenue = each row's units sold times its price
/// at the day's end (the same units the snapshots count, whether or not a sale event was recorded); ListedValue =
/// price times quantity of the Active ones. Money is summed in decimal in .NET per distinct price, because SQLite
/// stores decimals as text and would sum them as floating point.
/// </para>
/// </summary>
public sealed class ListingSnapshotter(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    /// <summary>A day of a million listings on a busy server takes longer than a command's default 30 seconds.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Today in UTC, by this service's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The day that ended last (yesterday, UTC): what the daily job collects.</summary>
    public DateOnly LastEndedDay => Today.AddDays(-1);

    /// <summary>Collects <paramref name="date"/>, replacing what it held. Today may be collected (a partial day, replaced when collected again); a later day may not.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is after today (UTC).</exception>
    public async Task<ListingSnapshotReport> CollectAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        if (date > Today)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date,
                string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} is in the future: the latest day that can be collected is today, {Today:yyyy-MM-dd} (UTC)."));
        }
        var started = clock.GetTimestamp();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var probe = await contexts.CreateDbContextAsync(cancellationToken);
        // SQL Server retries failed connections: the whole day is written again then, in a fresh context.
        var (snapshots, active, replaced, totals) = await probe.Database.CreateExecutionStrategy()
            .ExecuteAsync(token => WriteDayAsync(date, token), cancellationToken);
        return new ListingSnapshotReport(date, snapshots, active, replaced, totals, clock.GetElapsedTime(started));
    }

    private async Task<(int Snapshots, int Active, int Replaced, int Totals)> WriteDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(CommandTimeout);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var replaced = await db.ListingSnapshots.Where(snapshot => snapshot.Date == date).ExecuteDeleteAsync(cancellationToken);
        await db.DailyListingTotals.Where(totals => totals.Date == date).ExecuteDeleteAsync(cancellationToken);
        var snapshots = await InsertSnapshotsAsync(db, date, cancellationToken);
        var totals = await SumTotalsAsync(db, date, cancellationToken);
        db.DailyListingTotals.AddRange(totals);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (snapshots, totals.Sum(row => row.ActiveListings), replaced, totals.Count);
    }

    /// <summary>One INSERT ... SELECT over the listings, each joined to its latest earlier snapshot.</summary>
    private static async Task<int> InsertSnapshotsAsync(FlipFlowDbContext db, DateOnly date, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var listing = db.Model.FindEntityType(typeof(Listing))!;
        var snapshot = db.Model.FindEntityType(typeof(ListingSnapshot))!;
        string Table(IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        string Column(IEntityType entity, string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        string Now(string property) => "l." + Column(listing, property);
        string Before(string property) => "p." + Column(snapshot, property);
        var status = listing.FindProperty(nameof(Listing.Status))!.GetRelationalTypeMapping();
        var active = status.GenerateSqlLiteral(ListingStatus.Active);
        var ended = status.GenerateSqlLiteral(ListingStatus.Ended);
        var sold = status.GenerateSqlLiteral(ListingStatus.Sold);
        var dateParameter = sql.GenerateParameterNamePlaceholder("date");
        var dayStart = sql.GenerateParameterNamePlaceholder("dayStart");
        var dayEnd = sql.GenerateParameterNamePlaceholder("dayEnd");

        // No earlier snapshot: the lifetime counts are the day's only if the listing was listed that day (the WHERE
        // clause has already kept it to listings listed before the day's end).
        string DayCount(string total, string previous, string otherwise) =>
            $"CASE WHEN {Before(nameof(ListingSnapshot.ListingId))} IS NULL THEN (CASE WHEN {Now(nameof(Listing.ListedAt))} >= {dayStart} THEN {Now(total)} ELSE {otherwise} END) " +
            $"WHEN {Now(total)} >= {Before(previous)} THEN {Now(total)} - {Before(previous)} ELSE {otherwise} END";

        string[] columns =
        [
            nameof(ListingSnapshot.ListingId), nameof(ListingSnapshot.Date), nameof(ListingSnapshot.Views), nameof(ListingSnapshot.Impressions),
            nameof(ListingSnapshot.Watchers), nameof(ListingSnapshot.ViewsTotal), nameof(ListingSnapshot.ImpressionsTotal), nameof(ListingSnapshot.Price),
            nameof(ListingSnapshot.Currency), nameof(ListingSnapshot.Quantity), nameof(ListingSnapshot.Status), nameof(ListingSnapshot.UnitsSold),
            nameof(ListingSnapshot.SoldTotal),
        ];
        string[] values =
        [
            Now(nameof(Listing.Id)),
            dateParameter,
            DayCount(nameof(Listing.Views), nameof(ListingSnapshot.ViewsTotal), "NULL"),
            DayCount(nameof(Listing.Impressions), nameof(ListingSnapshot.ImpressionsTotal), "NULL"),
            Now(nameof(Listing.Watchers)),
            Now(nameof(Listing.Views)),
            Now(nameof(Listing.Impressions)),
            Now(nameof(Listing.Price)),
            Now(nameof(Listing.Currency)),
            Now(nameof(Listing.Quantity)),
            $"CASE WHEN {Now(nameof(Listing.Status))} <> {active} AND {Now(nameof(Listing.EndedAt))} >= {dayEnd} THEN {active} ELSE {Now(nameof(Listing.Status))} END",
            DayCount(nameof(Listing.QuantitySold), nameof(ListingSnapshot.SoldTotal), "0"),
            Now(nameof(Listing.QuantitySold)),
        ];
        var text =
            $"INSERT INTO {Table(snapshot)} ({string.Join(", ", columns.Select(column => Column(snapshot, column)))})\n" +
            $"SELECT {string.Join(", ", values)}\n" +
            $"FROM {Table(listing)} l\n" +
            $"LEFT JOIN {Table(snapshot)} p ON {Before(nameof(ListingSnapshot.ListingId))} = {Now(nameof(Listing.Id))} AND {Before(nameof(ListingSnapshot.Date))} = " +
            $"(SELECT MAX(e.{Column(snapshot, nameof(ListingSnapshot.Date))}) FROM {Table(snapshot)} e " +
            $"WHERE e.{Column(snapshot, nameof(ListingSnapshot.ListingId))} = {Now(nameof(Listing.Id))} AND e.{Column(snapshot, nameof(ListingSnapshot.Date))} < {dateParameter})\n" +
            $"WHERE ({Now(nameof(Listing.ListedAt))} IS NULL OR {Now(nameof(Listing.ListedAt))} < {dayEnd})\n" +
            $"AND ({Now(nameof(Listing.Status))} = {active} OR ({Now(nameof(Listing.Status))} IN ({ended}, {sold}) AND {Now(nameof(Listing.EndedAt))} >= {dayStart}))";

        var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandTimeout = (int)CommandTimeout.TotalSeconds;
        command.CommandText = text;
        // Each value as the provider stores it: a DateOnly as text or date, a moment as UTC ticks (SQLite) or a timestamp.
        var moment = listing.FindProperty(nameof(Listing.ListedAt))!.GetRelationalTypeMapping();
        command.Parameters.Add(snapshot.FindProperty(nameof(ListingSnapshot.Date))!.GetRelationalTypeMapping()
            .CreateParameter(command, sql.GenerateParameterName("date"), date, nullable: false));
        command.Parameters.Add(moment.CreateParameter(command, sql.GenerateParameterName("dayStart"), start, nullable: false));
        command.Parameters.Add(moment.CreateParameter(command, sql.GenerateParameterName("dayEnd"), start.AddDays(1), nullable: false));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The day's totals per marketplace and currency. The database counts and sums whole numbers per distinct price;
    /// prices are multiplied and added here, in decimal, exactly on every provider.
    /// </summary>
    private static async Task<List<DailyListingTotals>> SumTotalsAsync(FlipFlowDbContext db, DateOnly date, CancellationToken cancellationToken)
    {
        var byPrice = await (
            from snapshot in db.ListingSnapshots
            where snapshot.Date == date
            join listing in db.Listings on snapshot.ListingId equals listing.Id
            group snapshot by new { listing.Marketplace, snapshot.Currency, snapshot.Price } into day
            select new PriceGroup(
                day.Key.Marketplace,
                day.Key.Currency,
                day.Key.Price,
                day.Count(row => row.Status == ListingStatus.Active),
                day.Sum(row => row.Status == ListingStatus.Active ? (long)row.Quantity : 0L),
                day.Sum(row => (long)row.UnitsSold),
                day.Count(row => row.Views != null),
                day.Sum(row => (long?)row.Views) ?? 0L,
                day.Count(row => row.Impressions != null),
                day.Sum(row => (long?)row.Impressions) ?? 0L,
                day.Count(row => row.Status == ListingStatus.Active && row.Watchers != null),
                day.Sum(row => row.Status == ListingStatus.Active ? (long?)row.Watchers : null) ?? 0L))
            .ToListAsync(cancellationToken);

        return byPrice
            .GroupBy(group => (group.Marketplace, group.Currency))
            .OrderBy(group => group.Key.Marketplace).ThenBy(group => group.Key.Currency, StringComparer.Ordinal)
            .Select(group => new DailyListingTotals
            {
                Date = date,
                Marketplace = group.Key.Marketplace,
                Currency = group.Key.Currency,
                ActiveListings = group.Sum(price => price.Active),
                Views = Reported(group, price => price.ViewsReported, price => price.Views),
                Impressions = Reported(group, price => price.ImpressionsReported, price => price.Impressions),
                Watchers = Reported(group, price => price.WatchersReported, price => price.Watchers),
                UnitsSold = checked((int)group.Sum(price => price.UnitsSold)),
                Revenue = group.Sum(price => price.Price * price.UnitsSold),
                ListedValue = group.Sum(price => price.Price * price.ActiveQuantity),
            })
            .ToList();
    }

    private static int? Reported(IEnumerable<PriceGroup> groups, Func<PriceGroup, int> reported, Func<PriceGroup, long> sum) =>
        groups.Sum(reported) == 0 ? null : checked((int)groups.Sum(sum));

    /// <summary>A day's snapshots of one marketplace, currency and price, counted and summed by the database.</summary>
    private sealed record PriceGroup(
        Marketplace Marketplace, string Currency, decimal Price, int Active, long ActiveQuantity, long UnitsSold,
        int ViewsReported, long Views, int ImpressionsReported, long Impressions, int WatchersReported, long Watchers);
}
