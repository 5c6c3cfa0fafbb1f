using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Sellers;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>sellers parse|backfill|list|show|edit|merge|unmerge|merges|suggestions</c>: one identity per seller across platforms, from the shell,
/// as the Sellers pages and <c>/api/v1/sellers</c> do it.
/// </summary>
public static class SellerVerbs
{
    public static Command Create(CliContext context) =>
        new("sellers", "One identity per seller across platforms: read, link, list, edit, merge and unmerge.")
        {
            Parse(context), Backfill(context), List(context), Show(context), Edit(context), Merge(context), Unmerge(context), Merges(context),
            Suggestions(context),
        };

    private static Option<bool> Json(string what) => new("--json") { Description = $"Write JSON for scripts: {what}." };

    private static Command Parse(CliContext context)
    {
        var platform = new Option<MarketPlatform>("--platform") { Description = "Ebay, Blokpax or ShootStrayt.", Required = true };
        var raw = new Argument<string>("text") { Description = "The seller as the platform showed it, in quotes." };
        var json = Json("platform, sellerId, feedbackScore and feedbackPercent");
        var command = new Command("parse", "Reads the seller from a platform's seller text, as every market write does; exits 1 with the reason when it names none.")
        {
            platform, raw, json,
        };
        command.SetAction((parsed, _) =>
        {
            var read = SellerIdentityRule.Read(parsed.GetValue(platform), parsed.GetValue(raw));
            if (read.Identity is not { } identity)
            {
                throw new InvalidOperationException(read.Rejection);
            }
            if (parsed.GetValue(json))
            {
                context.WriteJson(identity);
                return Task.FromResult(FlipFlowCli.Ok);
            }
            context.Output.WriteLine($"Platform        {identity.Platform}");
            context.Output.WriteLine($"Seller id       {identity.SellerId}");
            context.Output.WriteLine($"Display name    {identity.DisplayName}");
            context.Output.WriteLine($"Feedback        {(identity.FeedbackScore is { } score ? score.ToString("N0", CultureInfo.InvariantCulture) : "-")}" +
                $"{(identity.FeedbackPercent is { } percent ? $", {percent.ToString(CultureInfo.InvariantCulture)}% positive" : "")}");
            if (identity.Badge is { } badge)
            {
                context.Output.WriteLine($"Badge           {badge}");
            }
            return Task.FromResult(FlipFlowCli.Ok);
        });
        return command;
    }

    private static Command Backfill(CliContext context)
    {
        var json = Json("listings linked, coverage per platform, and every unused seller text with its count and reason");
        var command = new Command("backfill",
            "Links market listings without a seller to theirs, in batches; safe to stop and run again. Prints coverage per platform and the texts it could not use.")
        {
            json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var asJson = parsed.GetValue(json);
            var report = await host.Services.GetRequiredService<SellerBackfill>().RunAsync(
                asJson ? null : linked => context.Output.WriteLine($"{linked:N0} linked…"), cancellationToken);
            if (asJson)
            {
                context.WriteJson(report);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{report.Linked:N0} listings linked");
            foreach (var coverage in report.Coverage)
            {
                context.Output.WriteLine($"{coverage.Platform,-12} {coverage.Linked,8:N0} of {coverage.Listings,8:N0} listings have a seller: " +
                    $"{coverage.Percent.ToString("0.00", CultureInfo.InvariantCulture)}%");
            }
            foreach (var unused in report.Unused)
            {
                context.Output.WriteLine($"  unused  {unused.Platform,-12} {unused.Listings,6:N0}  \"{unused.Text}\": {unused.Reason}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var platform = new Option<MarketPlatform?>("--platform") { Description = "Ebay, Blokpax or ShootStrayt." };
        var search = new Option<string?>("--search") { Description = "Part of the seller's name or platform id." };
        var merged = new Option<bool>("--include-merged") { Description = "List sellers merged into others too." };
        var sort = new Option<SellerSort>("--sort") { Description = "Listings, Sales, LastActive or Name.", DefaultValueFactory = _ => SellerSort.Listings };
        var paging = new PageOptions("Sellers");
        var json = Json("the page of sellers with their figures, and the total");
        var command = new Command("list",
            $"Sellers with their listings, inventory (units in active listings), units sold in {SellerFigures.WindowDays} days and market share.")
        {
            platform, search, merged, sort, paging.Page, paging.Size, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, skip) = paging.Read(parsed);
            var (rows, total) = await host.Services.GetRequiredService<SellerDirectory>().ListAsync(
                new SellerFilter(parsed.GetValue(platform), parsed.GetValue(search), parsed.GetValue(merged), parsed.GetValue(sort)),
                skip, size, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, sellers = rows });
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{total:N0} sellers");
            foreach (var row in rows)
            {
                context.Output.WriteLine($"{row.Id,6}  {row.Platform,-11}  {Cut(row.DisplayName, 28),-28}  {row.Listings,6:N0} listings  {row.InventoryUnits,5:N0} units  " +
                    $"{row.UnitsSold,4:N0} sold  {row.MarketShare.ToString("0.00", CultureInfo.InvariantCulture),6}%{(row.IsActive ? "" : $"  merged into {row.MergedIntoId}")}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Argument<long> SellerId() => new("id") { Description = "The seller's id, from 'sellers list'." };

    private static Command Show(CliContext context)
    {
        var id = SellerId();
        var json = Json("the seller, whom it was merged into and who into it, and its figures");
        var command = new Command("show", "A seller: its identity, notes, merges and figures.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var details = await host.Services.GetRequiredService<SellerDirectory>().GetAsync(parsed.GetValue(id), cancellationToken)
                ?? throw new InvalidOperationException($"No seller has id {parsed.GetValue(id)}; 'sellers list' shows them.");
            if (parsed.GetValue(json))
            {
                context.WriteJson(details);
                return FlipFlowCli.Ok;
            }
            var (seller, figures) = (details.Seller, details.Analytics);
            var output = context.Output;
            output.WriteLine($"{seller.DisplayName} ({seller.Platform} {seller.PlatformSellerId}){(seller.IsActive ? "" : $", merged into seller {seller.MergedIntoId}")}");
            output.WriteLine($"Seen            {Day(seller.FirstSeenAt)} to {Day(seller.LastSeenAt)}");
            if (seller.Metadata.GetValueOrDefault(Seller.EbayBadge) is { } badge)
            {
                output.WriteLine($"Badge           {badge}");
            }
            output.WriteLine($"Listings        {figures.Listings:N0}, {figures.ActiveListings:N0} active offering {figures.InventoryUnits:N0} units");
            output.WriteLine($"Sold            {figures.UnitsSold:N0} units in {figures.WindowDays} days, {figures.MarketShare.ToString("0.00", CultureInfo.InvariantCulture)}% of the market");
            foreach (var price in figures.AverageListingPrices)
            {
                output.WriteLine($"Average price   {price.Average.ToString("N2", CultureInfo.InvariantCulture)} {price.Currency} over {price.Listings:N0} active listings");
            }
            foreach (var other in details.MergedFrom)
            {
                output.WriteLine($"Also            {other.DisplayName} ({other.Platform} {other.PlatformSellerId}), seller {other.Id}");
            }
            if (seller.Notes is { } notes)
            {
                output.WriteLine($"Notes           {notes}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Edit(CliContext context)
    {
        var id = SellerId();
        var name = new Option<string?>("--name") { Description = "The display name." };
        var notes = new Option<string?>("--notes") { Description = "Notes on the seller; an empty text removes them." };
        var command = new Command("edit", "Sets a seller's display name or notes.") { id, name, notes };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var directory = host.Services.GetRequiredService<SellerDirectory>();
            var current = await directory.GetAsync(parsed.GetValue(id), cancellationToken)
                ?? throw new InvalidOperationException($"No seller has id {parsed.GetValue(id)}; 'sellers list' shows them.");
            var saved = await Refused(() => directory.UpdateAsync(current.Seller.Id, parsed.GetValue(name) ?? current.Seller.DisplayName,
                parsed.GetResult(notes) is null ? current.Seller.Notes : parsed.GetValue(notes), cancellationToken));
            context.Output.WriteLine($"Seller {saved.Id} is \"{saved.DisplayName}\"{(saved.Notes is null ? ", without notes" : $": {saved.Notes}")}.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var target = new Argument<long>("target") { Description = "The seller that stays: the others' listings move to it." };
        var sources = new Argument<long[]>("sources") { Description = "The sellers merged into the target.", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what would move and what would collide; write nothing." };
        var json = Json("the preview, or the merge as recorded");
        var command = new Command("merge", "Merges sellers into a target in one transaction; 'sellers unmerge' undoes it.") { target, sources, dryRun, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var merges = host.Services.GetRequiredService<SellerMerges>();
            var (into, from) = (parsed.GetValue(target), parsed.GetValue(sources) ?? []);
            if (parsed.GetValue(dryRun))
            {
                var preview = await Refused(() => merges.PreviewAsync(into, from, cancellationToken));
                if (parsed.GetValue(json))
                {
                    context.WriteJson(preview);
                    return FlipFlowCli.Ok;
                }
                context.Output.WriteLine($"Would merge into seller {preview.Target.Id} ({preview.Target.DisplayName}, {preview.Target.MarketListings:N0} listings):");
                foreach (var source in preview.Sources)
                {
                    context.Output.WriteLine($"  seller {source.Id} ({source.Platform} {source.DisplayName}): {source.MarketListings:N0} market listings move");
                }
                context.Output.WriteLine(preview.Collisions.Count == 0 ? SellerMergePreview.NoCollisions
                    : string.Join(Environment.NewLine, preview.Collisions.Select(collision => $"  {collision.Table} {collision.Key}: {collision.Resolution}")));
                context.Output.WriteLine("Nothing was written (--dry-run).");
                return FlipFlowCli.Ok;
            }
            var merge = await Refused(() => merges.MergeAsync(into, from, "cli:" + Environment.UserName, cancellationToken));
            if (parsed.GetValue(json))
            {
                context.WriteJson(merge);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"Merge {merge.Id}: {merge.MarketListings:N0} market listings moved to seller {merge.Target.Id} ({merge.Target.DisplayName}). " +
                $"'sellers unmerge {merge.Id}' undoes it.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Unmerge(CliContext context)
    {
        var id = new Argument<long>("merge-id") { Description = "The merge's id, from 'sellers merges'." };
        var json = Json("the merge as recorded, with who undid it and when");
        var command = new Command("unmerge", "Undoes a merge: every listing it moved goes back, and its sources are active again.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var merge = await Refused(() => host.Services.GetRequiredService<SellerMerges>()
                .UndoAsync(parsed.GetValue(id), "cli:" + Environment.UserName, cancellationToken));
            if (parsed.GetValue(json))
            {
                context.WriteJson(merge);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"Merge {merge.Id} undone: {merge.MarketListings:N0} market listings are back with " +
                string.Join(", ", merge.Sources.Select(source => $"seller {source.Id} ({source.DisplayName})")) + ".");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Merges(CliContext context)
    {
        var seller = new Option<long?>("--seller") { Description = "Only the merges this seller took part in." };
        var json = Json("every merge with its target, sources, listings moved, who and when, and its undo");
        var command = new Command("merges", "The merge history, the latest first.") { seller, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (merges, _) = await host.Services.GetRequiredService<SellerMerges>().HistoryAsync(parsed.GetValue(seller), take: int.MaxValue,
                cancellationToken: cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(merges);
                return FlipFlowCli.Ok;
            }
            foreach (var merge in merges)
            {
                context.Output.WriteLine($"{merge.Id,5}  {Day(merge.MergedAt)}  {merge.MergedBy,-20}  {string.Join(" + ", merge.Sources.Select(source => source.Id))} " +
                    $"into {merge.Target.Id} ({merge.Target.DisplayName}), {merge.MarketListings:N0} listings" +
                    (merge.UndoneAt is { } undone ? $"; undone {Day(undone)} by {merge.UndoneBy}" : ""));
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Suggestions(CliContext context)
    {
        var json = Json("each pair of sellers with its similarity and reason");
        var command = new Command("suggestions", "Pairs of sellers that may be one business, with the reason. Nothing is merged from them.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var suggestions = await host.Services.GetRequiredService<SellerDirectory>().SuggestionsAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(suggestions);
                return FlipFlowCli.Ok;
            }
            foreach (var suggestion in suggestions)
            {
                context.Output.WriteLine($"{suggestion.First.Id,6} {suggestion.First.Platform,-11} {Cut(suggestion.First.Name, 24),-24}  " +
                    $"{suggestion.Second.Id,6} {suggestion.Second.Platform,-11} {Cut(suggestion.Second.Name, 24),-24}  {suggestion.Reason}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    /// <summary>Runs a seller action; a refusal ends the verb with exit 1 and its message.</summary>
    private static async Task<T> Refused<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SellerActionException refused)
        {
            throw new InvalidOperationException(refused.Message);
        }
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
