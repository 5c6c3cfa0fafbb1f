using System.CommandLine;
using FlipFlow.Infrastructure.Catalog;

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

        return new Command("catalog", "The card catalogue: the printings the title parser and the market scanner know.") { import };
    }

    /// <summary>The JSON of <c>catalog import --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record ImportRow(int Added, int Updated, int Unchanged, bool DryRun, IReadOnlyList<ProblemRow> Problems);

    /// <summary>A problem in the file: the row as a user counts file lines (the header is row 1) and the column's header name.</summary>
    public sealed record ProblemRow(int Row, string Column, string Message);
}
