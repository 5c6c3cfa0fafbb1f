using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Skus;

/// <summary>
/// Which SKU mappings a list shows: a platform, a status, and a confidence range whose bounds are inclusive, each from 0
/// to 1. Any part left out does not filter.
/// </summary>
public sealed record SkuMappingFilter(
    MarketPlatform? Platform = null,
    SkuMappingStatus? Status = null,
    double? MinConfidence = null,
    double? MaxConfidence = null)
{
    public const string MinField = "minConfidence";
    public const string MaxField = "maxConfidence";

    /// <summary>What is wrong with the confidence range, by the field at fault; empty when the filter can be used.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string Field, string Message)>();
        if (MinConfidence is { } min && !InRange(min))
        {
            problems.Add((MinField, $"The lowest confidence is {Show(min)}; give a number from 0 to 1."));
        }
        if (MaxConfidence is { } max && !InRange(max))
        {
            problems.Add((MaxField, $"The highest confidence is {Show(max)}; give a number from 0 to 1."));
        }
        if (problems.Count == 0 && MinConfidence > MaxConfidence)
        {
            problems.Add((MinField, $"The lowest confidence, {Show(MinConfidence!.Value)}, is above the highest, {Show(MaxConfidence!.Value)}."));
        }
        return problems;
    }

    private static bool InRange(double confidence) => confidence is >= 0 and <= 1;

    private static string Show(double confidence) => confidence.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
