using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Inventory;

/// <summary>A page of found inventory and what all of it adds up to.</summary>
public sealed record InventorySearchResult(Paged<InventoryRow> Page, InventorySummary Summary);

/// <summary>Sellers' inventory: <c>GET /api/v1/inventory/search</c> by card, treatment, seller and platform.</summary>
public static class InventoryApi
{
    public static RouteGroupBuilder MapInventoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("inventory/search", SearchAsync)
            .WithName("SearchInventory")
            .WithSummary("Sellers' inventory by card (id with cardId; collector number like 143 or 143/401, or words of the name, with card), treatment, seller " +
                "and platform, a page at a time, with the total units, sellers and lowest and highest price.")
            .WithTags("Inventory");
        return api;
    }

    private static async Task<Results<Ok<InventorySearchResult>, ValidationProblem>> SearchAsync(int? cardId, string? card, string? treatment, long? sellerId,
        string? platform, int? page, int? pageSize, InventorySearch search, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        if (treatment is { Length: > 0 } && !Treatments.IsKnown(treatment))
        {
            problems["treatment"] = [$"\"{treatment}\" is not a treatment: one of {string.Join(", ", Treatments.All)}."];
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
