using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Products;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Listings;

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
        builder.HasIndex(listing => listing.ListedAt);
        builder.Property(listing => listing.ZombieDiagnosis).HasConversion<string>().HasMaxLength(30);
        builder.Property(listing => listing.ZombieReasons).HasMaxLength(500);
        // The zombie killer and the dashboard list zombies worst first.
        builder.HasIndex(listing => listing.ZombieScore);
    }
}

internal sealed class ListingEventConfiguration : IEntityTypeConfiguration<ListingEvent>
{
    public void Configure(EntityTypeBuilder<ListingEvent> builder)
    {
        builder.ToTable("ListingEvents");
        builder.Property(change => change.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(change => change.OldValue).HasMaxLength(100);
        builder.Property(change => change.NewValue).HasMaxLength(100);
        builder.Property(change => change.Amount).HasPrecision(18, 2);
        builder.Property(change => change.Currency).HasMaxLength(3);
        builder.HasOne<Listing>().WithMany().HasForeignKey(change => change.ListingId).OnDelete(DeleteBehavior.Cascade);
        // A listing's history; recent sales and revenue over a window.
        builder.HasIndex(change => new { change.ListingId, change.At });
        builder.HasIndex(change => new { change.Kind, change.At });
    }
}

internal sealed class ListingOfferConfiguration : IEntityTypeConfiguration<ListingOffer>
{
    public void Configure(EntityTypeBuilder<ListingOffer> builder)
    {
        builder.ToTable("ListingOffers");
        builder.Property(offer => offer.Price).HasPrecision(18, 2);
        builder.Property(offer => offer.Currency).HasMaxLength(3);
        builder.Property(offer => offer.DiscountPercent).HasPrecision(5, 2);
        builder.Property(offer => offer.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(offer => offer.RemoteId).HasMaxLength(100);
        builder.Property(offer => offer.Error).HasMaxLength(1000);
        builder.Property(offer => offer.SentBy).HasMaxLength(256);
        builder.HasOne<Listing>().WithMany().HasForeignKey(offer => offer.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(offer => new { offer.ListingId, offer.SentAt });
        builder.HasIndex(offer => offer.SentAt);
    }
}
