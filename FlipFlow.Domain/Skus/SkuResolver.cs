using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Skus;

/// <summary>
/// Reads a seller's SKU as a catalogue card and treatment, with how sure that is. Parts are separated by "-" or "_"
/// and read in any case.
/// <list type="bullet">
/// <item>Structured SKUs: <c>WOTF-{SET}-{NUMBER}-…</c>. The set is its catalogue name ("EXISTENCE") or its first two
/// letters ("EX"). The number is "143", "143/401", or a promo's "P-043" / "P043", which names the alt-art promo
/// printing. The parts after it may be a rarity (COM, UNC, RAR, EPC or EPR, MYT, SEC), a treatment (CP Classic Paper,
/// CF Classic Foil, FF Formless Foil, OCM OCM Serialized, SF Stonefoil, PR Prerelease, PRO Promo), AA for alt art, and
/// a condition (NM, LP, MP, HP, DMG), as in ShootStrayt's <c>WOTF-EXISTENCE-143-RAR-CP</c> and FlipFlow's own
/// <c>WOTF-EX-143-NM</c>.</item>
/// <item>LEG and GOD appear in sellers' plans but match no rarity of the catalogue: they lower the confidence and never
/// decide a card. Any other unknown part is kept and sends the SKU to review.</item>
/// <item>An alt-art promo shares its number and rarity tier with its base card, so a number without AA or a P- number
/// cannot choose between them: that SKU goes to review with both. A rarity that contradicts the card at the number, or
/// a rarity without a treatment, sends it to review too.</item>
/// <item>Anything else is read for a card's name, first in the SKU, then in the row's title, by the title parser.</item>
/// </list>
/// A SKU is mapped only when the card is certain: confidence at least <see cref="SureConfidence"/>. A rival card leaves
/// at most an even chance (0.5) and an unknown part at most 0.7, so neither is ever mapped on its own, nor approved by
/// a bulk approval above a sure threshold. Everything else goes to review, so what maps on its own is right.
/// </summary>
public sealed class SkuResolver
{
    /// <summary>Stored with each automatic mapping; raise it when these rules change, and saved mappings are resolved again.</summary>
    public const string Version = "1";

    public const double SureConfidence = 0.9;

    /// <summary>The most a proposal with a rival as likely as itself can be: a coin toss.</summary>
    private const double RivalConfidence = 0.5;

    /// <summary>The most a proposal with a part FlipFlow cannot read can be: the card may be right, the treatment is in doubt.</summary>
    private const double UnknownPartConfidence = 0.7;

    private const string Product = "WOTF";
    private const string PromoRarityPrefix = "1st Edition Silver Pack Alt Art Promo ";

    private static readonly Dictionary<string, string> Rarities = new(StringComparer.Ordinal)
    {
        ["COM"] = "Common", ["UNC"] = "Uncommon", ["RAR"] = "Rare", ["EPC"] = "Epic", ["EPR"] = "Epic", ["MYT"] = "Mythic", ["SEC"] = "Secret Mythic",
    };

    private static readonly HashSet<string> UnmatchedRarities = new(StringComparer.Ordinal) { "LEG", "GOD" };

    private static readonly Dictionary<string, string> TreatmentCodes = new(StringComparer.Ordinal)
    {
        ["CP"] = Treatments.ClassicPaper, ["CF"] = Treatments.ClassicFoil, ["FF"] = Treatments.FormlessFoil, ["OCM"] = Treatments.OcmSerialized,
        ["SF"] = Treatments.Stonefoil, ["PR"] = Treatments.Prerelease, ["PRO"] = Treatments.Promo,
    };

    private static readonly HashSet<string> Conditions = new(StringComparer.Ordinal) { "NM", "LP", "MP", "HP", "DMG" };

    private readonly Dictionary<string, string> sets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Set, int Number), List<Card>> printings = [];
    private readonly Dictionary<string, List<Card>> byName = new(StringComparer.Ordinal);
    private readonly TitleParser titles;

    public SkuResolver(IReadOnlyList<Card> cards)
    {
        titles = new TitleParser(cards);
        foreach (var card in cards)
        {
            var set = SetKey(card.Set);
            sets.TryAdd(set, set);
            if (CollectorNumber(card.Number) is { } number)
            {
                Add(printings, (set, number), card);
            }
            Add(byName, card.Name, card);
        }
        // A set's first two letters stand for it where no other set starts the same way: "EX" is Existence.
        foreach (var group in sets.Keys.ToList().Where(set => set.Length > 2).GroupBy(set => set[..2]).Where(group => group.Count() == 1))
        {
            sets.TryAdd(group.Key, group.Single());
        }
    }

    public SkuResolution Resolve(MarketPlatform platform, string sku, string? title = null)
    {
        var parts = sku.Trim().ToUpperInvariant().Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length >= 3 && parts[0] == Product)
        {
            return Structured(parts);
        }
        return ByName(sku.Replace('-', ' ').Replace('_', ' '), title);
    }

    private SkuResolution Structured(string[] parts)
    {
        if (!sets.TryGetValue(parts[1], out var set))
        {
            return Unmapped($"The set \"{parts[1]}\" is not in the card catalogue.");
        }
        var next = 2;
        var promo = false;
        int? number;
        if (parts[next] == "P" && parts.Length > next + 1)
        {
            (promo, number, next) = (true, CollectorNumber(parts[next + 1]), next + 2);
        }
        else if (parts[next].Length > 1 && parts[next][0] == 'P' && char.IsAsciiDigit(parts[next][1]))
        {
            (promo, number, next) = (true, CollectorNumber(parts[next][1..]), next + 1);
        }
        else
        {
            (number, next) = (CollectorNumber(parts[next]), next + 1);
        }
        if (number is not { } collector)
        {
            return Unmapped($"\"{string.Join('-', parts)}\" has no collector number after its set.");
        }
        if (!printings.TryGetValue((set, collector), out var atNumber))
        {
            return Unmapped($"The catalogue has no card numbered {collector:000} in {set}.");
        }

        string? rarity = null, treatment = null, unknown = null;
        var (altArt, unmatchedRarity, condition) = (false, (string?)null, false);
        foreach (var part in parts.Skip(next))
        {
            if (Rarities.TryGetValue(part, out var tier)) rarity = tier;
            else if (UnmatchedRarities.Contains(part)) unmatchedRarity = part;
            else if (TreatmentCodes.TryGetValue(part, out var named)) treatment = named;
            else if (part == "AA") altArt = true;
            else if (Conditions.Contains(part)) condition = true;
            else unknown ??= part;
        }

        var promos = atNumber.Where(IsAltArtPromo).ToList();
        var bases = atNumber.Where(card => !IsAltArtPromo(card)).ToList();
        Card card;
        Card? runnerUp = null;
        var confidence = 1.0;
        var reasons = new List<string>();
        if ((promo || altArt) && promos.Count > 0)
        {
            card = promos[0];
            reasons.Add(promo ? "The P- number names the alt-art promo." : "AA names the alt-art promo.");
        }
        else if (bases.Count > 0)
        {
            card = bases[0];
            if (promos.Count > 0)
            {
                runnerUp = promos[0];
                reasons.Add($"{card.Number} is both {card.Name} and its alt-art promo, and the SKU does not say which (add AA or use a P- number).");
            }
            else if (promo)
            {
                confidence = Math.Min(confidence, 0.6);
                reasons.Add($"The P- number names a promo, but {card.Number} has no alt-art promo printing.");
            }
        }
        else
        {
            card = promos[0];
            reasons.Add("The only printing at this number is the alt-art promo.");
        }
        if (rarity is not null && Tier(card) != rarity)
        {
            confidence = Math.Min(confidence, 0.6);
            reasons.Add($"The SKU's rarity is {rarity}, but {card.Number} {card.Name} is {Tier(card)}.");
        }
        if (unmatchedRarity is not null)
        {
            confidence *= 0.85;
            reasons.Add($"{unmatchedRarity} matches no rarity in the catalogue.");
        }
        if (altArt && treatment is not null)
        {
            treatment = Treatments.WithAltArt(treatment);
        }
        if (unknown is not null)
        {
            reasons.Add($"\"{unknown}\" is not a code FlipFlow knows.");
        }
        else if (treatment is null && !condition)
        {
            // A seller's SKU that names a rarity names a treatment too; without one, the item cannot be told apart.
            confidence = Math.Min(confidence, 0.85);
            reasons.Add("The SKU names no treatment.");
        }
        return Decide(card, treatment, confidence, runnerUp, unknown, reasons, $"{card.Number} {card.Name} ({card.Rarity})");
    }

    private SkuResolution ByName(string text, string? title)
    {
        foreach (var (source, read) in new[] { ("SKU", text), ("title", title) })
        {
            if (string.IsNullOrWhiteSpace(read))
            {
                continue;
            }
            var parse = titles.Parse(read);
            if (parse.Card is not { } card)
            {
                continue;
            }
            var reasons = new List<string> { $"The {source} names {card.Name}." };
            Card? runnerUp = null;
            var others = byName[card.Name].Where(other => !ReferenceEquals(other, card)).ToList();
            if (others.Count > 0 && !IsAltArtPromo(card))
            {
                runnerUp = others[0];
                reasons.Add($"{card.Name} is printed more than once and the {source} does not say which.");
            }
            return Decide(card, parse.Treatment, Math.Round(parse.Confidence, 2), runnerUp, null, reasons, $"{card.Number} {card.Name} ({card.Rarity})");
        }
        return Unmapped("Neither the SKU nor the title names a card in the catalogue.");
    }

    private static SkuResolution Decide(Card card, string? treatment, double confidence, Card? runnerUp, string? unknown, List<string> reasons, string named)
    {
        confidence = Math.Min(confidence, runnerUp is null ? 1 : RivalConfidence);
        confidence = Math.Min(confidence, unknown is null ? 1 : UnknownPartConfidence);
        var mapped = confidence >= SureConfidence;
        var reason = mapped ? $"Maps to {named}{(treatment is null ? "" : $", {treatment}")}." : string.Join(" ", reasons);
        return new SkuResolution(mapped ? SkuStatus.Mapped : SkuStatus.Review, card, treatment, Math.Round(confidence, 2), reason, runnerUp, unknown);
    }

    private static SkuResolution Unmapped(string reason) => new(SkuStatus.Unmapped, null, null, 0, reason, null, null);

    private static bool IsAltArtPromo(Card card) => card.Rarity.Contains("Alt Art", StringComparison.OrdinalIgnoreCase);

    private static string Tier(Card card) =>
        card.Rarity.StartsWith(PromoRarityPrefix, StringComparison.OrdinalIgnoreCase) ? card.Rarity[PromoRarityPrefix.Length..] : card.Rarity;

    private static string SetKey(string set) => new([.. set.ToUpperInvariant().Where(char.IsLetterOrDigit)]);

    private static int? CollectorNumber(string text) =>
        int.TryParse(text.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static void Add<TKey>(Dictionary<TKey, List<Card>> index, TKey key, Card card) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        list.Add(card);
    }
}
