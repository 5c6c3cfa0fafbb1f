namespace FlipFlow.Domain.Ingest;

/// <summary>
/// Whether a listing's new price is a change worth recording and telling about: one of at least the threshold's share
/// of the old price, up or down (|new − old| ≥ threshold% × |old|). So a 5% threshold lets a 20.00 to 19.00 drop pass and
/// ignores 20.00 to 19.01. Equal prices never pass; from an old price of 0 any change passes, as no share of 0 measures it.
/// The comparison is exact in decimal: no rounding decides a case at the threshold.
/// </summary>
public static class PriceChangeRule
{
    public static bool Passes(decimal oldPrice, decimal newPrice, decimal thresholdPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdPercent);
        if (newPrice == oldPrice)
        {
            return false;
        }
        return oldPrice == 0 || Math.Abs(newPrice - oldPrice) * 100 >= thresholdPercent * Math.Abs(oldPrice);
    }

    /// <summary>
    /// The change as a percentage of the old price, signed (a drop is negative), rounded to two places, halves away from
    /// zero: 20.00 to 19.00 is −5.00. Null from an old price of 0 to another, which no percentage measures; 0 when equal.
    /// </summary>
    public static decimal? ChangePercent(decimal oldPrice, decimal newPrice)
    {
        if (newPrice == oldPrice)
        {
            return 0m;
        }
        return oldPrice == 0 ? null : Math.Round((newPrice - oldPrice) * 100 / Math.Abs(oldPrice), 2, MidpointRounding.AwayFromZero);
    }
}
