using FlipFlow.Domain.Common;
using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Batches;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FlipFlow.Web.Cli.IngestVerbs;

namespace FlipFlow.Web.Features.Ingest;

/// <summary>
/// Imports from addresses: <c>POST ingest/single</c> and <c>POST ingest/bulk</c> answer 202 with the import's id and address at
/// once; <c>GET ingest/{id}</c> and <c>GET ingest/bulk/{id}</c> follow it, and retry and cancel act on it. The <c>ingest</c> verbs
/// do the same.
/// </summary>
public static class IngestApi
{
    /// <summary>The largest bulk body taken: a thousand long addresses and room around them.</summary>
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapIngestApi(this RouteGroupBuilder api)
    {
        api.MapPost("ingest/single", SingleAsync)
            .WithName("IngestUrl")
            .WithSummary("Imports one listing from its address ({ url, priority? }) in the background: 202 with the import's id and Location.")
            .WithTags("Ingest").Writes();
        api.MapPost("ingest/bulk", BulkAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("IngestBulk")
            .WithSummary($"Imports up to {IngestAddresses.MaxBulk:N0} listings from a multipart CSV file (header 'url') or a JSON array [{{ \"url\": ... }}]: " +
                "202 with the import's id, the addresses queued, and the lines skipped as repeated or invalid. More lines than that is a 400.")
            .WithTags("Ingest").Writes();
        api.MapGet("ingest", ListAsync)
            .WithName("ListIngests")
            .WithSummary("The imports from addresses, newest first, with their progress.")
            .WithTags("Ingest");
        api.MapGet("ingest/{id:long}", async Task<Results<Ok<SingleStatus>, ProblemHttpResult>> (long id, IServiceProvider services,
                CancellationToken cancellationToken) =>
            {
                var bulk = await ReadAsync(services, id, null, 0, 1, cancellationToken);
                return bulk is null ? ApiRefusals.NotFound($"No import has id {id}.") : TypedResults.Ok(await JobAsync(services, bulk, cancellationToken));
            })
            .WithName("GetIngest")
            .WithSummary("An import's status, its first address, and once read the listing: title, price, currency, seller, images, status.")
            .WithTags("Ingest");
        api.MapGet("ingest/bulk/{id:long}", BulkStatusAsync)
            .WithName("GetIngestBulk")
            .WithSummary($"An import's status and progress (total, complete, success, partial, failed) with its rows {{ url, status, listingId, error }}, " +
                $"offset and limit (at most {MaxLimit}) at a time; status filters the rows.")
            .WithTags("Ingest");
        api.MapPost("ingest/{id:long}/retry", async Task<Results<Ok<SessionRow>, ProblemHttpResult>> (long id, long? itemId, IngestSessions sessions,
                CancellationToken cancellationToken) =>
                await Refusing(async () =>
                {
                    await sessions.RetryAsync(id, itemId, cancellationToken);
                    return SessionRow.From((await sessions.GetAsync(id, cancellationToken))!);
                }))
            .WithName("RetryIngest")
            .WithSummary("Fetches an import's failed addresses again, or only itemId; 409 when none has failed.")
            .WithTags("Ingest").Writes();
        api.MapPost("ingest/{id:long}/cancel", async Task<Results<Ok<SessionRow>, ProblemHttpResult>> (long id, HttpContext http, IngestSessions sessions,
                CancellationToken cancellationToken) =>
                await Refusing(async () =>
                {
                    await sessions.CancelAsync(id, BatchesApi.RequestedBy(http), cancellationToken);
                    return SessionRow.From((await sessions.GetAsync(id, cancellationToken))!);
                }))
            .WithName("CancelIngest")
            .WithSummary("Stops an import: its addresses not yet fetched fail as cancelled; 409 when none is waiting.")
            .WithTags("Ingest").Writes();
        return api;
    }

    public static string Address(long sessionId) => $"{ApiEndpoints.Prefix}/ingest/{sessionId}";

    public static string BulkAddress(long sessionId) => $"{ApiEndpoints.Prefix}/ingest/bulk/{sessionId}";

    /// <summary>A single import's body.</summary>
    public sealed record SingleRequest(string? Url, int? Priority);

    /// <summary>One line of a bulk list that was not queued: its row (and column, for a file), what it said and why.</summary>
    public sealed record SkippedLine(int Row, int? Column, string Text, string Reason);

    /// <summary>What an accepted import answers: its id and where to follow it.</summary>
    public sealed record Accepted(long Id, string Status, int Total, int Duplicates, IReadOnlyList<SkippedLine> Invalid, string Location);

    private static async Task<Results<Accepted<Accepted>, ValidationProblem, ProblemHttpResult>> SingleAsync(SingleRequest? body, HttpContext http,
        IngestSessions sessions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Url))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = ["Give the listing's address, http or https."] });
        }
        try
        {
            var session = await sessions.StartSingleAsync(body.Url, body.Priority ?? 0, BatchesApi.RequestedBy(http), cancellationToken);
            var location = Address(session.Id);
            return TypedResults.Accepted(location, new Accepted(session.Id, session.Status.ToString(), session.Total, 0, [], location));
        }
        catch (IngestException refused) when (refused.Reason == Refusal.Invalid)
        {
            var field = refused.Message.Contains("priority", StringComparison.OrdinalIgnoreCase) ? "priority" : "url";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [refused.Message] });
        }
    }

    private static async Task<Results<Accepted<Accepted>, ValidationProblem, ProblemHttpResult>> BulkAsync(int? priority, HttpContext http,
        IngestSessions sessions, CancellationToken cancellationToken)
    {
        var request = http.Request;
        IngestList list;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.FirstOrDefault() is not { } file)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file of addresses, with a 'url' column."] });
            }
            using var reader = new StreamReader(file.OpenReadStream());
            list = IngestAddresses.ParseCsv(await reader.ReadToEndAsync(cancellationToken));
            fileName = file.FileName;
        }
        else if (request.ContentType?.Split(';')[0].Trim() is { } mediaType && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body);
            list = IngestAddresses.ParseJson(await reader.ReadToEndAsync(cancellationToken));
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send a CSV file or JSON",
                detail: $"Send multipart/form-data with a CSV file (header 'url'), or application/json [{{ \"url\": ... }}] (this request's was '{request.ContentType}').");
        }
        try
        {
            var started = await sessions.StartBulkAsync(list, fileName, priority ?? 0, BatchesApi.RequestedBy(http), cancellationToken);
            var location = BulkAddress(started.Session.Id);
            var invalid = started.Invalid.Select(line => new SkippedLine(line.Row, line.Column, line.Text, line.Error ?? "Not an address.")).ToList();
            return TypedResults.Accepted(location,
                new Accepted(started.Session.Id, started.Session.Status.ToString(), started.Session.Total, started.Duplicates.Count, invalid, location));
        }
        catch (IngestException refused) when (refused.Reason == Refusal.Invalid)
        {
            var problems = new Dictionary<string, string[]> { ["urls"] = [refused.Message] };
            foreach (var line in list.Invalid.Take(50))
            {
                problems[line.Column is { } column ? $"rows[{line.Row}].column[{column}]" : $"rows[{line.Row}]"] = [line.Error ?? "Not an address."];
            }
            return TypedResults.ValidationProblem(problems, detail: refused.Message);
        }
    }

    private static async Task<Results<Ok<Paged<SessionRow>>, ValidationProblem>> ListAsync([AsParameters] PageQuery paging, IngestSessions sessions,
        HttpRequest request, CancellationToken cancellationToken)
    {
        if (paging.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await sessions.ListAsync(paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<SessionRow>.Of([.. rows.Select(SessionRow.From)], total, paging, request));
    }

    private static async Task<Results<Ok<BulkStatus>, ValidationProblem, ProblemHttpResult>> BulkStatusAsync(long id, int? offset, int? limit, string? status,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (offset is < 0)
        {
            problems["offset"] = ["offset starts at 0."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            problems["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }
        var only = ApiQuery.Parse<IngestItemStatus>(status, "status", problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        return await ReadAsync(services, id, only, offset ?? 0, limit ?? 100, cancellationToken) is { } bulk
            ? TypedResults.Ok(bulk)
            : ApiRefusals.NotFound($"No import has id {id}.");
    }

    private static async Task<BulkStatus?> ReadAsync(IServiceProvider services, long id, IngestItemStatus? status, int offset, int limit,
        CancellationToken cancellationToken)
    {
        try
        {
            return await Cli.IngestVerbs.ReadAsync(services, id, status, offset, limit, cancellationToken);
        }
        catch (IngestException refused) when (refused.Reason == Refusal.NotFound)
        {
            return null;
        }
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Refusing<T>(Func<Task<T>> action)
    {
        try
        {
            return TypedResults.Ok(await action());
        }
        catch (IngestException refused)
        {
            return refused.Reason == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);
        }
    }
}
