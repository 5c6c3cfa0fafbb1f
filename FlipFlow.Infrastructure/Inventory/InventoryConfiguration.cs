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
