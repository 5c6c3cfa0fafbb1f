using FlipFlow.Domain.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Alerts;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("Alerts");
        builder.Property(alert => alert.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(alert => alert.Cause).HasMaxLength(Alert.CauseMaxLength);
        builder.Property(alert => alert.Title).HasMaxLength(Alert.TitleMaxLength);
        builder.Property(alert => alert.Detail).HasMaxLength(Alert.DetailMaxLength);
        builder.Property(alert => alert.Link).HasMaxLength(500);
        // "Once per cause per hour" reads a cause's latest alert.
        builder.HasIndex(alert => new { alert.Cause, alert.RaisedAt });
        builder.HasIndex(alert => alert.RaisedAt);
    }
}

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> builder)
    {
        builder.ToTable("AlertChannels");
        builder.Property(channel => channel.Name).HasMaxLength(AlertChannel.NameMaxLength);
        builder.Property(channel => channel.Url).HasMaxLength(AlertChannel.UrlMaxLength);
        builder.Property(channel => channel.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(channel => channel.CreatedBy).HasMaxLength(256);
        builder.HasIndex(channel => channel.Name).IsUnique();
    }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("AlertDeliveries");
        builder.Property(delivery => delivery.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(delivery => delivery.LastError).HasMaxLength(1000);
        builder.HasIndex(delivery => new { delivery.Status, delivery.NextAttemptAt });
        builder.HasIndex(delivery => delivery.AlertId);
        builder.HasOne<Alert>().WithMany().HasForeignKey(delivery => delivery.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AlertChannel>().WithMany().HasForeignKey(delivery => delivery.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
