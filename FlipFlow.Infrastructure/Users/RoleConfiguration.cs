using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Users;

/// <summary>The three roles are part of the schema: every migrated database has them, seeded or not.</summary>
internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(Roles.All.Select(role => new IdentityRole
        {
            Id = role.ToLowerInvariant(),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            // Fixed, so the model is the same every time it is built.
            ConcurrencyStamp = $"flipflow-role-{role.ToLowerInvariant()}",
        }));
}
