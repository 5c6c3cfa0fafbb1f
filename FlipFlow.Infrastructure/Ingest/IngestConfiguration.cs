using FlipFlow.Domain.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Ingest;

internal sealed class IngestSessionConfiguration : IEntityTypeConfiguration<IngestSession>
{
    public void Configure(EntityTypeBuilder<IngestSession> builder)
    {
        builder.ToTable("IngestSessions");
        builder.Property(session => session.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(session => session.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(session => session.CreatedBy).HasMaxLength(256);
        builder.Property(session => session.FileName).HasMaxLength(IngestSession.FileNameMaxLength);
        builder.Ignore(session => session.Done);
    }
}

internal sealed class IngestItemConfiguration : IEntityTypeConfiguration<IngestItem>
{
    public void Configure(EntityTypeBuilder<IngestItem> builder)
    {
        builder.ToTable("IngestItems");
        builder.Property(item => item.Url).HasMaxLength(IngestItem.UrlMaxLength);
        builder.Property(item => item.CanonicalUrl).HasMaxLength(IngestItem.UrlMaxLength);
        builder.Property(item => item.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(item => item.Adapter).HasMaxLength(40);
        builder.Property(item => item.Found).HasMaxLength(200);
        builder.Property(item => item.Error).HasMaxLength(IngestItem.ErrorMaxLength);
        builder.Property(item => item.BackgroundJobId).HasMaxLength(100);
        builder.Ignore(item => item.HasEnded);
        builder.HasOne<IngestSession>().WithMany().HasForeignKey(item => item.SessionId).OnDelete(DeleteBehavior.Cascade);
        // A session's rows in list order, and filtered by status.
        builder.HasIndex(item => new { item.SessionId, item.Row });
        builder.HasIndex(item => new { item.SessionId, item.Status });
        // The imports of one listing, for its page.
        builder.HasIndex(item => item.MarketListingId);
    }
}

internal sealed class IngestPayloadConfiguration : IEntityTypeConfiguration<IngestPayload>
{
    public void Configure(EntityTypeBuilder<IngestPayload> builder)
    {
        builder.ToTable("IngestPayloads");
        builder.Property(payload => payload.Url).HasMaxLength(IngestItem.UrlMaxLength);
        builder.Property(payload => payload.MediaType).HasMaxLength(100);
        builder.HasOne<IngestItem>().WithMany().HasForeignKey(payload => payload.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(payload => payload.ItemId);
        // The cleanup deletes by age.
        builder.HasIndex(payload => payload.FetchedAt);
    }
}
