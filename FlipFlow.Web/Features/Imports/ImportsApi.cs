using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Imports;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Batches;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlipFlow.Web.Features.Imports;

/// <summary>
/// Inventory file imports: <c>POST /api/v1/inventory/imports</c> with a <c>text/csv</c> body previews (<c>dryRun=true</c>) or queues
/// an import (202 with its address), then its status, its refused rows as CSV, cancel and undo. The <c>inventory</c> verbs do the same.
/// </summary>
public static class ImportsApi
{
    /// <summary>The largest body taken: the import's own limit and room for the request around it.</summary>
    private const long MaxBodyBytes = InventoryCsvReader.MaxFileBytes + 1024 * 1024;

    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("inventory/imports", StartAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportInventory")
            .WithSummary("Imports a seller inventory CSV (platform, seller_identifier, sku, quantity, price, notes) in the background: 202 with the import's address. " +
                "dryRun=true answers the preview at once and writes nothing: every problem by row and column, and what would change. A file with problems " +
                "imports nothing unless skipInvalid=true.")
            .WithTags("Inventory").Writes();
        api.MapGet("inventory/imports", ListAsync)
            .WithName("ListInventoryImports")
            .WithSummary("The import log, newest first: file, hash, who, status and counts.")
            .WithTags("Inventory");
        api.MapGet("inventory/imports/{id:long}", async Task<Results<Ok<InventoryVerbs.ImportRow>, ProblemHttpResult>> (long id, InventoryImports imports,
                CancellationToken cancellationToken) =>
                await imports.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(InventoryVerbs.ImportRow.From(run)) : ApiRefusals.NotFound($"No import has id {id}."))
            .WithName("GetInventoryImport")
            .WithSummary("An import: its status, progress (processedRows of totalRows) and counts.")
            .WithTags("Inventory");
        api.MapGet("inventory/imports/{id:long}/refused", RefusedAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("GetInventoryImportRefusedRows")
            .WithSummary("The rows an import did not write, as CSV: row, reason, then the row's cells under the file's header.")
            .WithTags("Inventory");
        api.MapPost("inventory/imports/{id:long}/cancel", async Task<Results<NoContent, ProblemHttpResult>> (long id, InventoryImports imports,
                CancellationToken cancellationToken) =>
                await imports.CancelAsync(id, cancellationToken) ? TypedResults.NoContent()
                    : await imports.GetAsync(id, cancellationToken) is null ? ApiRefusals.NotFound($"No import has id {id}.")
                    : ApiRefusals.Conflict($"Import {id} has ended already."))
            .WithName("CancelInventoryImport")
            .WithSummary("Cancels a queued or running import; what it had written is taken back.")
            .WithTags("Inventory").Writes();
        api.MapPost("inventory/imports/{id:long}/undo", UndoAsync)
            .WithName("UndoInventoryImport")
            .WithSummary("Restores the inventory as it was before the import; 409 with the reason when a later import changed the same items.")
            .WithTags("Inventory").Writes();
        return api;
    }

    public static string Address(long importId) => $"{ApiEndpoints.Prefix}/inventory/imports/{importId}";

    private static async Task<Results<Ok<InventoryVerbs.PreviewRow>, Accepted<InventoryVerbs.ImportRow>, ValidationProblem, ProblemHttpResult>> StartAsync(
        string? platform, bool? skipInvalid, bool? dryRun, string? fileName, HttpContext http, InventoryPreviewer previewer, InventoryImports imports,
        CancellationToken cancellationToken)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be CSV",
                detail: $"Send the file with Content-Type: text/csv (this request's was '{http.Request.ContentType}').");
        }
        var problems = new Dictionary<string, string[]>();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var user = BatchesApi.RequestedBy(http);
        try
        {
            if (dryRun == true)
            {
                return TypedResults.Ok(InventoryVerbs.PreviewRow.From(await previewer.PreviewUploadAsync(http.Request.Body, on, user, cancellationToken)));
            }
            var run = await imports.StartAsync(http.Request.Body, fileName ?? "upload.csv", on, skipInvalid ?? false, user, cancellationToken);
            return TypedResults.Accepted(Address(run.Id), InventoryVerbs.ImportRow.From(run));
        }
        catch (ImportActionException refused)
        {
            return refused.Reason == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);
        }
    }

    private static async Task<Results<Ok<Paged<InventoryVerbs.ImportRow>>, ValidationProblem>> ListAsync([AsParameters] PageQuery paging,
        InventoryImports imports, HttpRequest request, CancellationToken cancellationToken)
    {
        if (paging.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (rows, total) = await imports.ListAsync(paging.Number - 1, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<InventoryVerbs.ImportRow>.Of([.. rows.Select(InventoryVerbs.ImportRow.From)], total, paging, request));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RefusedAsync(long id, InventoryImports imports, CancellationToken cancellationToken)
    {
        if (await imports.GetAsync(id, cancellationToken) is not { } run)
        {
            return ApiRefusals.NotFound($"No import has id {id}.");
        }
        var text = new StringWriter();
        await imports.WriteSetAsideCsvAsync(id, text, cancellationToken);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv", $"import-{id}-refused-{Path.GetFileNameWithoutExtension(run.FileName)}.csv");
    }

    private static async Task<Results<Ok<InventoryVerbs.ImportRow>, ProblemHttpResult>> UndoAsync(long id, HttpContext http, InventoryImports imports,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(InventoryVerbs.ImportRow.From(await imports.UndoAsync(id, BatchesApi.RequestedBy(http), cancellationToken)));
        }
        catch (ImportActionException refused)
        {
            return refused.Reason == Refusal.NotFound ? ApiRefusals.NotFound(refused.Message) : ApiRefusals.Conflict(refused.Message);
        }
    }
}
