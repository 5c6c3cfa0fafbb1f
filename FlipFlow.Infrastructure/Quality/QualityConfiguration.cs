using FlipFlow.Domain.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Quality;

internal sealed class QualityFixConfiguration : IEntityTypeConfiguration<QualityFix>
{
    public void Configure(EntityTypeBuilder<QualityFix> builder)
    {
        builder.ToTable("QualityFixes");
        builder.Property(fix => fix.Check).HasConversion<string>().HasMaxLength(30);
        builder.Property(fix => fix.AppliedBy).HasMaxLength(256);
        builder.Property(fix => fix.UndoneBy).HasMaxLength(256);
    }
}
