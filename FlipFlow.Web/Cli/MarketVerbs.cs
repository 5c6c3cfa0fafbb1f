using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Web.Cli;

/// <summary>What <c>market parse-title</c> prints: exactly what the title parser reads from a title.</summary>
public sealed record ParsedTitle(
    string? Treatment,
    string? Grading,
    int Quantity,
    MarketProductType ProductType,
    string? ProductSubtype,
    int? BundlePackCount,
    bool IsBulkLot,
    ParsedCard? Card,
    double Confidence)
{
    public static ParsedTitle From(TitleParse parse) => new(parse.Treatment, parse.Grading, parse.Quantity, parse.ProductType, parse.ProductSubtype,
        parse.BundlePackCount, parse.IsBulkLot, parse.Card is { } card ? new ParsedCard(card.Set, card.Number, card.Name, card.Rarity) : null, parse.Confidence);
}

public sealed record ParsedCard(string Set, string Number, string Name, string Rarity);

/// <summary>
/// <c>market parse-title "&lt;title&gt;" [--json]</c>: what a listing title says, read against the database's card catalogue (the shipped
/// printings when it has none yet). <c>market listings [--card] [--seller] [--platform] [--status] [--search] [--page] [--page-size] [--json]</c>:
/// market listings, the latest seen first. <c>market imports [--json]</c>: the latest reads of the market sources.
/// </summary>
public static class MarketVerbs
{
    public static Command Create(CliContext context) =>
        new("market", "The card market: listings and sales of every seller, and how titles are read.") { ParseTitle(context), Listings(context), Imports(context) };

    private static Command ParseTitle(CliContext context)
    {
        var title = new Argument<string>("title") { Description = "A listing's title, in quotes." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts: treatment, grading, quantity, product type and subtype, pack count, bulk, card and confidence." };
        var command = new Command("parse-title", "Reads a listing title as the market scan does: treatment, grading, quantity, product, bulk lot and card.") { title, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            List<Card> cards;
            await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                cards = await db.Cards.AsNoTracking().ToListAsync(cancellationToken);
            }
            var result = ParsedTitle.From(new TitleParser(cards.Count > 0 ? cards : ExistenceCatalogue.Printings).Parse(parsed.GetValue(title)!));
            if (parsed.GetValue(json))
            {
                context.WriteJson(result);
                return FlipFlowCli.Ok;
            }
            var output = context.Output;
            output.WriteLine($"Card            {(result.Card is { } card ? $"{card.Number} {card.Name} ({card.Rarity}, {card.Set})" : "-")}");
            output.WriteLine($"Confidence      {result.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
            output.WriteLine($"Treatment       {result.Treatment ?? "-"}");
            output.WriteLine($"Grading         {result.Grading ?? "-"}");
            output.WriteLine($"Product         {result.ProductType}{(result.ProductSubtype is { } subtype ? $", {subtype}" : "")}" +
                $"{(result.BundlePackCount is { } packs ? $", {packs} packs" : "")}");
            output.WriteLine($"Quantity        {result.Quantity}");
            output.WriteLine($"Bulk lot        {(result.IsBulkLot ? "yes: left out of price figures" : "no")}");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Listings(CliContext context)
    {
        var card = new Option<int?>("--card") { Description = "Only this card's listings, by its id (see 'cards list')." };
        var seller = new Option<long?>("--seller") { Description = "Only this seller's listings, by its id (see 'sellers list')." };
        var platform = new Option<MarketPlatform?>("--platform") { Description = "Ebay, Blokpax or ShootStrayt." };
        var status = new Option<MarketListingStatus?>("--status") { Description = "Active, Sold or Ended." };
        var search = new Option<string?>("--search") { Description = "Words the title holds." };
        var paging = new PageOptions("Listings");
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("listings", "Market listings, the latest seen first, a page at a time.") { card, seller, platform, status, search, paging.Page, paging.Size, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, skip) = paging.Read(parsed);
            var (listings, total) = await host.Services.GetRequiredService<MarketListingSearch>().FindAsync(
                new MarketListingFilter(parsed.GetValue(card), parsed.GetValue(platform), parsed.GetValue(status), parsed.GetValue(search), parsed.GetValue(seller)),
                skip, size, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, listings });
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{total:N0} listings");
            foreach (var listing in listings)
            {
                context.Output.WriteLine($"{listing.Id,8}  {listing.Platform,-11}  {listing.Status,-6}  {listing.Price,10:N2} {listing.Currency,-3}  " +
                    $"{listing.LastSeenAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  {listing.Title}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Imports(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("imports", "The latest reads of the market sources: when, what they found and changed, and their errors.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var imports = await host.Services.GetRequiredService<MarketImports>().RecentAsync(cancellationToken: cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(imports);
                return FlipFlowCli.Ok;
            }
            foreach (var import in imports)
            {
                context.Output.WriteLine($"{import.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}  {import.Source,-12}  seen {import.Seen:N0}, " +
                    $"new {import.Created:N0}, updated {import.Updated:N0}, repriced {import.PriceChanges:N0}, ended {import.Ended:N0}, errors {import.Errors:N0}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }
}
