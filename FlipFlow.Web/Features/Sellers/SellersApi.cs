using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Batches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Sellers;

/// <summary>A seller with whom it was merged into, who was merged into it, and its figures.</summary>
public sealed record ApiSeller(
    long Id,
    MarketPlatform Platform,
    string PlatformSellerId,
    string DisplayName,
    int? FeedbackScore,
    decimal? FeedbackPercent,
    string? Notes,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    bool IsActive,
    SellerLink? MergedInto,
    IReadOnlyList<SellerLink> MergedFrom,
    SellerAnalytics Analytics)
{
    public static ApiSeller From(SellerDetails details) => new(details.Seller.Id, details.Seller.Platform, details.Seller.PlatformSellerId,
        details.Seller.DisplayName, details.Seller.FeedbackScore, details.Seller.FeedbackPercent, details.Seller.Notes, details.Seller.Metadata,
        details.Seller.FirstSeenAt, details.Seller.LastSeenAt, details.Seller.IsActive, details.MergedInto, details.MergedFrom, details.Analytics);
}

/// <summary>What an operator may change on a seller: a field left out stays as it is; empty notes remove them.</summary>
public sealed record SellerEdit(string? DisplayName, string? Notes);

/// <summary>Sellers to merge: the target that stays, and the sellers folded into it.</summary>
public sealed record SellerMergeRequest(long? TargetId, IReadOnlyList<long>? SourceIds);

/// <summary>Each platform's seller coverage of market listings, and every seller text no seller could be read from.</summary>
public sealed record ApiSellerCoverage(IReadOnlyList<SellerCoverage> Coverage, IReadOnlyList<UnusedSellerText> Unused);

/// <summary>
/// Sellers across platforms: <c>GET /api/v1/sellers</c>, <c>sellers/{id}</c> and its analytics, <c>PATCH sellers/{id}</c>, the identity a
/// seller text names, coverage, merge suggestions, and merges with preview and undo. The <c>sellers</c> verbs do the same from the shell.
/// </summary>
public static class SellersApi
{
    public static RouteGroupBuilder MapSellersApi(this RouteGroupBuilder api)
    {
        api.MapGet("sellers", ListAsync)
            .WithName("ListSellers")
            .WithSummary("Sellers by platform or name, with listings, inventory (units in active listings), units sold in 30 days and market share, a page at a time.")
            .WithTags("Sellers");
        api.MapGet("sellers/{id:long}", GetAsync)
            .WithName("GetSeller")
            .WithSummary("A seller: identity, feedback, notes, whom it was merged into and who into it, and its figures.")
            .WithTags("Sellers");
        api.MapGet("sellers/{id:long}/analytics", async Task<Results<Ok<SellerAnalytics>, ProblemHttpResult>> (long id, SellerDirectory directory,
                SellerFigures figures, CancellationToken cancellationToken) =>
                await directory.GetAsync(id, cancellationToken) is null
                    ? ApiRefusals.NotFound($"No seller has id {id}.")
                    : TypedResults.Ok(await figures.ForAsync(id, cancellationToken)))
            .WithName("GetSellerAnalytics")
            .WithSummary("A seller's inventory size, units sold and market share over 30 days, average asking price per currency, and sales a day over 90 days.")
            .WithTags("Sellers");
        api.MapPatch("sellers/{id:long}", EditAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EditSeller")
            .WithSummary("Sets a seller's display name or notes.")
            .WithTags("Sellers").Writes();
        api.MapGet("sellers/identity", IdentityAsync)
            .WithName("ReadSellerIdentity")
            .WithSummary("The seller a platform's seller text names (platform, sellerId, feedback), or a 400 with the reason it names none.")
            .WithTags("Sellers");
        api.MapGet("sellers/coverage", async Task<Ok<ApiSellerCoverage>> (SellerBackfill backfill, CancellationToken cancellationToken) =>
                TypedResults.Ok(new ApiSellerCoverage(await backfill.CoverageAsync(cancellationToken), await backfill.UnusedAsync(cancellationToken))))
            .WithName("GetSellerCoverage")
            .WithSummary("Each platform's share of market listings linked to a seller, and every seller text that names none, with its count and reason. " +
                "POST /api/v1/jobs/seller-backfill/trigger links the rest.")
            .WithTags("Sellers");
        api.MapGet("sellers/suggestions", async Task<Ok<IReadOnlyList<SellerSuggestion>>> (SellerDirectory directory, CancellationToken cancellationToken) =>
                TypedResults.Ok(await directory.SuggestionsAsync(cancellationToken)))
            .WithName("ListSellerSuggestions")
            .WithSummary("Pairs of active sellers that may be one business: the same name on two platforms, or names at least 90% alike. Nothing is merged from them.")
            .WithTags("Sellers");
        api.MapGet("sellers/merges", MergesAsync)
            .WithName("ListSellerMerges")
            .WithSummary("The merge history, the latest first, all or those one seller took part in, a page at a time.")
            .WithTags("Sellers");
        api.MapGet("sellers/merges/{id:long}", async Task<Results<Ok<SellerMergeSummary>, ProblemHttpResult>> (long id, SellerMerges merges,
                CancellationToken cancellationToken) =>
                await merges.GetAsync(id, cancellationToken) is { } merge ? TypedResults.Ok(merge) : ApiRefusals.NotFound($"No seller merge has id {id}."))
            .WithName("GetSellerMerge")
            .WithSummary("One merge: its target, its sources with the market listings each handed over, who did it and when, and its undo.")
            .WithTags("Sellers");
        api.MapPost("sellers/merges/preview", PreviewAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("PreviewSellerMerge")
            .WithSummary("What a merge would do, writing nothing: the market listings each source would hand over and the rows that would collide.")
            .WithTags("Sellers").Writes();
        api.MapPost("sellers/merges", MergeAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MergeSellers")
            .WithSummary("Merges sellers into a target in one transaction; the sources stay as inactive records pointing to it. POST …/undo reverses it.")
            .WithTags("Sellers").Writes();
        api.MapPost("sellers/merges/{id:long}/undo", UndoAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UndoSellerMerge")
            .WithSummary("Puts back every listing a merge moved and makes its sources active again; a 409 says why when a later merge stands in the way.")
            .WithTags("Sellers").Writes();
        return api;
    }

    private static async Task<Results<Ok<Paged<SellerRow>>, ValidationProblem>> ListAsync(string? platform, string? search, bool? includeMerged, string? sort,
        int? page, int? pageSize, SellerDirectory directory, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        var order = ApiQuery.Parse<SellerSort>(sort, "sort", problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await directory.ListAsync(new SellerFilter(on, ApiQuery.Blank(search), includeMerged ?? false, order ?? SellerSort.Listings),
            paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<SellerRow>.Of(rows, total, paging, request));
    }

    private static async Task<Results<Ok<ApiSeller>, ProblemHttpResult>> GetAsync(long id, SellerDirectory directory, CancellationToken cancellationToken) =>
        await directory.GetAsync(id, cancellationToken) is { } details ? TypedResults.Ok(ApiSeller.From(details)) : ApiRefusals.NotFound($"No seller has id {id}.");

    private static async Task<Results<Ok<ApiSeller>, ValidationProblem, ProblemHttpResult>> EditAsync(long id, SellerEdit body, SellerDirectory directory,
        CancellationToken cancellationToken)
    {
        if (await directory.GetAsync(id, cancellationToken) is not { } current)
        {
            return ApiRefusals.NotFound($"No seller has id {id}.");
        }
        try
        {
            await directory.UpdateAsync(id, body.DisplayName ?? current.Seller.DisplayName, body.Notes ?? current.Seller.Notes, cancellationToken);
        }
        catch (SellerActionException refused) when (refused.Reason == Refusal.Invalid)
        {
            return ApiRefusals.Invalid(refused.Field ?? "displayName", refused.Message);
        }
        catch (SellerActionException refused)
        {
            return Refused(refused);
        }
        return TypedResults.Ok(ApiSeller.From((await directory.GetAsync(id, cancellationToken))!));
    }

    private static Results<Ok<SellerIdentity>, ValidationProblem> IdentityAsync(string? platform, string? text)
    {
        var problems = new Dictionary<string, string[]>();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        if (on is null && !problems.ContainsKey("platform"))
        {
            problems["platform"] = [$"Give the platform: one of {string.Join(", ", Enum.GetNames<MarketPlatform>())}."];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var read = SellerIdentityRule.Read(on!.Value, text);
        return read.Identity is { } identity
            ? TypedResults.Ok(identity)
            : ApiRefusals.Invalid("text", read.Rejection!);
    }

    private static async Task<Results<Ok<Paged<SellerMergeSummary>>, ValidationProblem>> MergesAsync(long? sellerId, int? page, int? pageSize,
        SellerMerges merges, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        if (paging.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await merges.HistoryAsync(sellerId, skip: paging.Skip, take: paging.Size, cancellationToken: cancellationToken);
        return TypedResults.Ok(Paged<SellerMergeSummary>.Of(rows, total, paging, request));
    }

    private static async Task<Results<Ok<SellerMergePreview>, ValidationProblem, ProblemHttpResult>> PreviewAsync(SellerMergeRequest body,
        SellerMerges merges, CancellationToken cancellationToken)
    {
        if (Problem(body) is { } invalid)
        {
            return invalid;
        }
        try
        {
            return TypedResults.Ok(await merges.PreviewAsync(body.TargetId!.Value, body.SourceIds!, cancellationToken));
        }
        catch (SellerActionException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<Created<SellerMergeSummary>, ValidationProblem, ProblemHttpResult>> MergeAsync(SellerMergeRequest body,
        SellerMerges merges, HttpContext http, CancellationToken cancellationToken)
    {
        if (Problem(body) is { } invalid)
        {
            return invalid;
        }
        try
        {
            var merge = await merges.MergeAsync(body.TargetId!.Value, body.SourceIds!, BatchesApi.RequestedBy(http), cancellationToken);
            return TypedResults.Created($"{ApiEndpoints.Prefix}/sellers/merges/{merge.Id}", merge);
        }
        catch (SellerActionException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<Ok<SellerMergeSummary>, ValidationProblem, ProblemHttpResult>> UndoAsync(long id, SellerMerges merges, HttpContext http,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await merges.UndoAsync(id, BatchesApi.RequestedBy(http), cancellationToken));
        }
        catch (SellerActionException refused)
        {
            return Refused(refused);
        }
    }

    private static ValidationProblem? Problem(SellerMergeRequest body) =>
        body.TargetId is null ? ApiRefusals.Invalid("targetId", "Give the seller to merge into.")
        : body.SourceIds is null ? ApiRefusals.Invalid("sourceIds", "Give the sellers to merge into the target.")
        : SellerRules.MergeProblem(body.TargetId.Value, body.SourceIds) is { } problem ? ApiRefusals.Invalid("sourceIds", problem)
        : null;

    /// <summary>A refusal of the data (404 or 409); refusals of the input are caught before it as 400s on their field.</summary>
    private static ProblemHttpResult Refused(SellerActionException refused) =>
        refused.Reason == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);
}
