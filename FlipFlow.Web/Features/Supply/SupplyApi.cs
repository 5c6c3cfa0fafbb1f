using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Supply;
using FlipFlow.Web.Features.Analytics;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Supply;

/// <summary>One card's supply now and over the snapshot days asked for.</summary>
public sealed record CardSupplyDetails(CardSupply Supply, DateOnly From, DateOnly To, IReadOnlyList<SupplyDay> Trend);

/// <summary>
/// Supply analytics: <c>GET /api/v1/analytics/supply-diversity</c> (every card held, paged), <c>…/supply-diversity/{cardId}</c> (one card with
/// its trend over the inventory snapshots) and <c>GET /api/v1/analytics/inventory-velocity</c> (median days to sell per card, treatment and seller).
/// </summary>
public static class SupplyApi
{
    public static RouteGroupBuilder MapSupplyApi(this RouteGroupBuilder api)
    {
        api.MapGet("analytics/supply-diversity", ListAsync)
            .WithName("ListSupplyDiversity")
            .WithSummary("Every card sellers hold (of one treatment, when given): sellers, units, the Herfindahl-Hirschman index of the sellers' shares " +
                "(0-10,000) with its band, and the five largest sellers; sorted by sort (Concentration, Sellers, Units or Card), a page at a time.")
            .WithTags("Analytics");
        api.MapGet("analytics/supply-diversity/{cardId:int}", CardAsync)
            .WithName("GetSupplyDiversity")
            .WithSummary("One card's supply now, and its sellers, units, HHI and the top five's share on each inventory snapshot day from and to " +
                "(yyyy-MM-dd; the last 90 days when left out).")
            .WithTags("Analytics")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("analytics/inventory-velocity", VelocityAsync)
            .WithName("ListInventoryVelocity")
            .WithSummary("Median days from listing to sale per card, treatment and seller, from the market's sold listings, by cardId, treatment and sellerId; " +
                $"sales over {Domain.Supply.SellThroughVelocity.MaxDays} days are left out and counted. A page at a time, by card number.")
            .WithTags("Analytics");
        return api;
    }

    private static async Task<Results<Ok<Paged<CardSupply>>, ValidationProblem>> ListAsync(string? treatment, string? sort, int? page, int? pageSize,
        SupplyAnalytics analytics, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var order = ApiQuery.Parse<SupplySort>(sort, "sort", problems) ?? SupplySort.Concentration;
        TreatmentProblem(treatment, problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var cards = await analytics.CardsAsync(ApiQuery.Blank(treatment), order, cancellationToken);
        return TypedResults.Ok(Paged<CardSupply>.Of([.. cards.Skip(paging.Skip).Take(paging.Size)], cards.Count, paging, request));
    }

    private static async Task<Results<Ok<CardSupplyDetails>, ValidationProblem, ProblemHttpResult>> CardAsync(int cardId, string? treatment,
        string? from, string? to, SupplyAnalytics analytics, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        TreatmentProblem(treatment, problems);
        var (start, end) = ApiQuery.Range(from, to, problems, clock);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        if (await analytics.CardAsync(cardId, ApiQuery.Blank(treatment), cancellationToken) is not { } supply)
        {
            return ApiRefusals.NotFound($"No card has id {cardId}.");
        }
        return TypedResults.Ok(new CardSupplyDetails(supply, start, end, await analytics.TrendAsync(cardId, ApiQuery.Blank(treatment), start, end, cancellationToken)));
    }

    private static async Task<Results<Ok<Paged<VelocityRow>>, ValidationProblem>> VelocityAsync(int? cardId, string? treatment, long? sellerId, int? page,
        int? pageSize, SupplyAnalytics analytics, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        TreatmentProblem(treatment, problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var rows = await analytics.VelocityAsync(new VelocityFilter(cardId, ApiQuery.Blank(treatment), sellerId), cancellationToken);
        return TypedResults.Ok(Paged<VelocityRow>.Of([.. rows.Skip(paging.Skip).Take(paging.Size)], rows.Count, paging, request));
    }

    private static void TreatmentProblem(string? treatment, Dictionary<string, string[]> problems)
    {
        if (Treatments.Problem(ApiQuery.Blank(treatment)) is { } wrong)
        {
            problems["treatment"] = [wrong];
        }
    }
}
