using FlipFlow.Domain.Quality;

namespace FlipFlow.Domain.Alerts;

/// <summary>
/// The data's health an import is followed by: an alert when under <see cref="SellerCoverageAlertPercent"/>% of the
/// market's listings have a seller, or over <see cref="UnmappedAlertPercent"/>% of the SKUs seen have no card (none was
/// proposed, or an operator rejected the proposal). Nothing to measure (no listings, no SKUs) is healthy.
/// </summary>
public static class DataHealth
{
    public const decimal SellerCoverageAlertPercent = 90m;
    public const decimal UnmappedAlertPercent = 5m;

    public static bool CoverageLow(int linked, int listings) => listings > 0 && QualityTargets.Percent(linked, listings) < SellerCoverageAlertPercent;

    public static bool UnmappedHigh(int unmapped, int skus) => skus > 0 && QualityTargets.Percent(unmapped, skus) > UnmappedAlertPercent;
}
