using System.Globalization;
using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>After an import: raises an alert when seller coverage or unmapped SKUs cross <see cref="DataHealth"/>'s lines.</summary>
public sealed class DataHealthAlerts(IDbContextFactory<FlipFlowDbContext> contexts, SellerBackfill backfill, IAlerts alerts)
{
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        var coverage = await backfill.CoverageAsync(cancellationToken);
        var (linked, listings) = (coverage.Sum(platform => platform.Linked), coverage.Sum(platform => platform.Listings));
        if (DataHealth.CoverageLow(linked, listings))
        {
            await alerts.RaiseAsync(AlertKind.SellerCoverageLow, "quality:seller-coverage",
                string.Create(CultureInfo.InvariantCulture, $"Seller coverage is {QualityTargets.Percent(linked, listings):0.##}%, under {DataHealth.SellerCoverageAlertPercent}%"),
                string.Create(CultureInfo.InvariantCulture, $"{listings - linked:N0} of {listings:N0} market listings have no seller; run the seller backfill."),
                "sellers", cancellationToken);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await SkuMappingCounts.ReadAsync(db, cancellationToken);
        var (unmapped, skus) = (counts.Unmapped, counts.Total);
        if (DataHealth.UnmappedHigh(unmapped, skus))
        {
            await alerts.RaiseAsync(AlertKind.UnmappedSkusHigh, "quality:unmapped-skus",
                string.Create(CultureInfo.InvariantCulture, $"{QualityTargets.Percent(unmapped, skus):0.##}% of SKUs have no card, over {DataHealth.UnmappedAlertPercent}%"),
                string.Create(CultureInfo.InvariantCulture, $"{unmapped:N0} of {skus:N0} SKUs have no card; map them in SKU review."), "sku-review", cancellationToken);
        }
    }
}
