using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Users;

public static class AccountsRegistration
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Identity with FlipFlow's password and lockout rules, its stores in FlipFlow's database, and the account services.</summary>
    public static IServiceCollection AddFlipFlowAccounts(this IServiceCollection services)
    {
        services.AddIdentity<FlipFlowUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddEntityFrameworkStores<FlipFlowDbContext>()
            .AddSignInManager<FlipFlowSignInManager>()
            .AddClaimsPrincipalFactory<FlipFlowClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddSingleton<IUserAdministration, UserAdministration>();
        services.AddSingleton<AccountBootstrapper>();
        return services;
    }
}
