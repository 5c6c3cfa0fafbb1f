using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.RunLog;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.RunLog;

/// <summary><c>GET /api/v1/run-log</c>: every data run of the last 30 days, newest first, by kind, status, source and days.</summary>
public static class RunLogApi
{
    public static RouteGroupBuilder MapRunLogApi(this RouteGroupBuilder api)
    {
        api.MapGet("run-log", ListAsync)
            .WithName("ListDataRuns")
            .WithSummary($"Every run that brought data in or worked it over in the last {DataRuns.RetentionDays} days, newest first: inventory imports, " +
                "market scans, the seller backfill and the snapshots; by kind, status (Running, Succeeded, Partial, Failed, Cancelled), source (a platform " +
                "or market source) and from and to (yyyy-MM-dd); a page at a time.")
            .WithTags("Run log");
        return api;
    }

    /// <summary>The filter asked for, and what is wrong with the query by field.</summary>
    public static (DataRunFilter Filter, Dictionary<string, string[]> Problems) Parse(string? kind, string? status, string? source, string? from, string? to)
    {
        var problems = new Dictionary<string, string[]>();
        var filter = new DataRunFilter(ApiQuery.Parse<DataRunKind>(kind, "kind", problems), ApiQuery.Parse<DataRunStatus>(status, "status", problems),
            ApiQuery.Blank(source), ApiQuery.Day(from, "from", problems), ApiQuery.Day(to, "to", problems));
        if (problems.Count == 0 && filter.From > filter.To)
        {
            problems["from"] = [$"The range starts {filter.From:yyyy-MM-dd}, after its end {filter.To:yyyy-MM-dd}; swap the dates."];
        }
        return (filter, problems);
    }

    private static async Task<Results<Ok<Paged<DataRun>>, ValidationProblem>> ListAsync(string? kind, string? status, string? source, string? from, string? to,
        int? page, int? pageSize, DataRunLog log, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var (filter, problems) = Parse(kind, status, source, from, to);
        foreach (var (field, messages) in paging.Problems())
        {
            problems[field] = messages;
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (runs, total) = await log.ListAsync(filter, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<DataRun>.Of(runs, total, paging, request));
    }
}
