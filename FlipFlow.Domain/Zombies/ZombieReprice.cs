using System.Globalization;

namespace FlipFlow.Domain.Zombies;

/// <summary>
/// A reprice of zombies: each price down by <see cref="Percent"/> (above 0, at most 90), rounded to the cent
/// (halves away from zero), never below <see cref="Floor"/> (0 or more). A price already at or under the floor is
/// left alone: lowering it would raise it to the floor or push it further under.
/// </summary>
public sealed record ZombieReprice
{
    /// <exception cref="ArgumentException">See <see cref="Refusal"/>.</exception>
    public ZombieReprice(decimal percent, decimal floor)
    {
        if (Refusal(percent, floor) is { } refusal)
        {
            throw new ArgumentException(refusal);
        }
        Percent = percent;
        Floor = floor;
    }

    public decimal Percent { get; }

    public decimal Floor { get; }

    /// <summary>Why these figures make no reprice, in words for the seller; null when they do.</summary>
    public static string? Refusal(decimal percent, decimal floor) => PercentProblem(percent) ?? FloorProblem(floor);

    /// <summary>Why <paramref name="percent"/> makes no reprice (not above 0 and at most 90); null when it does.</summary>
    public static string? PercentProblem(decimal percent) =>
        percent is <= 0m or > 90m ? $"The percentage must be above 0 and at most 90, not {percent.ToString(CultureInfo.InvariantCulture)}." : null;

    /// <summary>Why <paramref name="floor"/> makes no reprice (it is negative); null when it does.</summary>
    public static string? FloorProblem(decimal floor) => floor < 0m ? "The floor cannot be negative." : null;

    /// <summary>The new price for <paramref name="price"/>; null when it is already at or under the floor and stays as it is.</summary>
    public decimal? PriceFor(decimal price) =>
        price <= Floor ? null : Math.Max(Floor, Math.Round(price * (100m - Percent) / 100m, 2, MidpointRounding.AwayFromZero));
}
