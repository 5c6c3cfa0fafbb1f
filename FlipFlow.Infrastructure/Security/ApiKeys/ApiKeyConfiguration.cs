using FlipFlow.Domain.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Security.ApiKeys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(key => key.Name).HasMaxLength(ApiKeyRules.MaxNameLength);
        builder.Property(key => key.Prefix).HasMaxLength(ApiKeyMaterial.PrefixLength);
        // Every API call finds its key by prefix.
        builder.HasIndex(key => key.Prefix).IsUnique();
        builder.Property(key => key.SecretHash).HasMaxLength(64);
        builder.Property(key => key.Role).HasMaxLength(20);
        // A user's email (Identity allows 256) or the CLI's name for whoever ran it.
        builder.Property(key => key.CreatedBy).HasMaxLength(256);
        builder.Property(key => key.RevokedBy).HasMaxLength(256);
    }
}
