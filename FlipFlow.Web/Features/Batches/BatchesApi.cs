using FlipFlow.Domain.Common;
using FlipFlow.Domain.Marketplaces;
using MarketplaceNames = FlipFlow.Domain.Marketplaces.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Batches;

/// <summary>
/// A publish batch to create: the <c>marketplace</c> (demo, ebay or etsy) and either the <c>skus</c> to publish or
/// <c>all</c>, every product not yet live there, as <c>batch publish</c> takes them.
/// </summary>
public sealed record PublishBody(string? Marketplace, IReadOnlyList<string>? Skus, bool? All);

/// <summary>A batch just created or put back to run, and the products or listings left out of it with the reason.</summary>
public sealed record BatchStarted(BatchVerbs.BatchRow Batch, IReadOnlyList<string> Skipped);

/// <summary>
/// <c>/api/v1/batches</c>: the batches the Batches pages show and <c>batch</c> verbs print, in the same shapes as
/// <c>batch list|show --json</c>, created, retried and cancelled through <see cref="MarketplaceBatches"/>.
/// </summary>
public static class BatchesApi
{
    public static RouteGroupBuilder MapBatchesApi(this RouteGroupBuilder api)
    {
        api.MapGet("batches", ListAsync)
            .WithName("ListBatches").WithSummary("Lists batches, newest first.").WithTags("Batches");
        api.MapGet("batches/{id:long}", GetAsync)
            .WithName("GetBatch").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A batch with each of its jobs and their tasks.").WithTags("Batches");
        api.MapPost("batches", PublishAsync)
            .WithName("PublishBatch").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Publishes products to a marketplace as a batch of jobs that run in the background; answers 202 with the batch's address.")
            .WithTags("Batches").Writes();
        api.MapPost("batches/{id:long}/retry", RetryAsync)
            .WithName("RetryBatch").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Runs an ended batch's failed and cancelled jobs again; their completed tasks are kept.")
            .WithTags("Batches").Writes();
        api.MapPost("batches/{id:long}/cancel", CancelAsync)
            .WithName("CancelBatch").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Cancels a batch: jobs not started are cancelled, running ones stop before their next task.")
            .WithTags("Batches").Writes();
        return api;
    }

    /// <summary>Where a batch is read: the status address of the work a 202 accepted.</summary>
    public static string Address(long batchId) => $"{ApiEndpoints.Prefix}/batches/{batchId}";

    private static async Task<Results<Ok<Paged<BatchVerbs.BatchRow>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery paging, MarketplaceBatches batches, HttpRequest request, CancellationToken cancellationToken)
    {
        if (paging.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var total = await batches.CountAsync(cancellationToken);
        var page = await batches.ListAsync(paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<BatchVerbs.BatchRow>.Of(page.Select(BatchVerbs.BatchRow.From).ToList(), total, paging, request));
    }

    private static async Task<Results<Ok<BatchVerbs.BatchDetail>, ProblemHttpResult>> GetAsync(
        long id, MarketplaceBatches batches, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await batches.GetAsync(id, cancellationToken);
            var jobs = await batches.JobsAsync(id, null, 0, int.MaxValue, cancellationToken);
            return TypedResults.Ok(new BatchVerbs.BatchDetail(BatchVerbs.BatchRow.From(batch), jobs.Jobs.Select(BatchVerbs.JobRow.From).ToList()));
        }
        catch (BatchRuleException refused) when (refused.Reason == Refusal.NotFound)
        {
            return ApiRefusals.NotFound(refused.Message);
        }
    }

    private static async Task<Results<Accepted<BatchStarted>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        PublishBody body, MarketplaceBatches batches, HttpContext http, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (!MarketplaceNames.TryParse(body.Marketplace, out var marketplace))
        {
            problems["marketplace"] = [$"Name the marketplace to publish to: {string.Join(", ", MarketplaceNames.All.Select(MarketplaceNames.Key))}."];
        }
        var skus = body.Skus ?? [];
        if ((body.All ?? false) == (skus.Count > 0))
        {
            problems["skus"] = ["Give either \"all\": true or at least one SKU in \"skus\"."];
        }
        else if (skus.Select(sku => Identifier.Problem(Identifier.Normalize(sku ?? ""), "SKU") is { } problem ? $"{sku?.Trim()}: {problem}" : null)
                     .OfType<string>().ToArray() is { Length: > 0 } refused)
        {
            // A SKU with a character no one can see would be reported as "no product has this SKU", which reads as wrong.
            problems["skus"] = refused;
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        try
        {
            var created = await batches.PublishAsync(marketplace, body.All == true ? null : skus, RequestedBy(http), cancellationToken);
            return TypedResults.Accepted(Address(created.Batch.Id), new BatchStarted(BatchVerbs.BatchRow.From(created.Batch), created.Skipped));
        }
        catch (BatchRuleException refused)
        {
            return ApiRefusals.Conflict(refused.Message);
        }
    }

    private static async Task<Results<Accepted<BatchStarted>, ProblemHttpResult>> RetryAsync(
        long id, MarketplaceBatches batches, CancellationToken cancellationToken)
    {
        try
        {
            await batches.RetryFailedAsync(id, cancellationToken);
            return TypedResults.Accepted(Address(id), new BatchStarted(BatchVerbs.BatchRow.From(await batches.GetAsync(id, cancellationToken)), []));
        }
        catch (BatchRuleException refused)
        {
            return Refused(refused);
        }
    }

    private static async Task<Results<Accepted<BatchStarted>, ProblemHttpResult>> CancelAsync(
        long id, MarketplaceBatches batches, CancellationToken cancellationToken)
    {
        try
        {
            if (!await batches.CancelAsync(id, cancellationToken))
            {
                return ApiRefusals.Conflict($"Batch {id} has already ended.");
            }
            return TypedResults.Accepted(Address(id), new BatchStarted(BatchVerbs.BatchRow.From(await batches.GetAsync(id, cancellationToken)), []));
        }
        catch (BatchRuleException refused)
        {
            return Refused(refused);
        }
    }

    private static Results<Accepted<BatchStarted>, ProblemHttpResult> Refused(BatchRuleException refused) =>
        refused.Reason == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);

    /// <summary>Who asked, as a batch records it: the key's name.</summary>
    internal static string RequestedBy(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "api";
}
