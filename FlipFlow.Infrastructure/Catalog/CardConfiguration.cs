using FlipFlow.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Catalog;

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> builder)
    {
        builder.ToTable("Cards");
        builder.Property(card => card.Set).HasMaxLength(100);
        builder.Property(card => card.Number).HasMaxLength(20);
        builder.Property(card => card.Name).HasMaxLength(200);
        builder.Property(card => card.Rarity).HasMaxLength(100);
        builder.Property(card => card.CardType).HasMaxLength(50);
        builder.HasIndex(card => new { card.Set, card.Number, card.Rarity }).IsUnique();
        builder.HasIndex(card => card.Name);
    }
}
