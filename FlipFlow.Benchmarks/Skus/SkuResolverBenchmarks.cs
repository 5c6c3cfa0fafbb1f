using BenchmarkDotNet.Attributes;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Catalog;

namespace FlipFlow.Benchmarks.Skus;

/// <summary>
/// The SKU resolver over the shipped catalogue: 1,000 SKUs a call, SKUs a second = 1,000 over the mean. Structured SKUs are
/// the import's common case; name-only SKUs go through the title parser's fuzzy match and show its cost.
/// </summary>
[MemoryDiagnoser]
public class SkuResolverBenchmarks
{
    private SkuResolver resolver = default!;
    private string[] structured = [];
    private string[] named = [];

    [GlobalSetup]
    public void Setup()
    {
        var cards = ExistenceCatalogue.Printings;
        resolver = new SkuResolver(cards);
        string[] treatments = ["CP", "CF", "FF", "OCM", "SF", "CP-AA"];
        var codes = new Dictionary<string, string> { ["Common"] = "COM", ["Uncommon"] = "UNC", ["Rare"] = "RAR", ["Epic"] = "EPC", ["Mythic"] = "MYT", ["Secret Mythic"] = "SEC" };
        var bases = cards.Where(card => codes.ContainsKey(card.Rarity)).ToList();
        structured = [.. Enumerable.Range(0, 1000).Select(index => bases[index % bases.Count]).Select((card, index) =>
            $"WOTF-EXISTENCE-{card.Number[..3]}-{codes[card.Rarity]}-{treatments[index % treatments.Length]}")];
        named = [.. Enumerable.Range(0, 1000).Select(index => cards[index * 7 % cards.Count].Name + " classic foil")];
    }

    [Benchmark(Baseline = true, Description = "1,000 structured SKUs (WOTF-EXISTENCE-143-RAR-CP)")]
    public int Structured()
    {
        var mapped = 0;
        foreach (var sku in structured)
        {
            mapped += resolver.Resolve(MarketPlatform.ShootStrayt, sku).Status == SkuStatus.Mapped ? 1 : 0;
        }
        return mapped;
    }

    [Benchmark(Description = "1,000 SKUs that are a card's name")]
    public int ByName()
    {
        var found = 0;
        foreach (var sku in named)
        {
            found += resolver.Resolve(MarketPlatform.Ebay, sku).Card is null ? 0 : 1;
        }
        return found;
    }
}
