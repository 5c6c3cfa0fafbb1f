using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Inventory;

/// <summary>A page of found inventory and what all of it adds up to.</summary>
public sealed record InventorySearchResult(Paged<InventoryRow> Page, InventorySummary Summary);

/// <summary>A page of inventory snapshot rows over a range of days, in the asked order.</summary>
public sealed record InventorySnapshotsResult(DateOnly From, DateOnly To, Paged<InventorySnapshotRow> Page);

/// <summary>The quantity of each treatment on each day over the rows found, oldest first: the viewer's chart.</summary>
public sealed record InventoryTrendResult(DateOnly From, DateOnly To, IReadOnlyList<InventoryTrendPoint> Points);

/// <summary>What taking a day's inventory snapshot wrote; also <c>inventory snapshot --json</c>, so only add to it.</summary>
public sealed record InventorySnapshotTaken(DateOnly Date, int Rows, int Replaced, int DaysPruned, int RowsPruned, double DurationSeconds)
{
    public static InventorySnapshotTaken From(InventorySnapshotReport report) => new(report.Date, report.Rows, report.Replaced, report.DaysPruned,
        report.RowsPruned, Math.Round(report.Duration.TotalSeconds, 3));
}

/// <summary>
/// Sellers' inventory: <c>GET /api/v1/inventory/search</c> by card, treatment, seller and platform; the daily snapshots with
/// <c>GET /api/v1/inventory/snapshots</c> and <c>…/snapshots/trend</c>, and <c>POST /api/v1/inventory/snapshots?date=</c> to take a day.
/// </summary>
public static class InventoryApi
{
    public static RouteGroupBuilder MapInventoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("inventory/search", SearchAsync)
            .WithName("SearchInventory")
            .WithSummary("Sellers' inventory by card (id with cardId; collector number like 143 or 143/401, or words of the name, with card), treatment, seller " +
                "and platform, a page at a time, with the total units, sellers and lowest and highest price.")
            .WithTags("Inventory");

        api.MapGet("inventory/snapshots", SnapshotsAsync)
            .WithName("ListInventorySnapshots")
            .WithSummary("Daily inventory snapshot rows (seller, card, treatment: items, quantity, average, lowest and highest price) from and to a day " +
                "(the last 90 days when left out), by seller, card and treatment, sorted by sort (Date, Seller, Card, Treatment or Quantity) and descending, " +
                "newest first when neither is given, a page at a time.")
            .WithTags("Inventory");
        api.MapGet("inventory/snapshots/trend", TrendAsync)
            .WithName("GetInventorySnapshotTrend")
            .WithSummary("The quantity of each treatment on each day over the snapshot rows the same filters find, oldest first.")
            .WithTags("Inventory");
        api.MapPost("inventory/snapshots", TakeAsync)
            .WithName("TakeInventorySnapshot")
            .WithSummary("Takes one day's inventory snapshot now (today when date is left out), replacing what the day held, then applies retention. " +
                "A past day records the inventory as it is now.")
            .WithTags("Inventory")
            .Writes();
        return api;
    }

    private static async Task<Results<Ok<InventorySnapshotsResult>, ValidationProblem>> SnapshotsAsync(string? from, string? to, long? sellerId, int? cardId,
        string? card, string? treatment, string? sort, bool? descending, int? page, int? pageSize, InventoryHistory history, TimeProvider clock,
        HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var (filter, problems) = InventoryHistoryQuery.Parse(from, to, sellerId, cardId, card, treatment, sort, descending, clock);
        foreach (var (field, messages) in paging.Problems())
        {
            problems[field] = messages;
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await history.PageAsync(filter, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(new InventorySnapshotsResult(filter.From, filter.To, Paged<InventorySnapshotRow>.Of(rows, total, paging, request)));
    }

    private static async Task<Results<Ok<InventoryTrendResult>, ValidationProblem>> TrendAsync(string? from, string? to, long? sellerId, int? cardId,
        string? card, string? treatment, InventoryHistory history, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (filter, problems) = InventoryHistoryQuery.Parse(from, to, sellerId, cardId, card, treatment, null, null, clock);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        return TypedResults.Ok(new InventoryTrendResult(filter.From, filter.To, await history.TrendAsync(filter, cancellationToken)));
    }

    private static async Task<Results<Ok<InventorySnapshotTaken>, ValidationProblem>> TakeAsync(string? date, InventorySnapshotter snapshotter,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var day = ApiQuery.Day(date, "date", problems) ?? snapshotter.Today;
        if (problems.Count == 0 && day > snapshotter.Today)
        {
            problems["date"] = [$"{day:yyyy-MM-dd} is in the future: the latest day that can be taken is today, {snapshotter.Today:yyyy-MM-dd} (UTC)."];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        return TypedResults.Ok(InventorySnapshotTaken.From(await snapshotter.TakeAsync(day, cancellationToken)));
    }

    private static async Task<Results<Ok<InventorySearchResult>, ValidationProblem>> SearchAsync(int? cardId, string? card, string? treatment, long? sellerId,
        string? platform, int? page, int? pageSize, InventorySearch search, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        if (Treatments.Problem(treatment) is { } wrong)
        {
            problems["treatment"] = [wrong];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, summary) = await search.FindAsync(new InventoryFilter(cardId, ApiQuery.Blank(card), ApiQuery.Blank(treatment), sellerId, on),
            paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(new InventorySearchResult(Paged<InventoryRow>.Of(rows, summary.Items, paging, request), summary));
    }
}
