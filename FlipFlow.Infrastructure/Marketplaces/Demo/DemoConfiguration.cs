using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

internal sealed class DemoListingConfiguration : IEntityTypeConfiguration<DemoListing>
{
    public void Configure(EntityTypeBuilder<DemoListing> builder)
    {
        builder.ToTable("DemoListings");
        builder.Property(listing => listing.Sku).HasMaxLength(100);
        builder.Property(listing => listing.Title).HasMaxLength(300);
        builder.Property(listing => listing.Price).HasPrecision(18, 2);
        builder.Property(listing => listing.Currency).HasMaxLength(3);
        builder.Property(listing => listing.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(listing => listing.IdempotencyKey).HasMaxLength(100);
        builder.Ignore(listing => listing.RemoteId);
        builder.HasIndex(listing => listing.IdempotencyKey).IsUnique();
        builder.HasIndex(listing => new { listing.Sku, listing.Status });
        builder.HasIndex(listing => new { listing.Status, listing.ActivityUntil });
    }
}

internal sealed class DemoImageConfiguration : IEntityTypeConfiguration<DemoImage>
{
    public void Configure(EntityTypeBuilder<DemoImage> builder)
    {
        builder.ToTable("DemoImages");
        builder.Property(image => image.IdempotencyKey).HasMaxLength(100);
        builder.Property(image => image.SourceUrl).HasMaxLength(1000);
        builder.HasIndex(image => image.IdempotencyKey).IsUnique();
    }
}
