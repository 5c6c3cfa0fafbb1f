using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Skus;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Batches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Skus;

/// <summary>Mappings to decide: their ids, and why, kept with the decision.</summary>
public sealed record SkuDecisionRequest(IReadOnlyList<long>? Ids, string? Notes);

/// <summary>How many mappings a decision changed.</summary>
public sealed record SkuDecisionResult(int Decided);

/// <summary>
/// Sellers' SKUs mapped to catalogue cards: <c>GET /api/v1/sku-mappings</c> (the review queue with <c>status=review</c>), and the
/// operator's decisions <c>approve</c> and <c>reject</c>. The <c>catalog mappings</c> verbs do the same.
/// </summary>
public static class SkusApi
{
    public static RouteGroupBuilder MapSkusApi(this RouteGroupBuilder api)
    {
        api.MapGet("sku-mappings", ListAsync)
            .WithName("ListSkuMappings")
            .WithSummary("SKU mappings, most confident first, with the proposed card, treatment, runner-up, reason and rows seen; status=review is the review queue; minConfidence and maxConfidence bound the confidence, both inclusive.")
            .WithTags("SKU review");
        api.MapPost("sku-mappings/approve", (SkuDecisionRequest body, HttpContext http, SkuReview review, CancellationToken cancellationToken) =>
                DecideAsync(body, ids => review.ApproveAsync(ids, BatchesApi.RequestedBy(http), body.Notes, cancellationToken)))
            .WithName("ApproveSkuMappings")
            .WithSummary("Approves each mapping's proposed card and treatment, all or none; the next import uses them.")
            .WithTags("SKU review").Writes();
        api.MapPost("sku-mappings/reject", (SkuDecisionRequest body, HttpContext http, SkuReview review, CancellationToken cancellationToken) =>
                DecideAsync(body, ids => review.RejectAsync(ids, BatchesApi.RequestedBy(http), body.Notes, cancellationToken)))
            .WithName("RejectSkuMappings")
            .WithSummary("Rejects each mapping, all or none: rows with its SKU are held until it is mapped to a card.")
            .WithTags("SKU review").Writes();
        return api;
    }

    private static async Task<Results<Ok<Paged<CatalogVerbs.MappingRow>>, ValidationProblem>> ListAsync(string? platform, string? status, string? minConfidence,
        string? maxConfidence, int? page, int? pageSize, SkuReview review, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var filter = new SkuMappingFilter(ApiQuery.Parse<MarketPlatform>(platform, "platform", problems), ApiQuery.Parse<SkuMappingStatus>(status, "status", problems),
            ApiQuery.Number(minConfidence, SkuMappingFilter.MinField, problems), ApiQuery.Number(maxConfidence, SkuMappingFilter.MaxField, problems));
        foreach (var (field, message) in filter.Problems())
        {
            problems.TryAdd(field, [message]);
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await review.ListAsync(filter, paging.Number - 1, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<CatalogVerbs.MappingRow>.Of([.. rows.Select(CatalogVerbs.MappingRow.From)], total, paging, request));
    }

    private static async Task<Results<Ok<SkuDecisionResult>, ValidationProblem, ProblemHttpResult>> DecideAsync(SkuDecisionRequest body,
        Func<IReadOnlyCollection<long>, Task<int>> decide)
    {
        if (body.Ids is not { Count: > 0 } ids)
        {
            return ApiRefusals.Invalid("ids", "Name at least one mapping by its id.");
        }
        try
        {
            return TypedResults.Ok(new SkuDecisionResult(await decide(ids.Distinct().ToList())));
        }
        catch (SkuActionException refused)
        {
            return refused.Reason switch
            {
                Refusal.NotFound => ApiRefusals.NotFound(refused.Message),
                Refusal.Invalid => ApiRefusals.Invalid("ids", refused.Message),
                _ => ApiRefusals.Conflict(refused.Message),
            };
        }
    }
}
