using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Skus;

internal sealed class SkuMappingConfiguration : IEntityTypeConfiguration<SkuMapping>
{
    public void Configure(EntityTypeBuilder<SkuMapping> builder)
    {
        builder.ToTable("SkuMappings");
        builder.Property(mapping => mapping.Platform).HasConversion<string>().HasMaxLength(20);
        builder.Property(mapping => mapping.ExternalSku).HasMaxLength(SkuMapping.SkuMaxLength);
        builder.Property(mapping => mapping.Treatment).HasMaxLength(40);
        builder.Property(mapping => mapping.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(mapping => mapping.Reason).HasMaxLength(500);
        builder.Property(mapping => mapping.SampleTitle).HasMaxLength(300);
        builder.Property(mapping => mapping.CreatedBy).HasMaxLength(256);
        builder.Property(mapping => mapping.VerifiedBy).HasMaxLength(256);
        builder.Property(mapping => mapping.Notes).HasMaxLength(SkuMapping.NotesMaxLength);
        builder.Property(mapping => mapping.ResolverVersion).HasMaxLength(20);
        builder.HasIndex(mapping => new { mapping.Platform, mapping.ExternalSku }).IsUnique();
        builder.HasIndex(mapping => new { mapping.Status, mapping.Confidence });
        builder.HasOne<Card>().WithMany().HasForeignKey(mapping => mapping.CardId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Card>().WithMany().HasForeignKey(mapping => mapping.RunnerUpCardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SkuMappingDecisionConfiguration : IEntityTypeConfiguration<SkuMappingDecision>
{
    public void Configure(EntityTypeBuilder<SkuMappingDecision> builder)
    {
        builder.ToTable("SkuMappingDecisions");
        builder.Property(decision => decision.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(decision => decision.Treatment).HasMaxLength(40);
        builder.Property(decision => decision.DecidedBy).HasMaxLength(256);
        builder.Property(decision => decision.Notes).HasMaxLength(SkuMapping.NotesMaxLength);
        builder.HasOne<SkuMapping>().WithMany().HasForeignKey(decision => decision.MappingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Card>().WithMany().HasForeignKey(decision => decision.CardId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(decision => new { decision.MappingId, decision.DecidedAt });
    }
}
