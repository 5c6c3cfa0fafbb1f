using FlipFlow.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Catalog;

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> builder)
    {
        builder.ToTable("Cards");
        builder.Property(card => card.Set).HasMaxLength(CardLimits.Set);
        builder.Property(card => card.Number).HasMaxLength(CardLimits.Number);
        builder.Property(card => card.Name).HasMaxLength(CardLimits.Name);
        builder.Property(card => card.Rarity).HasMaxLength(CardLimits.Rarity);
        builder.Property(card => card.CardType).HasMaxLength(CardLimits.CardType);
        builder.HasIndex(card => new { card.Set, card.Number, card.Rarity }).IsUnique();
        builder.HasIndex(card => card.Name);
    }
}
