using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Users;

/// <summary>
/// Wrong passwords for one account from one client address, and until when that address is locked out of it. Kept in
/// the database, not in memory, so that every FlipFlow process sharing the database counts together and
/// <c>users unlock</c>, which runs in a process of its own, can clear it.
/// </summary>
public sealed class SignInFailure
{
    public string UserId { get; set; } = "";

    /// <summary>The address as <see cref="Domain.Users.ClientAddress.KeyOf"/> writes it.</summary>
    public string ClientAddress { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.HasKey(failure => new { failure.UserId, failure.ClientAddress });
        // An IPv6 /64 key is at most 43 characters ("xxxx:xxxx:xxxx:xxxx::/64" plus room).
        builder.Property(failure => failure.ClientAddress).HasMaxLength(64);
        builder.HasOne<FlipFlowUser>().WithMany().HasForeignKey(failure => failure.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
