using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Users;

/// <summary>Identity's sign-in, refusing disabled users and remembering when each user last signed in.</summary>
public sealed class FlipFlowSignInManager(
    UserManager<FlipFlowUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<FlipFlowUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<FlipFlowUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<FlipFlowUser> confirmation,
    TimeProvider clock)
    : SignInManager<FlipFlowUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(FlipFlowUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task SignInWithClaimsAsync(FlipFlowUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        user.LastSignInAt = clock.GetUtcNow();
        await UserManager.UpdateAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }
}
