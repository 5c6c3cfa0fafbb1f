using FlipFlow.Domain.Catalog;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>
/// The SKUs the demo's sellers give their items, as real sellers write them: most FlipFlow's own <c>WOTF-EX-143-CF-NM</c>,
/// every eighth seller ShootStrayt's <c>WOTF-EXISTENCE-143-RAR-CF</c>, and every eighth another the shelf and bin the card
/// sits in, which names no card. Treatments without a SKU code (proofs, errata) leave it out, so the resolver sends those
/// to review.
/// </summary>
internal static class DemoSkus
{
    private static readonly Dictionary<string, string> Codes = new(StringComparer.Ordinal)
    {
        [Treatments.ClassicPaper] = "CP", [Treatments.ClassicFoil] = "CF", [Treatments.FormlessFoil] = "FF", [Treatments.OcmSerialized] = "OCM",
        [Treatments.Stonefoil] = "SF", [Treatments.Prerelease] = "PR", [Treatments.Promo] = "PRO",
    };

    private static readonly Dictionary<string, string> Rarities = new(StringComparer.Ordinal)
    {
        ["Common"] = "COM", ["Uncommon"] = "UNC", ["Rare"] = "RAR", ["Epic"] = "EPC", ["Mythic"] = "MYT", ["Secret Mythic"] = "SEC",
    };

    /// <summary>The SKU of a seller's item: by the seller's place among <paramref name="sellers"/>, the card, its treatment and listing.</summary>
    public static Func<long, int, string, string, string> For(IReadOnlyList<long> sellers, IReadOnlyDictionary<int, Card> cards)
    {
        var place = sellers.Select((seller, index) => (seller, index)).ToDictionary(pair => pair.seller, pair => pair.index);
        return (seller, cardId, treatment, listing) =>
        {
            var card = cards[cardId];
            var number = card.Number.Split('/')[0];
            var altArt = treatment.EndsWith(Treatments.AltArtSuffix, StringComparison.Ordinal);
            var code = Codes.GetValueOrDefault(altArt ? treatment[..^Treatments.AltArtSuffix.Length] : treatment);
            var parts = (place[seller] % 8) switch
            {
                7 => ["SHELF", (place[seller] % 5 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "BIN", listing[^4..]],
                6 => ["WOTF", "EXISTENCE", number, Rarities.GetValueOrDefault(card.Rarity), code, altArt ? "AA" : null],
                _ => new[] { "WOTF", "EX", number, code, altArt ? "AA" : null, "NM" },
            };
            return string.Join('-', parts.OfType<string>());
        };
    }
}
