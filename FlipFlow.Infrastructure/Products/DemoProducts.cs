using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Listings;
using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Products;

/// <summary>What <see cref="DemoProducts.ImportAsync"/> did.</summary>
public sealed record DemoImport(int Created, int AlreadyThere);

/// <summary>
/// Demo products made from the Wonders of the First "Existence" card catalogue (437 printings, embedded): each
/// printing in five conditions, near mint first, priced by rarity and condition. The same SKU always gets the
/// same product, so an import can be run again: it adds only what is missing.
/// </summary>
public sealed class DemoProducts(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    private static readonly (string Code, string Name, ItemCondition Condition, decimal Factor)[] Conditions =
    [
        ("NM", "Near Mint", ItemCondition.LikeNew, 1.00m),
        ("LP", "Lightly Played", ItemCondition.VeryGood, 0.85m),
        ("MP", "Moderately Played", ItemCondition.Good, 0.65m),
        ("HP", "Heavily Played", ItemCondition.Acceptable, 0.45m),
        ("DMG", "Damaged", ItemCondition.ForParts, 0.25m),
    ];

    /// <summary>How many different demo products there are.</summary>
    public static int Available => ExistenceCatalogue.Printings.Count * Conditions.Length;

    /// <summary>Makes sure the first <paramref name="count"/> demo products exist; creates those missing in one transaction.</summary>
    public async Task<DemoImport> ImportAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count < 1 || count > Available)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The demo catalogue has between 1 and {Available} products.");
        }
        var wanted = Generate(clock.GetUtcNow()).Take(count).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = wanted.Select(product => product.Sku).ToList();
        var existing = (await db.Products.Where(product => skus.Contains(product.Sku)).Select(product => product.Sku).ToListAsync(cancellationToken))
            .ToHashSet();
        var missing = wanted.Where(product => !existing.Contains(product.Sku)).ToList();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Products.AddRange(missing);
        await db.SaveChangesAsync(cancellationToken);
        return new DemoImport(missing.Count, existing.Count);
    }

    /// <summary>Every demo product, in catalogue order: each printing near mint, then each lightly played, and so on.</summary>
    public static IEnumerable<Product> Generate(DateTimeOffset now)
    {
        foreach (var condition in Conditions)
        {
            foreach (var card in ExistenceCatalogue.Printings)
            {
                var number = card.Number.Split('/')[0];
                var promo = card.Rarity.StartsWith("1st Edition", StringComparison.Ordinal);
                var rarity = promo ? card.Rarity.Replace("1st Edition Silver Pack Alt Art Promo ", "", StringComparison.Ordinal) : card.Rarity;
                var sku = $"WOTF-EX-{number}{(promo ? "-AA" : "")}-{condition.Code}";
                var title = $"Wonders of the First Existence {card.Number} {card.Name}{(promo ? " Alt Art" : "")} {rarity} {condition.Code}";
                yield return new Product
                {
                    Sku = sku,
                    Title = title.Length > 80 ? title[..80] : title,
                    Description = $"{card.Name} ({card.Number}), {card.Rarity}, from the Wonders of the First \"Existence\" set. Condition: {condition.Name}. Ships in a sleeve and top-loader.",
                    Condition = condition.Condition,
                    Price = decimal.Round(BasePrice(rarity, sku) * condition.Factor * (promo ? 2.5m : 1m), 2) is var price && price >= 0.99m ? price : 0.99m,
                    Currency = "USD",
                    Quantity = 1 + (int)(Stable(sku + "qty") % 3),
                    ItemSpecifics = new Dictionary<string, string>
                    {
                        ["Game"] = "Wonders of the First",
                        ["Set"] = card.Set,
                        ["Card Number"] = card.Number,
                        ["Card Name"] = card.Name,
                        ["Rarity"] = card.Rarity,
                        ["Card Condition"] = condition.Name,
                    },
                    CreatedAt = now,
                    UpdatedAt = now,
                };
            }
        }
    }

    private static decimal BasePrice(string rarity, string sku)
    {
        var (low, high) = rarity switch
        {
            "Common" => (0.5m, 2m),
            "Uncommon" => (1m, 4m),
            "Rare" => (3m, 12m),
            "Epic" => (8m, 30m),
            "Legendary" => (20m, 80m),
            "Mythic" => (40m, 200m),
            "Secret Mythic" => (150m, 600m),
            _ => (1m, 10m),
        };
        return low + (high - low) * (Stable(sku) % 1000) / 1000m;
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is not), for prices that do not change between imports.</summary>
    private static uint Stable(string text)
    {
        var hash = 2166136261u;
        foreach (var character in text)
        {
            hash = (hash ^ character) * 16777619u;
        }
        return hash;
    }
}
