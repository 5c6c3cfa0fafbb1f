using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Market;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>scanner [--window 30] [--rarity] [--treatment] [--product-type] [--platform] [--json]</c>: the Scanner page's sell-through per card and
/// treatment. <c>cards list [--search] [--json]</c> and <c>cards show &lt;id&gt; [--json]</c>: the Cards pages.
/// </summary>
public static class ScannerVerbs
{
    public static Command Create(CliContext context)
    {
        var window = new Option<int>("--window") { Description = $"The window in days, 1 to {ScannerRules.MaxWindowDays}.", DefaultValueFactory = _ => ScannerRules.DefaultWindowDays };
        var rarity = new Option<string?>("--rarity") { Description = "Only cards of this rarity, e.g. Rare." };
        var treatment = new Option<string?>("--treatment") { Description = "Only this treatment, e.g. \"Classic Foil\" or \"Formless Foil Alt Art\"." };
        var productType = new Option<MarketProductType?>("--product-type") { Description = "Single, Box, Pack, Bundle or Lot." };
        var platform = new Option<MarketPlatform?>("--platform") { Description = "Ebay, Blokpax or ShootStrayt." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts: every row with its figures." };
        var command = new Command("scanner",
            "Per card and treatment over a window: active listings, sales, sell-through, median and last sale, 14-day trend and sellers.")
        {
            window, rarity, treatment, productType, platform, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var scanner = host.Services.GetRequiredService<MarketScanner>();
            var query = new ScannerQuery(parsed.GetValue(window), parsed.GetValue(rarity), parsed.GetValue(treatment), parsed.GetValue(productType),
                parsed.GetValue(platform));
            var problems = await scanner.ProblemsAsync(query, cancellationToken);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join(" ", problems.Values));
            }
            var report = await scanner.ReadAsync(query, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(report);
                return FlipFlowCli.Ok;
            }
            var output = context.Output;
            output.WriteLine($"{report.Rows.Count:N0} rows over {report.WindowDays} days to {report.To.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; * = too few sales to judge");
            output.WriteLine($"{"Number",-9}  {"Name",-32}  {"Treatment",-22}  {"Active",6}  {"Sales",5}  {"Sell-thr.",9}  {"Median",10}  {"Last",10}  {"Trend",7}  {"Sellers",7}");
            foreach (var row in report.Rows)
            {
                output.WriteLine($"{row.Number ?? "",-9}  {Cut(row.Name, 32),-32}  {Cut(row.Treatment ?? "-", 22),-22}  {row.Active,6:N0}  {row.Sales,5:N0}  " +
                    $"{(row.SellThrough is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "-"),9}  {Money(row.MedianPrice, row.Currency),10}  " +
                    $"{Money(row.LastSalePrice, row.Currency),10}  {(row.Trend is { } trend ? trend.Change.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture) + (trend.Flagged ? "!" : "") : "-"),7}  " +
                    $"{row.Sellers,7:N0}{(row.TooFewSales ? " *" : "")}");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    public static Command Cards(CliContext context)
    {
        var search = new Option<string?>("--search") { Description = "Words of the name, number or set." };
        var listJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var list = new Command("list", $"The catalogue's cards with their market over {CardMarket.SummaryDays} days: active listings, sales, sell-through.") { search, listJson };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (cards, total) = await host.Services.GetRequiredService<CardMarket>().ListAsync(parsed.GetValue(search), 0, int.MaxValue, cancellationToken);
            if (parsed.GetValue(listJson))
            {
                context.WriteJson(cards);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{total:N0} cards");
            foreach (var card in cards)
            {
                context.Output.WriteLine($"{card.Id,5}  {card.Number,-9}  {Cut(card.Name, 36),-36}  {card.Rarity,-18}  {card.Active,5:N0} active  {card.Sales,4:N0} sold  " +
                    $"{(card.SellThrough is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "-")}");
            }
            return FlipFlowCli.Ok;
        });

        var id = new Argument<int>("id") { Description = "The card's id, from 'cards list'." };
        var showJson = new Option<bool>("--json") { Description = "Write JSON for scripts: the card, its treatments, sales and latest listings." };
        var show = new Command("show", $"A card: its treatments over {ScannerRules.DefaultWindowDays} days, sales over {CardMarket.SalesDays} days and latest listings.") { id, showJson };
        show.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var card = await host.Services.GetRequiredService<CardMarket>().GetAsync(parsed.GetValue(id), cancellationToken)
                ?? throw new InvalidOperationException($"There is no card {parsed.GetValue(id)}; 'cards list' shows them.");
            if (parsed.GetValue(showJson))
            {
                context.WriteJson(card);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{card.Card.Number} {card.Card.Name} ({card.Card.Rarity}, {card.Card.Set})");
            foreach (var row in card.Treatments.Rows)
            {
                context.Output.WriteLine($"  {row.Treatment ?? "-",-24} {row.Active,5:N0} active  {row.Sales,4:N0} sold  median {Money(row.MedianPrice, row.Currency)}");
            }
            context.Output.WriteLine($"{card.Sales.Count:N0} sales in {CardMarket.SalesDays} days; {card.Observations.Count:N0} latest listings");
            return FlipFlowCli.Ok;
        });
        return new Command("cards", "The card catalogue with its market.") { list, show };
    }

    private static string Money(decimal? amount, string currency) =>
        amount is { } value ? $"{value.ToString("N2", CultureInfo.InvariantCulture)} {currency}" : "-";

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
