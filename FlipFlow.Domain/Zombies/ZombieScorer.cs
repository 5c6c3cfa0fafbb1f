using System.Globalization;

namespace FlipFlow.Domain.Zombies;

/// <summary>
/// Judges whether a live listing is a zombie: live for weeks with no sales and few views. Checks in order, the
/// first that applies decides: snoozed (until an instant after now), too young (under
/// <see cref="ZombieRules.GraceDays"/>), sold recently (within <see cref="ZombieRules.NoSaleDays"/>), healthy
/// (under <see cref="ZombieRules.MinimumDaysListed"/> or over <see cref="ZombieRules.MaximumViews"/>), else zombie.
/// <para>
/// Days are whole UTC calendar days: the number of UTC midnights between the two instants, so a daily run gives
/// the same answer at any hour.
/// </para>
/// <para>
/// A listing with no views data can still be a zombie. Live for at least <see cref="ZombieRules.MinimumDaysListed"/>
/// days without a sale is the heart of the rule; views only spare a listing that people visit, and without the
/// figure nothing shows it is visited. Its reasons say "views: no data", so the seller sees what it was judged on.
/// </para>
/// <para>
/// The score (0 to 100, higher is deader) adds three parts, each never lower for an older listing, fewer views or
/// fewer watchers, then rounds to the nearest integer (halves up):
/// <list type="bullet">
/// <item>age, 0 to 40: 40 × (days listed − MinimumDaysListed) / MinimumDaysListed, capped at 40, so 0 at the
/// threshold and 40 at twice it and beyond;</item>
/// <item>views, 0 to 40: 40 × (MaximumViews − views) / MaximumViews, so 40 at no views and 0 at the threshold
/// (40 when MaximumViews is 0); no data counts 20, half, as a missing figure should neither damn nor spare;</item>
/// <item>watchers, 0 or 20: 20 with no watchers, 0 with any; no data counts 10.</item>
/// </list>
/// Price plays no part: with nothing to compare it against, a figure cannot say dear from cheap.
/// </para>
/// </summary>
public sealed class ZombieScorer
{
    private const double AgePoints = 40;
    private const double ViewPoints = 40;
    private const double WatcherPoints = 20;

    private readonly ZombieRules _rules;

    /// <summary>Judges by <paramref name="rules"/>, or by the defaults when null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold makes no sense.</exception>
    public ZombieScorer(ZombieRules? rules = null)
    {
        // A copy, so that changing the options object later cannot slip an unchecked threshold in.
        _rules = rules?.Copy() ?? new ZombieRules();
        _rules.Validate();
    }

    public ZombieVerdict Judge(ListingFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = facts.ListingId;

        if (facts.SnoozedUntil is { } snoozedUntil && snoozedUntil > now)
        {
            return ZombieVerdict.Spared(id, ZombieOutcome.Snoozed,
                string.Create(CultureInfo.InvariantCulture, $"snoozed until {snoozedUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        }

        // A listing dated after now (clock skew) counts as new, not as a negative age.
        var daysListed = Math.Max(0, DaysBetween(facts.ListedAt, now));
        if (daysListed < _rules.GraceDays)
        {
            return ZombieVerdict.Spared(id, ZombieOutcome.TooYoung,
                $"{Listed(daysListed)} (too young to judge: under {Count(_rules.GraceDays, "day")})");
        }

        if (facts.LastSaleAt is { } lastSaleAt && DaysBetween(lastSaleAt, now) is var daysSinceSale && daysSinceSale < _rules.NoSaleDays)
        {
            var sold = daysSinceSale <= 0 ? "sold today" : $"sold {Count(daysSinceSale, "day")} ago";
            return ZombieVerdict.Spared(id, ZombieOutcome.SoldRecently, $"{sold} (within {Count(_rules.NoSaleDays, "day")})");
        }

        var spared = new List<string>(2);
        if (daysListed < _rules.MinimumDaysListed)
        {
            spared.Add($"{Listed(daysListed)} (under {Count(_rules.MinimumDaysListed, "day")})");
        }
        if (facts.ViewsLast30Days is { } manyViews && manyViews > _rules.MaximumViews)
        {
            spared.Add($"{Count(manyViews, "view")} in 30 days (over {Number(_rules.MaximumViews)})");
        }
        if (spared.Count > 0)
        {
            return ZombieVerdict.Spared(id, ZombieOutcome.Healthy, string.Join(", ", spared));
        }

        var reasons = string.Join(", ",
            Listed(daysListed),
            Figure(facts.ViewsLast30Days, "view", "views", " in 30 days"),
            Figure(facts.Watchers, "watcher", "watchers", ""),
            Figure(facts.ImpressionsLast30Days, "impression", "impressions", " in 30 days"));
        return ZombieVerdict.Zombie(id, Score(daysListed, facts), Diagnose(facts), reasons);
    }

    private int Score(int daysListed, ListingFacts facts)
    {
        var age = AgePoints * Math.Min(1.0, (double)(daysListed - _rules.MinimumDaysListed) / _rules.MinimumDaysListed);
        var views = facts.ViewsLast30Days switch
        {
            null => ViewPoints / 2,
            _ when _rules.MaximumViews == 0 => ViewPoints,
            { } count => ViewPoints * Math.Clamp((double)(_rules.MaximumViews - count) / _rules.MaximumViews, 0.0, 1.0),
        };
        var watchers = facts.Watchers switch
        {
            null => WatcherPoints / 2,
            <= 0 => WatcherPoints,
            _ => 0.0,
        };
        return (int)Math.Clamp(Math.Round(age + views + watchers, MidpointRounding.AwayFromZero), 0, 100);
    }

    private ZombieDiagnosis Diagnose(ListingFacts facts)
    {
        if (facts.Watchers > 0)
        {
            return ZombieDiagnosis.WatchedNotBought;
        }
        if (facts.ImpressionsLast30Days is not { } impressions)
        {
            return ZombieDiagnosis.OldAndUnsold;
        }
        if (impressions <= _rules.FewImpressions)
        {
            return ZombieDiagnosis.BarelyShown;
        }
        // views / impressions < rate, multiplied out so that the edge is exact.
        return facts.ViewsLast30Days is { } views && views < _rules.LowClickThrough * impressions
            ? ZombieDiagnosis.SeenNotClicked
            : ZombieDiagnosis.OldAndUnsold;
    }

    private static int DaysBetween(DateTimeOffset earlier, DateTimeOffset later) =>
        (later.UtcDateTime.Date - earlier.UtcDateTime.Date).Days;

    private static string Listed(int days) => $"listed {Count(days, "day")}";

    private static string Figure(int? value, string one, string many, string window) =>
        value is { } count ? $"{Count(count, one, many)}{window}" : $"{many}: no data";

    private static string Count(int count, string one, string? many = null) =>
        $"{Number(count)} {(count == 1 ? one : many ?? one + "s")}";

    // Plain digits, no grouping, whatever the server's culture.
    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
