using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Users;

/// <summary>A console user: Identity's user plus what FlipFlow needs to know about the account.</summary>
public sealed class FlipFlowUser : IdentityUser
{
    /// <summary>Set for generated passwords: the user must choose a new one before doing anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A disabled user cannot sign in; the account and its history stay.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}

internal sealed class FlipFlowUserConfiguration : IEntityTypeConfiguration<FlipFlowUser>
{
    public void Configure(EntityTypeBuilder<FlipFlowUser> builder)
    {
        builder.Property(user => user.MustChangePassword).HasDefaultValue(false);
        builder.Property(user => user.IsDisabled).HasDefaultValue(false);
    }
}
