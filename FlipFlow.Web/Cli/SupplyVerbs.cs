using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Supply;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Supply;

namespace FlipFlow.Web.Cli;

/// <summary><c>supply card &lt;number&gt; [--rarity] [--treatment] [--json]</c> and <c>supply cards [--treatment] [--sort] [--json]</c>.</summary>
public static class SupplyVerbs
{
    public static Command Create(CliContext context) =>
        new("supply", "How concentrated each card's supply is across sellers, and how fast it sells.") { Card(context), Cards(context) };

    private static async Task<bool> TreatmentRefusedAsync(ParseResult parsed, string? named)
    {
        if (Treatments.Problem(named) is not { } wrong)
        {
            return false;
        }
        await parsed.InvocationConfiguration.Error.WriteLineAsync($"--treatment: {wrong}");
        return true;
    }

    private static Option<string?> TreatmentOption() => new("--treatment") { Description = $"One treatment: {string.Join(", ", Treatments.All)}." };

    private static Command Card(CliContext context)
    {
        var number = new Argument<string>("number") { Description = "The collector number, as 143 or 143/401." };
        var rarity = new Option<string?>("--rarity") { Description = "The printing's rarity, when an alt-art promo shares the number with its base card." };
        var treatment = TreatmentOption();
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("card", "A card's sellers, the Herfindahl-Hirschman index of their shares, the five largest and how fast it sells.")
        {
            number, rarity, treatment, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var named = parsed.GetValue(treatment);
            if (await TreatmentRefusedAsync(parsed, named))
            {
                return FlipFlowCli.UsageError;
            }
            using var host = await context.BuildMigratedHostAsync();
            var written = parsed.GetValue(number)!;
            var printings = (await host.Services.GetRequiredService<CardCatalog>().SearchAsync(written, cancellationToken: cancellationToken))
                .Where(card => parsed.GetValue(rarity) is not { } wanted || card.Rarity.Equals(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!written.Split('/')[0].All(char.IsAsciiDigit) || printings.Count != 1)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(printings.Count == 0 || !written.Split('/')[0].All(char.IsAsciiDigit)
                    ? $"No card has the collector number \"{written}\"{(parsed.GetValue(rarity) is { } asked ? $" and rarity {asked}" : "")}."
                    : $"{printings.Count} printings have the number {written}: {string.Join(", ", printings.Select(card => $"{card.Number} {card.Name} ({card.Rarity})"))}; " +
                      "choose one with --rarity.");
                return FlipFlowCli.UsageError;
            }
            var analytics = host.Services.GetRequiredService<SupplyAnalytics>();
            var card = printings[0];
            var supply = (await analytics.CardAsync(card.Id, named, cancellationToken))!;
            var velocity = await analytics.CardVelocityAsync(card.Id, named, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new CardRow(supply, velocity));
                return FlipFlowCli.Ok;
            }
            var output = context.Output;
            output.WriteLine($"{supply.Number} {supply.Name} ({supply.Rarity}){(named is { Length: > 0 } ? $", {named}" : "")}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sellers: {Count(supply.Sellers, "seller")} holding {Count(supply.Units, "unit")}; HHI {supply.Hhi:N1} ({supply.LevelLabel})"));
            foreach (var seller in supply.Top)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seller.SellerName}: {Count(seller.Quantity, "unit")}, {seller.Share:0.0}%"));
            }
            output.WriteLine(velocity.MedianDays is { } median
                ? string.Create(CultureInfo.InvariantCulture, $"Sells in {median:0.0} days (median of {Count(velocity.Sales, "sale")}; {velocity.LeftOut:N0} over {SellThroughVelocity.MaxDays} days left out)")
                : $"No sale to measure how fast it sells ({velocity.LeftOut:N0} over {SellThroughVelocity.MaxDays} days left out).");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Cards(CliContext context)
    {
        var treatment = TreatmentOption();
        var sort = new Option<SupplySort>("--sort") { Description = "Most concentrated, most sellers or units first, or by card number.", DefaultValueFactory = _ => SupplySort.Concentration };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var paging = new PageOptions("Cards");
        var command = new Command("cards", "Every card sellers hold: sellers, units, HHI and its band, the largest seller.") { treatment, sort, json, paging.Page, paging.Size };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var named = parsed.GetValue(treatment);
            if (await TreatmentRefusedAsync(parsed, named))
            {
                return FlipFlowCli.UsageError;
            }
            using var host = await context.BuildMigratedHostAsync();
            var cards = await host.Services.GetRequiredService<SupplyAnalytics>().CardsAsync(named, parsed.GetValue(sort), cancellationToken);
            var (page, size, skip) = paging.Read(parsed);
            var shown = cards.Skip(skip).Take(size).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total = cards.Count, page, pageSize = size, cards = shown });
                return FlipFlowCli.Ok;
            }
            foreach (var card in shown)
            {
                var largest = card.Top.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; largest {card.Top[0].SellerName} {card.Top[0].Share:0.0}%") : "";
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{card.Number} {card.Name} ({card.Rarity}): {Count(card.Sellers, "seller")}, {Count(card.Units, "unit")}, HHI {card.Hhi:N1} ({card.LevelLabel}){largest}"));
            }
            context.Output.WriteLine($"{shown.Count} of {cards.Count:N0} cards.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static string Count(int count, string one) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {one}{(count == 1 ? "" : "s")}");

    /// <summary><c>supply card --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record CardRow(CardSupply Supply, Velocity Velocity);
}
