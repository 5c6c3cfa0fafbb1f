using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Inventory;

internal sealed class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> builder)
    {
        builder.ToTable("InventoryItems");
        builder.Property(item => item.Treatment).HasMaxLength(40);
        builder.Property(item => item.ListingId).HasMaxLength(InventoryItem.ListingIdMaxLength);
        builder.Property(item => item.Sku).HasMaxLength(SkuMapping.SkuMaxLength);
        builder.Property(item => item.Price).HasPrecision(18, 2);
        builder.Property(item => item.Currency).HasMaxLength(3);
        builder.Property(item => item.Notes).HasMaxLength(InventoryItem.NotesMaxLength);
        builder.HasIndex(item => new { item.SellerId, item.CardId, item.Treatment, item.ListingId }).IsUnique();
        builder.HasIndex(item => new { item.CardId, item.Treatment });
        builder.HasIndex(item => item.CreatedByImportId);
        builder.HasOne<Seller>().WithMany().HasForeignKey(item => item.SellerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Card>().WithMany().HasForeignKey(item => item.CardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InventorySnapshotConfiguration : IEntityTypeConfiguration<InventorySnapshot>
{
    public void Configure(EntityTypeBuilder<InventorySnapshot> builder)
    {
        builder.ToTable("InventorySnapshots");
        // Leads with the date: a day taken again, and days past retention, are deleted by date.
        builder.HasKey(snapshot => new { snapshot.Date, snapshot.SellerId, snapshot.CardId, snapshot.Treatment });
        builder.Property(snapshot => snapshot.Treatment).HasMaxLength(40);
        builder.Property(snapshot => snapshot.Currency).HasMaxLength(3);
        builder.Property(snapshot => snapshot.AveragePrice).HasPrecision(18, 2);
        builder.Property(snapshot => snapshot.LowestPrice).HasPrecision(18, 2);
        builder.Property(snapshot => snapshot.HighestPrice).HasPrecision(18, 2);
        // The viewer's card and seller filters over a range of days.
        builder.HasIndex(snapshot => new { snapshot.CardId, snapshot.Date });
        builder.HasIndex(snapshot => new { snapshot.SellerId, snapshot.Date });
        // The viewer's chart over the whole market: the units per day and treatment, read from the index alone.
        builder.HasIndex(snapshot => new { snapshot.Date, snapshot.Treatment, snapshot.Quantity });
        builder.HasOne<Seller>().WithMany().HasForeignKey(snapshot => snapshot.SellerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Card>().WithMany().HasForeignKey(snapshot => snapshot.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}
