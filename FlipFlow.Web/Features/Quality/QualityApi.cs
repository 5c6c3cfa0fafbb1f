using System.Security.Claims;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Quality;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Quality;

/// <summary>A fix to apply: the check whose listings are left out of price figures.</summary>
public sealed record NewQualityFix(string? Check);

/// <summary>
/// The data-quality checks: <c>GET /api/v1/data-quality</c>; the fixes: <c>GET data-quality/fixes</c>, <c>POST
/// data-quality/fixes</c> (Operator keys) and <c>POST data-quality/fixes/{id}/undo</c>.
/// </summary>
public static class QualityApi
{
    private const string Tag = "Data quality";

    public static RouteGroupBuilder MapQualityApi(this RouteGroupBuilder api)
    {
        api.MapGet("data-quality", async (DataQuality quality, CancellationToken cancellationToken) => TypedResults.Ok(await quality.CheckAsync(cancellationToken)))
            .WithName("CheckDataQuality")
            .WithSummary("Every data-quality check: its count, the total it is out of, its rate against its target, whether the target holds, examples, " +
                "and the remedy it offers.")
            .WithTags(Tag);
        api.MapGet("data-quality/fixes", async (QualityFixes fixes, CancellationToken cancellationToken) => TypedResults.Ok(await fixes.ListAsync(cancellationToken: cancellationToken)))
            .WithName("ListQualityFixes").WithSummary("The fixes applied, newest first, with who applied and undid each and when.").WithTags(Tag);
        api.MapPost("data-quality/fixes", ApplyAsync)
            .Writes()
            .WithName("ApplyQualityFix")
            .WithSummary("Leaves what a check finds now out of price figures: check is BulkLots, Duplicates, PriceOutliers or OtherGames.")
            .WithTags(Tag);
        api.MapPost("data-quality/fixes/{id:long}/undo", UndoAsync)
            .Writes()
            .WithName("UndoQualityFix").WithSummary("Brings the listings a fix left out back into price figures.").WithTags(Tag);
        return api;
    }

    private static async Task<Results<Created<QualityFix>, ValidationProblem, ProblemHttpResult>> ApplyAsync(NewQualityFix body, QualityFixes fixes,
        ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (ApiQuery.Parse<QualityCheckKind>(body.Check, "check", problems) is not { } check)
        {
            return problems.Count > 0 ? TypedResults.ValidationProblem(problems) : ApiRefusals.Invalid("check", $"Name the check to fix: {QualityChecks.ExcludableNames}.");
        }
        try
        {
            var fix = await fixes.ApplyAsync(check, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken);
            return TypedResults.Created($"{ApiEndpoints.Prefix}/data-quality/fixes/{fix.Id}", fix);
        }
        catch (QualityFixException refused) when (refused.Refusal == Refusal.Invalid)
        {
            return ApiRefusals.Invalid("check", refused.Message);
        }
        catch (QualityFixException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<Ok<QualityFix>, ProblemHttpResult>> UndoAsync(long id, QualityFixes fixes, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await fixes.UndoAsync(id, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken));
        }
        catch (QualityFixException refused)
        {
            return Refused(refused);
        }
    }

    private static ProblemHttpResult Refused(QualityFixException refused) =>
        refused.Refusal == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);
}
