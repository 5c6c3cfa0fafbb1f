using FlipFlow.Infrastructure.Common;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Users;

public static class AccountsRegistration
{
    /// <summary>
    /// Identity with FlipFlow's password and lockout rules (section <c>SignIn</c>, checked at start), its stores in
    /// FlipFlow's database, and the account services.
    /// </summary>
    public static IServiceCollection AddFlipFlowAccounts(this IServiceCollection services)
    {
        services.AddOptions<SignInProtectionOptions>().BindConfiguration(SignInProtectionOptions.Section)
            .CheckedOnStart(options => options.Validate());
        services.AddIdentity<FlipFlowUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<FlipFlowDbContext>()
            .AddSignInManager<FlipFlowSignInManager>()
            .AddClaimsPrincipalFactory<FlipFlowClaimsFactory>()
            .AddDefaultTokenProviders();
        // Identity's own lockout is the per-account ceiling; the lower per-address one is AddressLockouts'.
        services.AddOptions<IdentityOptions>().Configure<IOptions<SignInProtectionOptions>>((identity, protection) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = protection.Value.FailuresPerAccount;
            identity.Lockout.DefaultLockoutTimeSpan = protection.Value.Rules.Lockout;
        });
        services.AddSingleton<AddressLockouts>();
        services.AddSingleton<UnknownAccountPassword>();
        services.AddSingleton<IUserAdministration, UserAdministration>();
        services.AddSingleton<AccountBootstrapper>();
        return services;
    }
}
