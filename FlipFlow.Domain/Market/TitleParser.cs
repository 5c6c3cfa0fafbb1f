using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Catalog;
using FuzzySharp;

namespace FlipFlow.Domain.Market;

/// <summary>
/// Reads a listing title against a card catalogue: treatment, grading, quantity, product type and subtype, bundle
/// pack count, whether it is a bulk lot, and the card it names with how sure that is.
/// <list type="bullet">
/// <item>A card is found by its name as whole words, tolerant of case, accents, quotes and apostrophes; a collector
/// number ("143/401") chooses between printings and finds the card when the name is misspelled; "Alt Art" prefers the
/// alt-art printing. Failing both, a title that names the game is matched fuzzily (FuzzySharp) against every name.</item>
/// <item>A short or one-word name ("Rend", "Catch") counts only in a title that names the game or a collector number.</item>
/// <item>Titles of other games, and lots and sealed products, name no card.</item>
/// </list>
/// </summary>
public sealed partial class TitleParser
{
    /// <summary>A fuzzy match must score at least this (0-100) to name a card.</summary>
    public const int FuzzyCutoff = 86;

    private static readonly (Regex Pattern, string Treatment)[] TreatmentWords =
    [
        (Words("ocm", "serialized", "serialised", "numbered"), Treatments.OcmSerialized),
        (Words("stonefoil", "stone foil"), Treatments.Stonefoil),
        (Words("formless foil", "formless"), Treatments.FormlessFoil),
        (Words("prerelease", "pre release", "pre-release"), Treatments.Prerelease),
        (Words("proof", "sample"), Treatments.ProofSample),
        (Words("error", "errata", "misprint", "miscut"), Treatments.ErrorErrata),
        (Words("classic foil", "foil", "holo"), Treatments.ClassicFoil),
        (Words("promo"), Treatments.Promo),
        (Words("classic paper", "paper", "non foil", "non-foil", "nonfoil"), Treatments.ClassicPaper),
    ];

    private static readonly (Regex Pattern, MarketProductType Type, string Subtype)[] SealedProducts =
    [
        (Words("collector booster box", "collectors booster box", "collector box"), MarketProductType.Box, "Collector Booster Box"),
        (Words("sealed case", "booster case", "case of"), MarketProductType.Box, "Case"),
        (Words("blaster box", "blaster"), MarketProductType.Box, "Blaster Box"),
        // Before the packs: a "Play Booster Box" is a box of play boosters, not a pack.
        (Words("booster box", "play booster box", "hobby box"), MarketProductType.Box, "Booster Box"),
        (Words("serialized advantage"), MarketProductType.Box, "Serialized Advantage"),
        (Words("starter set", "starter deck"), MarketProductType.Box, "Starter Set"),
        (Words("play bundle", "bundle"), MarketProductType.Bundle, "Play Bundle"),
        (Words("collector booster pack", "collectors booster pack", "collector pack"), MarketProductType.Pack, "Collector Booster Pack"),
        (Words("play booster pack", "booster pack", "play booster"), MarketProductType.Pack, "Play Booster Pack"),
        (Words("silver pack"), MarketProductType.Pack, "Silver Pack"),
    ];

    private static readonly Regex OtherGames = Words("pokemon", "pokémon", "magic the gathering", "mtg", "one piece", "yugioh", "yu-gi-oh",
        "lorcana", "digimon", "flesh and blood", "star wars unlimited", "dragon ball", "sorcery contested realm", "metazoo");

    private static readonly Regex GameNamed = Words("wonders of the first", "wonders", "wotf", "existence");
    private static readonly Regex AltArt = Words("alt art", "alt-art", "alternate art", "alternative art", "aa");
    private static readonly Regex Opened = Words("open box", "opened", "unsealed");
    private static readonly Regex SlabWords = Words("slab", "slabbed", "graded", "grade");
    private static readonly Regex Bulk = Words("bulk", "random", "mystery", "repack", "assorted", "playset", "play set", "collection");
    private static readonly Regex LotWord = Words("lot", "lots");

    private readonly Dictionary<string, List<Card>> byName;
    private readonly Dictionary<int, List<Card>> byNumber;
    private readonly string[] names;

    /// <summary>Each of <see cref="names"/> with a space either side, as it stands in a padded title.</summary>
    private readonly string[] spacedNames;

    /// <summary>The names by the first <see cref="PrefixLength"/> letters of each of their words: the candidates of the fuzzy match.</summary>
    private readonly Dictionary<string, HashSet<string>> namesByWordPrefix;

    private const int PrefixLength = 3;

    public TitleParser(IReadOnlyList<Card> cards)
    {
        byName = cards.GroupBy(card => Normalize(card.Name), StringComparer.Ordinal)
            .Where(group => group.Key.Length > 0)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        byNumber = cards.Select(card => (Number: CollectorNumber(card.Number), Card: card)).Where(entry => entry.Number is not null)
            .GroupBy(entry => entry.Number!.Value).ToDictionary(group => group.Key, group => group.Select(entry => entry.Card).ToList());
        // Longest first, so "Plant Terror of Ethereal Grove" wins over a shorter name inside it.
        names = [.. byName.Keys.OrderByDescending(name => name.Length)];
        spacedNames = [.. names.Select(name => $" {name} ")];
        namesByWordPrefix = names.SelectMany(name => WordPrefixes(name).Select(prefix => (prefix, name)))
            .GroupBy(pair => pair.prefix, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public TitleParse Parse(string title)
    {
        var text = Normalize(title);
        var padded = $" {text} ";
        var grading = Grading(title);
        var altArt = AltArt.IsMatch(text);
        var otherGame = OtherGames.IsMatch(text);
        var number = NumberIn(title);
        var sealedProduct = SealedProduct(text, altArt, number is not null);
        var bulk = sealedProduct is null && NamesLot(text);

        if (sealedProduct is { } product)
        {
            var packs = product.Type == MarketProductType.Bundle && PackCount().Match(text) is { Success: true } count
                ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
            // The treatments are this game's: another game's box is typed, but neither Sealed nor Open Box.
            var state = otherGame ? null : Opened.IsMatch(text) ? Treatments.OpenBox : Treatments.Sealed;
            return new TitleParse(state, grading, Quantity(text), product.Type, product.Subtype, packs, false, null, 0);
        }
        var treatment = !otherGame && TreatmentOf(text) is { } found ? altArt ? Treatments.WithAltArt(found) : found : null;
        if (bulk)
        {
            var subtype = Bulk.IsMatch(text) || RandomCards().IsMatch(text) ? "Bulk" : "Lot";
            return new TitleParse(treatment, grading, Quantity(text), MarketProductType.Lot, subtype, null, true, null, 0);
        }
        // The game's own name holds a card's name ("The First"): cards are looked for in the rest.
        var named = padded.Replace(" wonders of the first ", " ", StringComparison.Ordinal);
        var (card, confidence) = otherGame ? (null, 0) : FindCard(named.Trim(), named, number, altArt, GameNamed.IsMatch(text));
        // A name's own X and digits ("Carbon-X7 Synthforge") are not a quantity.
        var rest = card is null ? text : named.Replace($" {Normalize(card.Name)} ", " ", StringComparison.Ordinal);
        return new TitleParse(treatment, grading, Quantity(rest), MarketProductType.Single, null, null, false, card, confidence);
    }

    private (Card? Card, double Confidence) FindCard(string text, string padded, int? number, bool altArt, bool gameNamed)
    {
        for (var index = 0; index < names.Length; index++)
        {
            if (!padded.Contains(spacedNames[index], StringComparison.Ordinal))
            {
                continue;
            }
            var name = names[index];
            // A short or one-word name could be any word: it needs the game or a number beside it.
            var weak = name.Length < 7 || !name.Contains(' ', StringComparison.Ordinal);
            if (weak && !gameNamed && number is null)
            {
                continue;
            }
            var printings = byName[name];
            var numbered = number is { } wanted ? printings.Where(card => CollectorNumber(card.Number) == wanted).ToList() : [];
            var card = Choose(numbered.Count > 0 ? numbered : printings, altArt);
            var sure = number is null || numbered.Count > 0 ? 1.0 : 0.8;
            return (card, weak && !gameNamed ? sure * 0.9 : sure);
        }
        if (number is { } collector && byNumber.TryGetValue(collector, out var atNumber) && gameNamed)
        {
            // The number names the card; the name, misspelled, must still look like it.
            var best = atNumber.MaxBy(card => Fuzz.PartialRatio(Normalize(card.Name), text))!;
            var score = Fuzz.PartialRatio(Normalize(best.Name), text);
            if (score >= 60)
            {
                return (Choose(atNumber.Where(card => card.Name == best.Name).ToList(), altArt), Math.Round(0.6 + score / 250.0, 2));
            }
        }
        if (gameNamed)
        {
            var (name, score) = FuzzyName(text);
            if (score >= FuzzyCutoff)
            {
                return (Choose(byName[name!], altArt), Math.Round(score / 100.0 * 0.9, 2));
            }
        }
        return (null, 0);
    }

    /// <summary>
    /// The name most like the text, of the names that share a word's first letters with it: a misspelling keeps them ("Thalwnd"),
    /// and scoring only those keeps a title's read fast over a catalogue of hundreds of names.
    /// </summary>
    private (string? Name, int Score) FuzzyName(string text)
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in WordPrefixes(text))
        {
            if (namesByWordPrefix.TryGetValue(prefix, out var named))
            {
                candidates.UnionWith(named);
            }
        }
        string? bestName = null;
        var bestScore = 0;
        foreach (var name in names)
        {
            if (name.Length < 7 || !candidates.Contains(name))
            {
                continue;
            }
            var score = Fuzz.PartialRatio(name, text);
            if (score > bestScore)
            {
                (bestName, bestScore) = (name, score);
            }
        }
        return (bestName, bestScore);
    }

    private static IEnumerable<string> WordPrefixes(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => word.Length >= PrefixLength).Select(word => word[..PrefixLength]);

    /// <summary>Of the printings of one name, the alt-art promo when the title says alt art, else the base card.</summary>
    private static Card Choose(IReadOnlyList<Card> printings, bool altArt) =>
        printings.FirstOrDefault(card => IsAltArtPromo(card) == altArt) ?? printings[0];

    private static bool IsAltArtPromo(Card card) => card.Rarity.Contains("Alt Art", StringComparison.OrdinalIgnoreCase);

    private static (MarketProductType Type, string Subtype)? SealedProduct(string text, bool altArt, bool numbered)
    {
        foreach (var (pattern, type, subtype) in SealedProducts)
        {
            if (pattern.IsMatch(text))
            {
                // "Silver Pack Alt Art Promo 028/401" is a card from a silver pack, not the pack.
                if (subtype == "Silver Pack" && (altArt || numbered || text.Contains("promo", StringComparison.Ordinal)))
                {
                    return null;
                }
                return (type, subtype);
            }
        }
        return null;
    }

    private static string? TreatmentOf(string text) =>
        TreatmentWords.FirstOrDefault(entry => entry.Pattern.IsMatch(text)).Treatment;

    private static string? Grading(string title)
    {
        var graded = GradeMark().Match(title);
        if (graded.Success)
        {
            var grader = graded.Groups["company"].Value.ToUpperInvariant();
            var grade = decimal.Parse(graded.Groups["grade"].Value, CultureInfo.InvariantCulture);
            return $"{grader} {grade.ToString("0.#", CultureInfo.InvariantCulture)}";
        }
        var text = Normalize(title);
        if (CompanyOnly().Match(title) is { Success: true } company)
        {
            return company.Value.Equals("TAG", StringComparison.OrdinalIgnoreCase)
                ? SlabWords.IsMatch(text) ? "TAG SLAB" : null
                : "GRADED";
        }
        return SlabWords.IsMatch(text) ? "GRADED" : null;
    }

    /// <summary>Whether a title, as <see cref="Normalize"/> writes it, names another card game than this one: such a listing names no card.</summary>
    public static bool NamesOtherGame(string normalizedTitle) => OtherGames.IsMatch(normalizedTitle);

    /// <summary>
    /// Whether a title, as <see cref="Normalize"/> writes it, sells more than one card: a lot, bulk, or several copies
    /// ("x3"). The card's own name, normalized too, is left out first when it is known, so its digits ("Carbon-X7") are
    /// not read as copies.
    /// </summary>
    public static bool NamesSeveralCards(string normalizedTitle, string? normalizedCardName) =>
        NamesLot(normalizedTitle)
        || Quantity(normalizedCardName is null ? normalizedTitle : $" {normalizedTitle} ".Replace($" {normalizedCardName} ", " ", StringComparison.Ordinal)) > 1;

    private static bool NamesLot(string text) => Bulk.IsMatch(text) || LotWord.IsMatch(text) || RandomCards().IsMatch(text);

    private static int Quantity(string text)
    {
        var match = QuantityMark().Match(text);
        if (!match.Success)
        {
            return 1;
        }
        var value = match.Groups.Cast<Group>().Skip(1).First(group => group.Success).Value;
        return int.Parse(value, CultureInfo.InvariantCulture) is var quantity and >= 1 and <= 999 ? quantity : 1;
    }

    private static int? NumberIn(string title) =>
        NumberMark().Match(title) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static int? CollectorNumber(string number) =>
        int.TryParse(number.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Lower case, no accents, no quotes or apostrophes, every other non-letter a single space.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var character in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark || character is '\'' or '\u2019' or '\u2018' or '`' or '´' or '"' or '\u201c' or '\u201d')
            {
                continue;
            }
            if (char.IsLetterOrDigit(character))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(character));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return builder.ToString();
    }

    private static Regex Words(params string[] phrases) =>
        new($@"(?<![a-z0-9])(?:{string.Join('|', phrases.Select(phrase => Regex.Escape(Normalize(phrase)).Replace("\\ ", " ", StringComparison.Ordinal)))})(?![a-z0-9])",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\b(?<company>PSA|BGS|CGC|SGC|TAG)\s*-?\s*(?<grade>10|[1-9](?:\.\d)?)(?![\d.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GradeMark();

    [GeneratedRegex(@"\b(PSA|BGS|CGC|SGC|TAG)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CompanyOnly();

    [GeneratedRegex(@"\b(\d{1,3})\s*/\s*\d{2,3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberMark();

    // "x3", "3x", "3 x", "lot of 3", "set of 3", "3 ct": whole words only, so "Astrox A 10" and years are not quantities.
    [GeneratedRegex(@"(?<![a-z0-9])(?:x\s?(\d{1,3})|(\d{1,3})\s?x|(?:lot|set) of (\d{1,3})|(\d{1,3}) (?:ct|count|copies))(?![a-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityMark();

    [GeneratedRegex(@"(?<![a-z0-9])(\d{1,3}) (?:booster )?packs?(?![a-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PackCount();

    [GeneratedRegex(@"(?<![a-z0-9])\d{1,4} (?:random |assorted )?cards(?![a-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex RandomCards();
}
