namespace FlipFlow.Domain.Zombies;

/// <summary>
/// The thresholds that make a live listing a zombie, bound from the <c>Zombies</c> section of the
/// configuration. A listing is a zombie when it has been listed at least <see cref="MinimumDaysListed"/>,
/// had at most <see cref="MaximumViews"/> views in the last 30 days and no sale in <see cref="NoSaleDays"/>;
/// one younger than <see cref="GraceDays"/>, sold within <see cref="NoSaleDays"/> or snoozed is never judged.
/// <see cref="FewImpressions"/> and <see cref="LowClickThrough"/> only choose a zombie's
/// <see cref="ZombieDiagnosis"/>. All day counts are whole UTC calendar days.
/// </summary>
public sealed class ZombieRules
{
    public const string SectionName = "Zombies";

    /// <summary>Listed at least this many days (default 60).</summary>
    public int MinimumDaysListed { get; set; } = 60;

    /// <summary>At most this many views in the last 30 days (default 10).</summary>
    public int MaximumViews { get; set; } = 10;

    /// <summary>
    /// No sale in this many days (default 60): a last sale fewer days ago spares the listing; one exactly this
    /// many days ago does not.
    /// </summary>
    public int NoSaleDays { get; set; } = 60;

    /// <summary>A listing younger than this many days is never judged, whatever its figures (default 14).</summary>
    public int GraceDays { get; set; } = 14;

    /// <summary>
    /// At most this many impressions in the last 30 days is "barely shown in search" (default 100). Marketplaces
    /// show a listing that search finds hundreds or thousands of times a month; a hundred is next to invisible.
    /// </summary>
    public int FewImpressions { get; set; } = 100;

    /// <summary>
    /// Views per impression below this is "seen but not clicked" (default 0.01, that is 1%, about the lower end
    /// of a typical marketplace click-through). At or above it, people do click, so the listing is merely old
    /// and unsold.
    /// </summary>
    public decimal LowClickThrough { get; set; } = 0.01m;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first threshold that makes no sense.</summary>
    public void Validate()
    {
        // The age score is scaled by MinimumDaysListed, so it cannot be 0; 0 elsewhere merely switches a rule off.
        Require(MinimumDaysListed >= 1, MinimumDaysListed, nameof(MinimumDaysListed), "at least 1 day");
        Require(MaximumViews >= 0, MaximumViews, nameof(MaximumViews), "0 or more");
        Require(NoSaleDays >= 0, NoSaleDays, nameof(NoSaleDays), "0 or more");
        Require(GraceDays >= 0, GraceDays, nameof(GraceDays), "0 or more");
        Require(FewImpressions >= 0, FewImpressions, nameof(FewImpressions), "0 or more");
        Require(LowClickThrough is >= 0m and <= 1m, LowClickThrough, nameof(LowClickThrough), "between 0 and 1");
    }

    internal ZombieRules Copy() => (ZombieRules)MemberwiseClone();

    private static void Require<T>(bool holds, T value, string name, string expected)
    {
        if (!holds)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{SectionName}:{name} must be {expected}.");
        }
    }
}
