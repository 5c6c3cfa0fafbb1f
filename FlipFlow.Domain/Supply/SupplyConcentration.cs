namespace FlipFlow.Domain.Supply;

/// <summary>How much of one card a seller has listed: one row of the market's supply.</summary>
public sealed record SellerSupply(long SellerId, string SellerName, int Quantity);

/// <summary>A seller's part of the supply: <paramref name="Share"/> is a percentage, 0 to 100, rounded to 1 decimal.</summary>
public sealed record SellerShare(long SellerId, string SellerName, int Quantity, double Share);

/// <summary>
/// How the supply of one card is spread across sellers: <paramref name="Hhi"/> runs from 0 (no sellers) to 10,000
/// (one seller), rounded to 1 decimal; <paramref name="Top"/> lists at most <see cref="SupplyConcentration.TopCount"/>
/// sellers, largest first.
/// </summary>
public sealed record Concentration(int Sellers, int TotalQuantity, double Hhi, ConcentrationLevel Level, IReadOnlyList<SellerShare> Top);

/// <summary>The band an HHI falls in, by the US DOJ/FTC 2010 Horizontal Merger Guidelines.</summary>
public enum ConcentrationLevel
{
    /// <summary>Nobody lists the card, so there is nothing to be concentrated.</summary>
    None,

    /// <summary>HHI below 1,500.</summary>
    Unconcentrated,

    /// <summary>HHI from 1,500 to 2,500, both included.</summary>
    ModeratelyConcentrated,

    /// <summary>HHI above 2,500.</summary>
    HighlyConcentrated,
}

/// <summary>
/// Measures how concentrated the supply of one card is, so a seller can tell a market that a few sellers hold (and
/// can move the price of) from one spread thin across many.
/// <para>
/// The measure is the Herfindahl–Hirschman index: HHI = Σ sᵢ², where sᵢ is seller i's share of the total listed
/// quantity in percent (0 to 100), so it runs from near 0 (many tiny sellers) to 10,000 (one seller). Its bands are
/// the US DOJ/FTC 2010 Horizontal Merger Guidelines' (section 5.3): below 1,500 unconcentrated, 1,500 to 2,500
/// moderately concentrated, above 2,500 highly concentrated. A well-known yardstick beats an invented one: the
/// numbers mean what they mean elsewhere.
/// </para>
/// <para>
/// Rows with a quantity of zero or less are dropped before anything else: a seller with none listed supplies nothing,
/// and a negative count is bad data, not a debt to set against the seller's other rows. The remaining rows of one
/// seller (by id) are added up, under the name on the seller's first such row, so a seller listing the card twice is
/// one seller with both lots, not two smaller sellers.
/// </para>
/// <para>
/// The HHI and the shares are worked out in exact integer arithmetic and rounded once to 1 decimal, halves up, so the
/// boundaries are exact (four equal sellers are 2,500, not 2,500.0000000001). The band is read from the rounded HHI,
/// so the figure shown and its label never disagree: 1,499.995 shows as 1,500.0 and is moderately concentrated.
/// Rounded shares need not add up to 100.
/// </para>
/// </summary>
public static class SupplyConcentration
{
    /// <summary>How many of the largest sellers <see cref="Concentration.Top"/> lists.</summary>
    public const int TopCount = 5;

    /// <summary>How the supply is spread.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="supply"/> or one of its rows is null.</exception>
    /// <exception cref="OverflowException">A seller's quantity or the total passes <see cref="int.MaxValue"/>.</exception>
    public static Concentration Of(IEnumerable<SellerSupply> supply)
    {
        ArgumentNullException.ThrowIfNull(supply);

        var sellers = new Dictionary<long, (string Name, long Quantity)>();
        foreach (var row in supply)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(supply));
            if (row.Quantity <= 0)
            {
                continue;
            }
            sellers[row.SellerId] = sellers.TryGetValue(row.SellerId, out var seen)
                ? (seen.Name, seen.Quantity + row.Quantity)
                : (row.SellerName, row.Quantity);
        }

        if (sellers.Count == 0)
        {
            return new Concentration(0, 0, 0, ConcentrationLevel.None, []);
        }

        var quantities = sellers
            .Select(seller => (Id: seller.Key, seller.Value.Name, Quantity: checked((int)seller.Value.Quantity)))
            .ToList();
        var total = checked((int)quantities.Sum(seller => (long)seller.Quantity));

        // HHI = Σ (100 qᵢ / T)² = 10,000 Σ qᵢ² / T²; in tenths, 100,000 Σ qᵢ² / T². T < 2³¹, so Σ qᵢ² ≤ T² < 2⁶², and
        // the numerator fits easily in 128 bits.
        Int128 sumOfSquares = 0;
        foreach (var seller in quantities)
        {
            sumOfSquares += (Int128)seller.Quantity * seller.Quantity;
        }
        var hhiTenths = (long)RoundHalfUp(100_000 * sumOfSquares, (Int128)total * total); // 0 to 100,000

        var top = quantities
            .OrderByDescending(seller => seller.Quantity)
            .ThenBy(seller => seller.Name, StringComparer.Ordinal)
            .ThenBy(seller => seller.Id)
            .Take(TopCount)
            .Select(seller => new SellerShare(seller.Id, seller.Name, seller.Quantity,
                (double)RoundHalfUp(1_000 * (Int128)seller.Quantity, total) / 10))
            .ToList();

        return new Concentration(quantities.Count, total, (double)hhiTenths / 10, LevelOf(hhiTenths), top);
    }

    /// <summary>Human text for a band, to follow an HHI figure: "no supply", "unconcentrated" and so on.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a defined band.</exception>
    public static string Label(ConcentrationLevel level) => level switch
    {
        ConcentrationLevel.None => "no supply",
        ConcentrationLevel.Unconcentrated => "unconcentrated",
        ConcentrationLevel.ModeratelyConcentrated => "moderately concentrated",
        ConcentrationLevel.HighlyConcentrated => "highly concentrated",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a concentration level."),
    };

    private static ConcentrationLevel LevelOf(long hhiTenths) => hhiTenths switch
    {
        < 15_000 => ConcentrationLevel.Unconcentrated,
        <= 25_000 => ConcentrationLevel.ModeratelyConcentrated,
        _ => ConcentrationLevel.HighlyConcentrated,
    };

    /// <summary>numerator / denominator to the nearest integer, halves up; both are non-negative, the denominator positive.</summary>
    private static Int128 RoundHalfUp(Int128 numerator, Int128 denominator) => (2 * numerator + denominator) / (2 * denominator);
}
