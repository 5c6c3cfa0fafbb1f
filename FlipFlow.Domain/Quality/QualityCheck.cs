namespace FlipFlow.Domain.Quality;

/// <summary>The nine checks of the data-quality page, in its order.</summary>
public enum QualityCheckKind
{
    SellerCoverage,
    SkuMapping,
    DataRuns,
    BulkLots,
    Duplicates,
    PriceOutliers,
    OtherGames,
    MissingUrls,
    StaleSources,
}

/// <summary>
/// What a check measured: <see cref="Count"/> things at fault out of <see cref="Total"/> looked at, the <see cref="Rate"/>
/// (in percent) its target is read against, and whether the target <see cref="Holds"/>.
/// </summary>
public sealed record QualityMeasure(int Count, int Total, decimal Rate, bool Holds);

/// <summary>One thing a check found, as text, with the console page that shows it (relative), if any.</summary>
public sealed record QualityExample(string Text, string? Link = null);

/// <summary>What a check offers to put right what it found.</summary>
public enum QualityRemedy
{
    /// <summary>Nothing FlipFlow can do by itself: the link says where it is put right.</summary>
    None,

    /// <summary>The listings found are left out of price figures, as one recorded fix that can be undone.</summary>
    ExcludeListings,

    /// <summary>The seller backfill job is run now.</summary>
    RunSellerBackfill,

    /// <summary>The market scan job is run now.</summary>
    ScanMarket,
}

/// <summary>Which checks a fix that leaves listings out of price figures serves.</summary>
public static class QualityChecks
{
    public static IReadOnlyList<QualityCheckKind> Excludable { get; } =
        [QualityCheckKind.BulkLots, QualityCheckKind.Duplicates, QualityCheckKind.PriceOutliers, QualityCheckKind.OtherGames];

    /// <summary>The excludable checks by name, as a refusal lists them: "BulkLots, Duplicates, PriceOutliers or OtherGames".</summary>
    public static string ExcludableNames => $"{string.Join(", ", Excludable.SkipLast(1))} or {Excludable[^1]}";
}

/// <summary>One check as the page, the API and <c>quality check</c> show it.</summary>
public sealed record QualityCheck(
    QualityCheckKind Kind,
    string Name,
    string Finding,
    string Target,
    QualityMeasure Measure,
    IReadOnlyList<QualityExample> Examples,
    QualityRemedy Remedy,
    string? Link);

/// <summary>
/// The quality targets and how a count is read against each: a share that must reach a line (seller coverage, runs that
/// succeeded), a share that must stay under one (unmapped SKUs), or nothing at all (duplicates, outliers…). A check with
/// nothing to look at holds.
/// </summary>
public static class QualityTargets
{
    public const decimal SellerCoveragePercent = 95m;
    public const decimal UnmappedSkuPercent = 5m;
    public const decimal RunSuccessPercent = 98m;
    public const int RunDays = 30;
    public const int StaleAfterDays = 2;

    /// <summary>At most this many examples are shown per check.</summary>
    public const int ExampleCount = 5;

    public static decimal Percent(int part, int whole) => whole == 0 ? 0m : Math.Round(100m * part / whole, 2);

    /// <summary><paramref name="good"/> of <paramref name="total"/> must be at least <paramref name="percent"/>%; the count is the rest.</summary>
    public static QualityMeasure AtLeast(int good, int total, decimal percent)
    {
        var rate = total == 0 ? 100m : Percent(good, total);
        return new QualityMeasure(total - good, total, rate, rate >= percent);
    }

    /// <summary><paramref name="bad"/> of <paramref name="total"/> must stay under <paramref name="percent"/>%.</summary>
    public static QualityMeasure Under(int bad, int total, decimal percent)
    {
        var rate = Percent(bad, total);
        return new QualityMeasure(bad, total, rate, rate < percent);
    }

    /// <summary>None of <paramref name="total"/> may be at fault.</summary>
    public static QualityMeasure NoneOf(int bad, int total) => new(bad, total, Percent(bad, total), bad == 0);
}
