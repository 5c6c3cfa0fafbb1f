using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Sellers;

internal sealed class SellerConfiguration : IEntityTypeConfiguration<Seller>
{
    public void Configure(EntityTypeBuilder<Seller> builder)
    {
        builder.ToTable("Sellers");
        builder.Property(seller => seller.Platform).HasConversion<string>().HasMaxLength(20);
        builder.Property(seller => seller.PlatformSellerId).HasMaxLength(SellerIdentityRule.MaxLength);
        builder.Property(seller => seller.DisplayName).HasMaxLength(SellerRules.DisplayNameMaxLength);
        builder.Property(seller => seller.FeedbackPercent).HasPrecision(5, 2);
        builder.Property(seller => seller.Notes).HasMaxLength(SellerRules.NotesMaxLength);
        builder.Property(seller => seller.Metadata).HasJsonConversion();
        builder.HasIndex(seller => new { seller.Platform, seller.PlatformSellerId }).IsUnique();
        builder.HasIndex(seller => seller.MergedIntoId);
        builder.HasOne<Seller>().WithMany().HasForeignKey(seller => seller.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SellerMergeConfiguration : IEntityTypeConfiguration<SellerMerge>
{
    public void Configure(EntityTypeBuilder<SellerMerge> builder)
    {
        builder.ToTable("SellerMerges");
        builder.Property(merge => merge.MergedBy).HasMaxLength(256);
        builder.Property(merge => merge.UndoneBy).HasMaxLength(256);
        builder.HasOne<Seller>().WithMany().HasForeignKey(merge => merge.TargetSellerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(merge => merge.Sources).WithOne().HasForeignKey(source => source.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(merge => merge.TargetSellerId);
    }
}

internal sealed class SellerMergeSourceConfiguration : IEntityTypeConfiguration<SellerMergeSource>
{
    public void Configure(EntityTypeBuilder<SellerMergeSource> builder)
    {
        builder.ToTable("SellerMergeSources");
        builder.HasKey(source => new { source.MergeId, source.SellerId });
        builder.HasOne<Seller>().WithMany().HasForeignKey(source => source.SellerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(source => source.SellerId);
    }
}

internal sealed class SellerMergeMoveConfiguration : IEntityTypeConfiguration<SellerMergeMove>
{
    public void Configure(EntityTypeBuilder<SellerMergeMove> builder)
    {
        builder.ToTable("SellerMergeMoves");
        builder.Property(move => move.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<SellerMerge>().WithMany().HasForeignKey(move => move.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(move => new { move.MergeId, move.Kind, move.RowId }).IsUnique();
    }
}
