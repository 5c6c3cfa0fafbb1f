using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Listings;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.Property(product => product.Sku).HasMaxLength(100);
        builder.HasIndex(product => product.Sku).IsUnique();
        builder.Property(product => product.Title).HasMaxLength(300);
        builder.Property(product => product.Condition).HasConversion<string>().HasMaxLength(20);
        builder.Property(product => product.Price).HasPrecision(18, 2);
        builder.Property(product => product.Currency).HasMaxLength(3);
        builder.Property(product => product.ItemSpecifics).HasJsonConversion();
        builder.HasIndex(product => product.Title);
    }
}

internal sealed class ListingConfiguration : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> builder)
    {
        builder.ToTable("Listings");
        builder.Property(listing => listing.Marketplace).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.RemoteId).HasMaxLength(100);
        builder.Property(listing => listing.Url).HasMaxLength(500);
        builder.Property(listing => listing.Price).HasPrecision(18, 2);
        builder.Property(listing => listing.Currency).HasMaxLength(3);
        builder.HasOne(listing => listing.Product).WithMany().HasForeignKey(listing => listing.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(listing => listing.ReplacesListingId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(listing => listing.IsLive);
        builder.HasIndex(listing => new { listing.Marketplace, listing.RemoteId });
        builder.HasIndex(listing => new { listing.ProductId, listing.Marketplace, listing.Status });
        builder.HasIndex(listing => new { listing.Status, listing.Marketplace });
    }
}
