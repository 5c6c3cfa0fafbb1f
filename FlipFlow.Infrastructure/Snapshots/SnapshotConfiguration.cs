using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Snapshots;

internal sealed class ListingSnapshotConfiguration : IEntityTypeConfiguration<ListingSnapshot>
{
    public void Configure(EntityTypeBuilder<ListingSnapshot> builder)
    {
        builder.ToTable("ListingSnapshots");
        builder.HasKey(snapshot => new { snapshot.ListingId, snapshot.Date });
        builder.Property(snapshot => snapshot.Price).HasPrecision(18, 2);
        builder.Property(snapshot => snapshot.Currency).HasMaxLength(3);
        builder.Property(snapshot => snapshot.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Listing>().WithMany().HasForeignKey(snapshot => snapshot.ListingId).OnDelete(DeleteBehavior.Cascade);
        // A day collected again is deleted by date before it is written.
        builder.HasIndex(snapshot => snapshot.Date);
    }
}

internal sealed class DailyListingTotalsConfiguration : IEntityTypeConfiguration<DailyListingTotals>
{
    public void Configure(EntityTypeBuilder<DailyListingTotals> builder)
    {
        builder.ToTable("DailyListingTotals");
        builder.HasKey(totals => new { totals.Date, totals.Marketplace, totals.Currency });
        builder.Property(totals => totals.Marketplace).HasConversion<string>().HasMaxLength(20);
        builder.Property(totals => totals.Currency).HasMaxLength(3);
        builder.Property(totals => totals.Revenue).HasPrecision(18, 2);
        builder.Property(totals => totals.ListedValue).HasPrecision(18, 2);
    }
}
