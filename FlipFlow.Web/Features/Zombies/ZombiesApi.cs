using FlipFlow.Domain.Common;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using MarketplaceNames = FlipFlow.Domain.Marketplaces.Marketplaces;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Batches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Zombies;

/// <summary>A zombie as the Zombies page lists it. <see cref="ViewsLast30Days"/> and <see cref="Watchers"/> null are "no data".</summary>
public sealed record ZombieSummary(
    long ListingId, long ProductId, string Sku, string Title, string Marketplace, string? RemoteId, ListingStatus Status, DateTimeOffset? ListedAt,
    int DaysListed, int? ViewsLast30Days, int? Watchers, ApiMoney Price, int Score, ZombieDiagnosis Diagnosis, string DiagnosisWords, string Reasons,
    DateTimeOffset? JudgedAt)
{
    public static ZombieSummary From(ZombieRow row) => new(row.ListingId, row.ProductId, row.Sku, row.Title, row.Marketplace.Key(), row.RemoteId,
        row.Status, row.ListedAt, row.DaysListed, row.ViewsLast30Days, row.Watchers, new ApiMoney(row.Price, row.Currency), row.Score, row.Diagnosis,
        row.DiagnosisWords, row.Reasons, row.JudgedAt);
}

/// <summary>What a scan found: the live listings judged and the zombies among them, by diagnosis.</summary>
public sealed record ZombieScan(int Judged, int Zombies, IReadOnlyDictionary<ZombieDiagnosis, int> ByDiagnosis, DateTimeOffset JudgedAt)
{
    public static ZombieScan From(ZombieScanReport report) => new(report.Judged, report.Zombies, report.ByDiagnosis, report.JudgedAt);
}

/// <summary>A reprice: the price down by <c>percent</c> (above 0, at most 90), never below <c>floor</c> (0 when left out), as the page's dialog asks.</summary>
public sealed record RepriceBody(decimal? Percent, decimal? Floor);

/// <summary>A snooze: how many <c>days</c> (1 to 365) scans leave the listing alone.</summary>
public sealed record SnoozeBody(int? Days);

/// <summary>
/// <c>/api/v1/zombies</c>: the zombies the Zombies page lists, scanned, resurrected, repriced and snoozed through the same
/// services as the page and the <c>zombies</c> verbs. Resurrecting and repricing start a batch: they answer 202 with its address.
/// </summary>
public static class ZombiesApi
{
    public static RouteGroupBuilder MapZombiesApi(this RouteGroupBuilder api)
    {
        api.MapGet("zombies", ListAsync)
            .WithName("ListZombies").WithSummary("Lists live zombies as the last scan judged them, worst first; filter by diagnosis and marketplace.")
            .WithTags("Zombies");
        api.MapPost("zombies/scan", ScanAsync)
            .WithName("ScanZombies").WithSummary("Judges every live listing now, as the Zombies page's Scan does, and answers what it found.")
            .WithTags("Zombies").Writes();
        api.MapPost("zombies/{id:long}/resurrect", ResurrectAsync)
            .WithName("ResurrectZombie").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Ends the listing and lists it again as a new listing linked to it, in a batch; answers 202 with the batch's address.")
            .WithTags("Zombies").Writes();
        api.MapPost("zombies/{id:long}/reprice", RepriceAsync)
            .WithName("RepriceZombie").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Lowers the listing's product's price by a percentage, never below a floor, and publishes it in a batch; answers 202 with the batch's address.")
            .WithTags("Zombies").Writes();
        api.MapPost("zombies/{id:long}/snooze", SnoozeAsync)
            .WithName("SnoozeZombie").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Takes the listing off the zombie list and has scans spare it for some days.")
            .WithTags("Zombies").Writes();
        return api;
    }

    private static async Task<Results<Ok<Paged<ZombieSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery paging, string? diagnosis, string? marketplace, ZombieReader reader, HttpRequest request,
        CancellationToken cancellationToken)
    {
        var problems = paging.Problems();
        ZombieDiagnosis? wantedDiagnosis = null;
        if (diagnosis is not null)
        {
            if (Enum.TryParse<ZombieDiagnosis>(diagnosis.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                wantedDiagnosis = parsed;
            }
            else
            {
                problems["diagnosis"] = [$"Filter by one of: {string.Join(", ", Enum.GetNames<ZombieDiagnosis>())}."];
            }
        }
        Marketplace? wantedMarketplace = null;
        if (marketplace is not null)
        {
            if (MarketplaceNames.TryParse(marketplace, out var parsed))
            {
                wantedMarketplace = parsed;
            }
            else
            {
                problems["marketplace"] = [$"Filter by one of: {string.Join(", ", MarketplaceNames.All.Select(MarketplaceNames.Key))}."];
            }
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var page = await reader.ListAsync(wantedDiagnosis, wantedMarketplace, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<ZombieSummary>.Of(page.Rows.Select(ZombieSummary.From).ToList(), page.Total, paging, request));
    }

    /// <summary>The scan runs in the request, as the page's Scan button and <c>zombies scan</c> run it, so its answer is the report.</summary>
    private static async Task<Ok<ZombieScan>> ScanAsync(ZombieScanner scanner, CancellationToken cancellationToken) =>
        TypedResults.Ok(ZombieScan.From(await scanner.ScanAsync(cancellationToken: cancellationToken)));

    private static async Task<Results<Accepted<BatchStarted>, ValidationProblem, ProblemHttpResult>> ResurrectAsync(
        long id, ZombieResurrector resurrector, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return Started(await resurrector.ResurrectAsync([id], BatchesApi.RequestedBy(http), cancellationToken));
        }
        catch (ZombieActionException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<Accepted<BatchStarted>, ValidationProblem, ProblemHttpResult>> RepriceAsync(
        long id, RepriceBody body, ZombieRepricer repricer, HttpContext http, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var percent = body.Percent ?? 0m;
        var floor = body.Floor ?? 0m;
        if (ZombieReprice.PercentProblem(percent) is { } percentProblem)
        {
            problems["percent"] = [percentProblem];
        }
        if (ZombieReprice.FloorProblem(floor) is { } floorProblem)
        {
            problems["floor"] = [floorProblem];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        try
        {
            return Started(await repricer.RepriceAsync([id], percent, floor, BatchesApi.RequestedBy(http), cancellationToken));
        }
        catch (ZombieActionException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SnoozeAsync(
        long id, SnoozeBody body, ZombieSnoozer snoozer, CancellationToken cancellationToken)
    {
        if (ZombieSnooze.DaysProblem(body.Days ?? 0) is { } problem)
        {
            return ApiRefusals.Invalid("days", problem);
        }
        return await snoozer.SnoozeAsync([id], body.Days!.Value, cancellationToken) == 0
            ? ApiRefusals.NotFound($"There is no listing {id}.")
            : TypedResults.NoContent();
    }

    private static Accepted<BatchStarted> Started(BatchCreated created) =>
        TypedResults.Accepted(BatchesApi.Address(created.Batch.Id), new BatchStarted(BatchVerbs.BatchRow.From(created.Batch), created.Skipped));

    private static Results<Accepted<BatchStarted>, ValidationProblem, ProblemHttpResult> Refused(ZombieActionException refused) =>
        refused.Reason switch
        {
            Refusal.NotFound => ApiRefusals.NotFound(refused.Message),
            Refusal.Invalid => ApiRefusals.Invalid("id", refused.Message),
            _ => ApiRefusals.Conflict(refused.Message),
        };
}
