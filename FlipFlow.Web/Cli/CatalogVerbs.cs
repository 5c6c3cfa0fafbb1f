using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>catalog import &lt;file&gt; [--dry-run] [--json]</c>: adds card sets to the card catalogue from a CSV of
/// <c>set,number,name,rarity[,card_type]</c>. A file with any problem writes nothing; each problem goes to standard
/// error as <c>row N, column C: message</c> and the verb exits 1.
/// </summary>
public static class CatalogVerbs
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV: a header row of set, number, name, rarity and optionally card_type, then one card a row." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what the import would add, update and leave unchanged; write nothing." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var import = new Command("import", "Add the CSV's cards to the catalogue and update the name and card type of cards it has; a file with a problem writes nothing.")
        {
            file, dryRun, json,
        };
        import.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"There is no file {path.FullName} to import.");
            }
            var csv = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            using var host = await context.BuildMigratedHostAsync();
            var result = await host.Services.GetRequiredService<CatalogImport>().ImportAsync(csv, parsed.GetValue(dryRun), cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new ImportRow(result.Added, result.Updated, result.Unchanged, result.DryRun,
                    result.Problems.Select(problem => new ProblemRow(problem.Row, problem.Column, problem.Message)).ToList()));
            }
            if (!result.Succeeded)
            {
                var log = parsed.InvocationConfiguration.Error;
                foreach (var problem in result.Problems)
                {
                    await log.WriteLineAsync(problem.ToString());
                }
                await log.WriteLineAsync($"{path.Name} has {result.Problems.Count} problem(s), so nothing was imported.");
                return FlipFlowCli.Failed;
            }
            if (!parsed.GetValue(json))
            {
                context.Output.WriteLine(result.DryRun
                    ? $"Dry run: {result.Added} cards would be added, {result.Updated} updated and {result.Unchanged} left unchanged; nothing was written."
                    : $"Card catalogue: {result.Added} cards added, {result.Updated} updated, {result.Unchanged} unchanged.");
            }
            return FlipFlowCli.Ok;
        });

        return new Command("catalog", "The card catalogue: the printings the title parser and the market scanner know, and sellers' SKUs mapped to them.")
        {
            import, ResolveSku(context), Mappings(context),
        };
    }

    private static Command ResolveSku(CliContext context)
    {
        var sku = new Argument<string>("sku") { Description = "The seller's SKU, e.g. WOTF-EXISTENCE-143-RAR-CP." };
        var platform = new Option<MarketPlatform>("--platform") { Description = "Ebay, Blokpax or ShootStrayt.", Required = true };
        var title = new Option<string?>("--title") { Description = "The row's title, read for a card's name when the SKU names none." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts: status, card, treatment, confidence, reason and runner-up." };
        var command = new Command("resolve-sku", "Reads a SKU as a catalogue card and treatment: mapped when certain, review when not, unmapped when it names no card.")
        {
            sku, platform, title, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            List<Card> cards;
            await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                cards = await db.Cards.AsNoTracking().ToListAsync(cancellationToken);
            }
            var resolution = new SkuResolver(cards.Count > 0 ? cards : ExistenceCatalogue.Printings)
                .Resolve(parsed.GetValue(platform), parsed.GetValue(sku)!, parsed.GetValue(title));
            var result = new ResolutionRow(resolution.Status.ToString().ToLowerInvariant(), CardRow.From(resolution.Card), resolution.Treatment,
                resolution.Confidence, resolution.Reason, CardRow.From(resolution.RunnerUp), resolution.UnknownCode);
            if (parsed.GetValue(json))
            {
                context.WriteJson(result);
                return FlipFlowCli.Ok;
            }
            var output = context.Output;
            output.WriteLine($"Status          {result.Status}");
            output.WriteLine($"Card            {(result.Card is { } card ? $"{card.Number} {card.Name} ({card.Rarity})" : "-")}");
            output.WriteLine($"Treatment       {result.Treatment ?? "-"}");
            output.WriteLine($"Confidence      {result.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
            output.WriteLine($"Runner-up       {(result.RunnerUp is { } rival ? $"{rival.Number} {rival.Name} ({rival.Rarity})" : "-")}");
            output.WriteLine($"Reason          {result.Reason}");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Mappings(CliContext context)
    {
        var platform = new Option<MarketPlatform?>("--platform") { Description = "Ebay, Blokpax or ShootStrayt." };
        var status = new Option<SkuMappingStatus?>("--status") { Description = "Mapped, Review or Rejected; all when not given." };
        var min = new Option<double?>("--min-confidence") { Description = "Only mappings at least this confident, from 0 to 1." };
        var max = new Option<double?>("--max-confidence") { Description = "Only mappings at most this confident, from 0 to 1." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var paging = new PageOptions("Mappings");
        var list = new Command("list", "SKU mappings, most confident first: the review queue with --status review.")
        {
            platform, status, min, max, json, paging.Page, paging.Size,
        };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, _) = paging.Read(parsed);
            var (rows, total) = await host.Services.GetRequiredService<SkuReview>()
                .ListAsync(new SkuMappingFilter(parsed.GetValue(platform), parsed.GetValue(status), parsed.GetValue(min), parsed.GetValue(max)), page - 1, size,
                    cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, mappings = rows.Select(MappingRow.From) });
                return FlipFlowCli.Ok;
            }
            foreach (var row in rows)
            {
                context.Output.WriteLine($"{row.Id,6}  {row.Platform,-11} {row.Sku,-32} {row.Status,-8} {row.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}  " +
                    $"{(row.Card is { } card ? $"{card.Number} {card.Name}" : "-")}{(row.Treatment is { } treatment ? $", {treatment}" : "")}  {row.Reason}");
            }
            context.Output.WriteLine($"{rows.Count} of {total} mappings.");
            return FlipFlowCli.Ok;
        });
        return new Command("mappings", "Sellers' SKUs mapped to catalogue cards, and the review queue's decisions.")
        {
            list, Decide(context, "approve", "Approves the proposed card and treatment of each mapping; rows with their SKUs import from now on."),
            Decide(context, "reject", "Rejects each mapping: rows with its SKU are held until it is mapped to a card."),
        };
    }

    private static Command Decide(CliContext context, string name, string description)
    {
        var ids = new Argument<long[]>("id") { Description = "The mappings' ids (see 'catalog mappings list').", Arity = ArgumentArity.OneOrMore };
        var notes = new Option<string?>("--notes") { Description = "Why, kept with the decision." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command(name, description) { ids, notes, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var review = host.Services.GetRequiredService<SkuReview>();
            var chosen = parsed.GetValue(ids)!;
            var user = "cli:" + Environment.UserName;
            var decided = name == "approve"
                ? await review.ApproveAsync(chosen, user, parsed.GetValue(notes), cancellationToken)
                : await review.RejectAsync(chosen, user, parsed.GetValue(notes), cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { decided, action = name });
            }
            else
            {
                context.Output.WriteLine($"{decided} mapping(s) {(name == "approve" ? "approved" : "rejected")}.");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    /// <summary>The JSON of <c>catalog resolve-sku --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record ResolutionRow(string Status, CardRow? Card, string? Treatment, double Confidence, string Reason, CardRow? RunnerUp, string? UnknownCode);

    public sealed record CardRow(int Id, string Number, string Name, string Rarity)
    {
        public static CardRow? From(Card? card) => card is null ? null : new(card.Id, card.Number, card.Name, card.Rarity);
    }

    /// <summary>A SKU mapping in <c>catalog mappings list --json</c>.</summary>
    public sealed record MappingRow(long Id, string Platform, string Sku, string Status, bool Verified, double Confidence, CardRow? Card, string? Treatment,
        CardRow? RunnerUp, string Reason, int RowsSeen, string CreatedBy, DateTimeOffset CreatedAt, string? VerifiedBy, DateTimeOffset? VerifiedAt)
    {
        public static MappingRow From(SkuMappingRow row) => new(row.Id, row.Platform.ToString(), row.Sku, row.Status.ToString().ToLowerInvariant(), row.Verified,
            row.Confidence, CardRow.From(row.Card), row.Treatment, CardRow.From(row.RunnerUp), row.Reason, row.RowsSeen, row.CreatedBy, row.CreatedAt,
            row.VerifiedBy, row.VerifiedAt);
    }

    /// <summary>The JSON of <c>catalog import --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record ImportRow(int Added, int Updated, int Unchanged, bool DryRun, IReadOnlyList<ProblemRow> Problems);

    /// <summary>A problem in the file: the row as a user counts file lines (the header is row 1) and the column's header name.</summary>
    public sealed record ProblemRow(int Row, string Column, string Message);
}
