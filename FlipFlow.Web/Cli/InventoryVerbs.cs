using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Imports;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Web.Features.Inventory;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>inventory import &lt;file&gt; [--platform] [--dry-run] [--skip-invalid] [--json]</c>: a seller inventory CSV, checked
/// whole first, then imported here and now; every problem goes to standard error as <c>row N, column C: message</c>
/// and a file with problems imports nothing (exit 1) unless <c>--skip-invalid</c> is given.
/// <c>inventory imports [--json]</c> lists the imports; <c>inventory undo &lt;id&gt; [--json]</c> undoes one.
/// </summary>
public static class InventoryVerbs
{
    public static Command Create(CliContext context) =>
        new("inventory", "Sellers' inventory: CSV imports with a dry run, their log, and undo; daily snapshots and their history.")
        {
            Import(context), Imports(context), Undo(context), Snapshot(context), Snapshots(context),
        };

    private static Command Snapshot(CliContext context)
    {
        var date = new Option<DateOnly?>("--date")
        {
            Description = "The day (UTC) to take, as yyyy-MM-dd; today when left out. A past day records the inventory as it is now.",
            HelpName = "yyyy-MM-dd",
            CustomParser = SnapshotVerbs.ParseDate,
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("snapshot",
            "Takes one day's inventory snapshot (what the inventory-snapshot job does at midnight), replacing what the day held, then applies retention.")
        {
            date, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var snapshotter = host.Services.GetRequiredService<InventorySnapshotter>();
            var day = parsed.GetValue(date) ?? snapshotter.Today;
            if (day < snapshotter.LastEndedDay)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{day:yyyy-MM-dd} is past: its snapshot records the inventory as it is now, not as it was then."));
            }
            var report = await snapshotter.TakeAsync(day, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(InventorySnapshotTaken.From(report));
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine(char.ToUpperInvariant(report.ToString()[0]) + report.ToString()[1..] + ".");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Snapshots(CliContext context)
    {
        Option<DateOnly?> Day(string name, string description) =>
            new(name) { Description = description, HelpName = "yyyy-MM-dd", CustomParser = SnapshotVerbs.ParseDay };
        var from = Day("--from", "The first day, as yyyy-MM-dd; 90 days before --to when left out.");
        var to = Day("--to", "The last day, as yyyy-MM-dd; today (UTC) when left out.");
        var seller = new Option<long?>("--seller") { Description = "A seller's id: its snapshots and those of the sellers merged into it." };
        var card = new Option<string?>("--card") { Description = "A card: its collector number (143 or 143/401) or words of its name." };
        var treatment = new Option<string?>("--treatment") { Description = $"One treatment: {string.Join(", ", Treatments.All)}." };
        var sort = new Option<InventoryHistorySort?>("--sort") { Description = "What the rows are ordered by; newest day first when left out." };
        var descending = new Option<bool>("--descending") { Description = "Order from the highest down (always so for the default, the date)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var paging = new PageOptions("Rows");
        var command = new Command("snapshots", "The daily inventory snapshots: one row per day, seller, card and treatment, as the Inventory snapshots page shows.")
        {
            from, to, seller, card, treatment, sort, descending, json, paging.Page, paging.Size,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var clock = host.Services.GetRequiredService<TimeProvider>();
            var (filter, problems) = InventoryHistoryQuery.Parse(parsed.GetValue(from)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                parsed.GetValue(to)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), parsed.GetValue(seller), null, parsed.GetValue(card),
                parsed.GetValue(treatment), parsed.GetValue(sort)?.ToString(), parsed.GetValue(sort) is null || parsed.GetValue(descending), clock);
            if (problems.Count > 0)
            {
                foreach (var message in problems.SelectMany(problem => problem.Value))
                {
                    await parsed.InvocationConfiguration.Error.WriteLineAsync(message);
                }
                return FlipFlowCli.UsageError;
            }
            var (page, size, skip) = paging.Read(parsed);
            var (rows, total) = await host.Services.GetRequiredService<InventoryHistory>().PageAsync(filter, skip, size, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { from = filter.From, to = filter.To, total, page, pageSize = size, rows });
                return FlipFlowCli.Ok;
            }
            foreach (var row in rows)
            {
                var price = row.AveragePrice is { } average
                    ? string.Create(CultureInfo.InvariantCulture, $", average {average:0.00} {row.Currency} ({row.LowestPrice:0.00} to {row.HighestPrice:0.00})")
                    : "";
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Date:yyyy-MM-dd} {row.SellerName} ({row.Platform}): {row.Number} {row.Name} {(row.Treatment.Length > 0 ? row.Treatment : "(no treatment)")}: " +
                    $"{row.Quantity:N0} unit{(row.Quantity == 1 ? "" : "s")} in {row.Items:N0} item{(row.Items == 1 ? "" : "s")}{price}"));
            }
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} of {total:N0} rows from {filter.From:yyyy-MM-dd} to {filter.To:yyyy-MM-dd}."));
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV: platform, seller_identifier, sku, quantity, price, notes (and optionally listing_id, title)." };
        var platform = new Option<MarketPlatform?>("--platform") { Description = "Ebay, Blokpax or ShootStrayt: the platform of rows whose platform cell is empty." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and say what would change; write nothing." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the good rows and skip the ones with problems; the choice is recorded." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("import", "Imports a seller inventory CSV. A file with problems imports nothing unless --skip-invalid is given.")
        {
            file, platform, dryRun, skipInvalid, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"There is no file {path.FullName} to import.");
            }
            using var host = await context.BuildMigratedHostAsync();
            var log = parsed.InvocationConfiguration.Error;
            if (parsed.GetValue(dryRun))
            {
                await using var stream = path.OpenRead();
                var preview = await host.Services.GetRequiredService<InventoryPreviewer>()
                    .PreviewAsync(stream, parsed.GetValue(platform), "cli:" + Environment.UserName, cancellationToken);
                foreach (var problem in preview.Problems)
                {
                    await log.WriteLineAsync(problem.ToString());
                }
                if (parsed.GetValue(json))
                {
                    context.WriteJson(PreviewRow.From(preview));
                }
                else
                {
                    context.Output.WriteLine($"Dry run of {path.Name} ({preview.Delimiter ?? "unknown"} delimited): {preview.Rows} rows, {preview.GoodRows} good, " +
                        $"{preview.BadRows} with problems, {preview.HeldRows} held for SKU review. Would add {preview.Added}, update {preview.Updated}, leave " +
                        $"{preview.Unchanged} unchanged; {preview.NewSellers} new sellers, {preview.NewMappings} new SKU mappings, {preview.MappingsToReview} " +
                        "sent to review. Nothing was written.");
                }
                return preview.HasProblems && !parsed.GetValue(skipInvalid) ? FlipFlowCli.Failed : FlipFlowCli.Ok;
            }
            var imports = host.Services.GetRequiredService<InventoryImports>();
            ImportRun queued;
            await using (var stream = path.OpenRead())
            {
                queued = await imports.QueueAsync(stream, path.Name, parsed.GetValue(platform), parsed.GetValue(skipInvalid), "cli:" + Environment.UserName,
                    cancellationToken);
            }
            var run = await host.Services.GetRequiredService<InventoryImportRunner>().RunAsync(queued.Id, cancellationToken);
            foreach (var row in await imports.SetAsideRowsAsync(run.Id, 0, int.MaxValue, cancellationToken))
            {
                await log.WriteLineAsync($"row {row.Row}{(row.Held ? " held" : "")}: {row.Reason}");
            }
            if (parsed.GetValue(json))
            {
                context.WriteJson(ImportRow.From(run));
            }
            else
            {
                context.Output.WriteLine(Describe(run));
            }
            if (run.Status is ImportStatus.Failed or ImportStatus.Cancelled)
            {
                await log.WriteLineAsync(run.Error);
                return FlipFlowCli.Failed;
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Imports(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var paging = new PageOptions("Imports");
        var command = new Command("imports", "The import log, newest first: file, who, status and counts.") { json, paging.Page, paging.Size };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, _) = paging.Read(parsed);
            var (imports, total) = await host.Services.GetRequiredService<InventoryImports>().ListAsync(page - 1, size, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, imports = imports.Select(ImportRow.From) });
                return FlipFlowCli.Ok;
            }
            foreach (var run in imports)
            {
                context.Output.WriteLine(Describe(run));
            }
            context.Output.WriteLine($"{imports.Count} of {total} imports.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Undo(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The import's id (see 'inventory imports')." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("undo", "Restores the inventory as it was before the import; refused when a later import changed the same items.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var run = await host.Services.GetRequiredService<InventoryImports>().UndoAsync(parsed.GetValue(id), "cli:" + Environment.UserName, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(ImportRow.From(run));
            }
            else
            {
                context.Output.WriteLine($"Import {run.Id} undone: {run.Added} added items deleted, {run.Updated + run.Unchanged} items restored.");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static string Describe(ImportRun run) =>
        $"Import {run.Id} {run.FileName} ({run.Platform?.ToString() ?? "platform per row"}) by {run.CreatedBy}: {run.Status}. {run.ProcessedRows} of {run.TotalRows} rows: " +
        $"{run.Added} added, {run.Updated} updated, {run.Unchanged} unchanged, {run.Refused} refused{(run.SkipInvalid ? " (skipped by choice)" : "")}, " +
        $"{run.Held} held for SKU review; {run.NewSellers} new sellers, {run.NewMappings} new SKU mappings, {run.MappingsToReview} sent to review.";

    /// <summary>The JSON of an import; scripts rely on it, so only add to it.</summary>
    public sealed record ImportRow(long Id, string FileName, string FileHash, string? Platform, string Status, bool SkipInvalid, string CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int TotalRows, int ProcessedRows, int Added, int Updated,
        int Unchanged, int Refused, int Held, int NewSellers, int NewMappings, int MappingsToReview, string? Error, string? UndoneBy, DateTimeOffset? UndoneAt)
    {
        public static ImportRow From(ImportRun run) => new(run.Id, run.FileName, run.FileHash, run.Platform?.ToString(), run.Status.ToString(), run.SkipInvalid,
            run.CreatedBy, run.CreatedAt, run.StartedAt, run.FinishedAt, run.TotalRows, run.ProcessedRows, run.Added, run.Updated, run.Unchanged, run.Refused,
            run.Held, run.NewSellers, run.NewMappings, run.MappingsToReview, run.Error, run.UndoneBy, run.UndoneAt);
    }

    /// <summary>The JSON of a dry run; scripts rely on it, so only add to it.</summary>
    public sealed record PreviewRow(bool DryRun, string? Delimiter, int Rows, int GoodRows, int BadRows, int HeldRows, int NewSellers, int NewMappings,
        int MappingsToReview, int Added, int Updated, int Unchanged, int ProblemCount, IReadOnlyList<CatalogVerbs.ProblemRow> Problems)
    {
        public static PreviewRow From(InventoryImportPreview preview) => new(true, preview.Delimiter, preview.Rows, preview.GoodRows, preview.BadRows,
            preview.HeldRows, preview.NewSellers, preview.NewMappings, preview.MappingsToReview, preview.Added, preview.Updated, preview.Unchanged,
            preview.ProblemCount, [.. preview.Problems.Select(problem => new CatalogVerbs.ProblemRow(problem.Row, problem.Column, problem.Message))]);
    }
}
