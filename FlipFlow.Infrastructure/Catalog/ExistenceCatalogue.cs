using System.Text.Json;
using System.Text.Json.Serialization;
using FlipFlow.Domain.Catalog;

namespace FlipFlow.Infrastructure.Catalog;

/// <summary>
/// The Wonders of the First "Existence" set as FlipFlow ships it: 437 printings (numbers above 401 are Secret Mythics;
/// alt-art promos share a number with their base card and differ in rarity), each with its card type.
/// </summary>
public static class ExistenceCatalogue
{
    private static readonly Lazy<IReadOnlyList<Card>> Loaded = new(Load);

    /// <summary>Every printing, in catalogue order, without database ids.</summary>
    public static IReadOnlyList<Card> Printings => Loaded.Value;

    private static IReadOnlyList<Card> Load()
    {
        var printings = Read<List<Printing>>("wotf-existence-cards.json");
        // Card types are per collector number ("Existence_143"): a promo has its base card's type.
        var types = Read<List<CardTypeRow>>("wotf-existence-card-types.json")
            .GroupBy(row => row.Slug, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Type, StringComparer.Ordinal);
        return printings.Select(printing => new Card
        {
            Set = printing.Set,
            Number = printing.Number,
            Name = printing.Name,
            Rarity = printing.Rarity,
            CardType = types.GetValueOrDefault($"{printing.Set}_{printing.Number.Split('/')[0]}"),
        }).ToList();
    }

    private static T Read<T>(string file)
    {
        using var stream = typeof(ExistenceCatalogue).Assembly.GetManifestResourceStream($"FlipFlow.Infrastructure.Catalog.Data.{file}")
            ?? throw new InvalidOperationException($"The card catalogue's {file} is missing from the build.");
        return JsonSerializer.Deserialize<T>(stream) ?? throw new InvalidOperationException($"The card catalogue's {file} is empty.");
    }

    private sealed record Printing(
        [property: JsonPropertyName("card_number")] string Number,
        [property: JsonPropertyName("set_name")] string Set,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("rarity")] string Rarity);

    private sealed record CardTypeRow(
        [property: JsonPropertyName("slug")] string Slug,
        [property: JsonPropertyName("type")] string Type);
}
