using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Marketplaces;

internal sealed class MarketplaceConnectionConfiguration : IEntityTypeConfiguration<MarketplaceConnection>
{
    public void Configure(EntityTypeBuilder<MarketplaceConnection> builder)
    {
        builder.ToTable("MarketplaceConnections");
        builder.HasKey(connection => connection.Marketplace);
        builder.Property(connection => connection.Marketplace).HasConversion<string>().HasMaxLength(20);
        builder.Property(connection => connection.Settings).HasJsonConversion();
        builder.Property(connection => connection.LastError).HasMaxLength(1000);
        builder.Property(connection => connection.UpdatedBy).HasMaxLength(256);
    }
}
