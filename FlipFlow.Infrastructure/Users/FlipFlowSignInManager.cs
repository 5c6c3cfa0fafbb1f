using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Users;

/// <summary>
/// Identity's sign-in with FlipFlow's rules (<see cref="SignInRules"/>): disabled users are refused, failures lock an
/// account per client address before they lock it for everyone, an unknown email costs as much as a known one, and
/// each user's last sign-in is remembered.
/// </summary>
public sealed class FlipFlowSignInManager(
    UserManager<FlipFlowUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<FlipFlowUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<FlipFlowUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<FlipFlowUser> confirmation,
    TimeProvider clock,
    AddressLockouts addressLockouts,
    UnknownAccountPassword unknownAccount)
    : SignInManager<FlipFlowUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(FlipFlowUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            unknownAccount.Verify(UserManager.PasswordHasher, password);
            Logger.LogWarning("Sign-in failed for {Email}: no such account", userName);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>
    /// Identity's check looks at lockout and <see cref="CanSignInAsync"/> before the password, so a locked or disabled
    /// account answered sooner than a wrong password; this one always checks the password first, then decides.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(FlipFlowUser user, string password, bool lockoutOnFailure)
    {
        var passwordRight = await UserManager.CheckPasswordAsync(user, password);
        var address = ClientAddress.KeyOf(Context.Connection.RemoteIpAddress);
        var allowed = await CanSignInAsync(user);
        var lockedForEveryone = await UserManager.IsLockedOutAsync(user);
        var lockedForAddress = await addressLockouts.IsLockedAsync(user.Id, address);
        switch (SignInRules.Decide(passwordRight, allowed, lockedForEveryone, lockedForAddress))
        {
            case SignInVerdict.SignIn:
                await addressLockouts.ClearAsync(user.Id, address);
                await UserManager.ResetAccessFailedCountAsync(user);
                return SignInResult.Success;
            case SignInVerdict.Refuse:
                Logger.LogWarning("Sign-in refused for {Email} from {Address}: {Reason}", user.Email, address,
                    !allowed ? "disabled" : lockedForEveryone ? "locked out" : "locked out for this address");
                return allowed ? SignInResult.LockedOut : SignInResult.NotAllowed;
            default:
                if (!lockoutOnFailure)
                {
                    return SignInResult.Failed;
                }
                var addressNowLocked = await addressLockouts.RecordFailureAsync(user.Id, address);
                await UserManager.AccessFailedAsync(user);
                var nowLocked = await UserManager.IsLockedOutAsync(user);
                Logger.LogWarning("Wrong password for {Email} from {Address}{Lockout}", user.Email, address,
                    nowLocked ? "; the account is now locked for everyone" : addressNowLocked ? "; the account is now locked for this address" : "");
                return nowLocked || addressNowLocked ? SignInResult.LockedOut : SignInResult.Failed;
        }
    }

    public override async Task SignInWithClaimsAsync(FlipFlowUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        user.LastSignInAt = clock.GetUtcNow();
        await UserManager.UpdateAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }
}
