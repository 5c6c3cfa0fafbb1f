using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Market;

internal sealed class MarketListingConfiguration : IEntityTypeConfiguration<MarketListing>
{
    public void Configure(EntityTypeBuilder<MarketListing> builder)
    {
        builder.ToTable("MarketListings");
        builder.Property(listing => listing.Platform).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.ExternalId).HasMaxLength(200);
        builder.Property(listing => listing.Url).HasMaxLength(1000);
        builder.Property(listing => listing.Title).HasMaxLength(500);
        builder.Property(listing => listing.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.Price).HasPrecision(18, 2);
        builder.Property(listing => listing.Shipping).HasPrecision(18, 2);
        builder.Property(listing => listing.Currency).HasMaxLength(3);
        builder.Property(listing => listing.SellerText).HasMaxLength(500);
        builder.Property(listing => listing.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.Treatment).HasMaxLength(40);
        builder.Property(listing => listing.Grading).HasMaxLength(20);
        builder.Property(listing => listing.ProductType).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.ProductSubtype).HasMaxLength(50);
        builder.Property(listing => listing.Condition).HasMaxLength(MarketListing.ConditionMaxLength);
        builder.Property(listing => listing.ImageUrls).HasMaxLength(MarketListing.ImageUrlsMaxLength);
        builder.HasOne(listing => listing.Card).WithMany().HasForeignKey(listing => listing.CardId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(listing => new { listing.Platform, listing.ExternalId }).IsUnique();
        // SellerId names a row of Sellers, which are never deleted (a merged seller stays, inactive). It has no foreign key: on SQLite adding
        // one would rebuild this table, the largest there is, outside a transaction.
        // A seller's listings and figures, and the listings the seller backfill has still to link.
        builder.HasIndex(listing => new { listing.SellerId, listing.Status, listing.SoldAt });
        // A card's listings and figures.
        builder.HasIndex(listing => new { listing.CardId, listing.Treatment, listing.Status });
        // The scanner reads the actives and the window's sales from this index alone, and supply velocity the sales: every column
        // their reads use is in it.
        builder.HasIndex(listing => new
        {
            listing.Status, listing.SoldAt, listing.IsBulkLot, listing.ExcludedByFixId, listing.CardId, listing.Treatment, listing.Currency,
            listing.ProductType, listing.ProductSubtype, listing.Platform, listing.SellerId, listing.Price, listing.FirstSeenAt,
        }).HasDatabaseName("IX_MarketListings_Scanner");
        // Ending what a source no longer lists reads that source's actives.
        builder.HasIndex(listing => new { listing.Source, listing.Status });
    }
}

internal sealed class MarketListingEventConfiguration : IEntityTypeConfiguration<MarketListingEvent>
{
    public void Configure(EntityTypeBuilder<MarketListingEvent> builder)
    {
        builder.ToTable("MarketListingEvents");
        builder.Property(change => change.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(change => change.OldValue).HasMaxLength(100);
        builder.Property(change => change.NewValue).HasMaxLength(100);
        builder.HasOne<MarketListing>().WithMany().HasForeignKey(change => change.MarketListingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(change => new { change.MarketListingId, change.At });
    }
}

internal sealed class MarketImportConfiguration : IEntityTypeConfiguration<MarketImport>
{
    public void Configure(EntityTypeBuilder<MarketImport> builder)
    {
        builder.ToTable("MarketImports");
        builder.Property(import => import.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(import => import.ErrorText).HasMaxLength(4000);
        builder.HasIndex(import => new { import.Source, import.StartedAt });
    }
}

internal sealed class MarketSourceConnectionConfiguration : IEntityTypeConfiguration<MarketSourceConnection>
{
    public void Configure(EntityTypeBuilder<MarketSourceConnection> builder)
    {
        builder.ToTable("MarketSourceConnections");
        builder.HasKey(connection => connection.Source);
        builder.Property(connection => connection.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(connection => connection.Settings).HasJsonConversion();
        builder.Property(connection => connection.AccessNote).HasMaxLength(500);
        builder.Property(connection => connection.LastError).HasMaxLength(1000);
        builder.Property(connection => connection.UpdatedBy).HasMaxLength(256);
    }
}
