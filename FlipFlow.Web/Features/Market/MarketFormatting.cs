using System.Globalization;
using FlipFlow.Domain.Market;

namespace FlipFlow.Web.Features.Market;

/// <summary>How the Scanner and Cards pages write their figures.</summary>
public static class MarketFormatting
{
    public static string Money(decimal? amount, string currency) =>
        amount is { } value ? $"{value.ToString("N2", CultureInfo.InvariantCulture)} {currency}" : "—";

    public static string Rate(decimal? rate) => rate is { } value ? value.ToString("P0", CultureInfo.InvariantCulture) : "—";

    public static string Trend(PriceTrend? trend) =>
        trend is null ? "—" : $"{trend.Change.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture)}{(trend.Flagged ? (trend.Change > 0 ? " ▲" : " ▼") : "")}";

    public static string TrendTitle(PriceTrend? trend, string currency) => trend is null
        ? $"No sale in the first or the last {ScannerRules.TrendEdgeDays} days of the last {ScannerRules.TrendDays}."
        : $"Average sale {Money(trend.FirstAverage, currency)} in the first {ScannerRules.TrendEdgeDays} days of the last {ScannerRules.TrendDays}, " +
          $"{Money(trend.LastAverage, currency)} in the last {ScannerRules.TrendEdgeDays}" +
          (trend.Flagged ? $": a move of {ScannerRules.TrendThreshold:P0} or more." : ".");

    public static string Day(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    public static string Platform(MarketPlatform platform) => platform switch
    {
        MarketPlatform.Ebay => "eBay",
        MarketPlatform.ShootStrayt => "ShootStrayt",
        _ => platform.ToString(),
    };
}
