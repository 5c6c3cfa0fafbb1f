using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Users;

/// <summary>Adds FlipFlow's own facts about a user to the sign-in cookie, next to Identity's name and roles.</summary>
public sealed class FlipFlowClaimsFactory(
    UserManager<FlipFlowUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<FlipFlowUser, IdentityRole>(users, roles, options)
{
    /// <summary>Present, with the value "true", while the user must change a generated password.</summary>
    public const string MustChangePasswordClaim = "flipflow:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(FlipFlowUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }
        return identity;
    }
}
