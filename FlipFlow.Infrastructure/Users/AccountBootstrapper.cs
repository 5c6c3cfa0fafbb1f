using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Users;

/// <summary>The first Admin, created on a first start; <see cref="GeneratedPassword"/> is null when it came from the environment.</summary>
public sealed record FirstAdmin(string Email, string? GeneratedPassword);

/// <summary>
/// When there are no users at all, creates the first Admin: with the
/// password in <c>FLIPFLOW_ADMIN_PASSWORD</c> when set, else with a generated one that must be changed at
/// first sign-in. The generated password is returned to be shown once; only its hash is stored.
/// </summary>
public sealed class AccountBootstrapper(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<AccountBootstrapper> logger)
{
    public const string FirstAdminEmail = "admin@flipflow.local";
    public const string PasswordVariable = "FLIPFLOW_ADMIN_PASSWORD";

    public async Task<FirstAdmin?> EnsureFirstAdminAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        if (users.Users.Any())
        {
            return null;
        }
        var fromEnvironment = configuration[PasswordVariable];
        var admin = new FlipFlowUser
        {
            UserName = FirstAdminEmail,
            Email = FirstAdminEmail,
            EmailConfirmed = true,
            MustChangePassword = string.IsNullOrEmpty(fromEnvironment),
            CreatedAt = clock.GetUtcNow(),
        };
        var password = string.IsNullOrEmpty(fromEnvironment) ? PasswordGenerator.Generate() : fromEnvironment;
        // Two processes starting together on an empty database both get here; the one that loses the race
        // (at Identity's check or at the unique index) finds the first Admin made and has nothing to do.
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(admin, password);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            if (await AdminExistsAsync(scope.ServiceProvider))
            {
                return null;
            }
            throw;
        }
        if (!result.Succeeded && result.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return null;
        }
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not create the first Admin {FirstAdminEmail}{(fromEnvironment is null ? "" : $" with {PasswordVariable}")}: {Describe(result)}");
        }
        var roleResult = await users.AddToRoleAsync(admin, Roles.Admin);
        if (!roleResult.Succeeded)
        {
            throw new InvalidOperationException($"Could not make {FirstAdminEmail} an Admin: {Describe(roleResult)}");
        }
        logger.LogInformation("Created the first Admin {Email}", FirstAdminEmail);
        return new FirstAdmin(FirstAdminEmail, string.IsNullOrEmpty(fromEnvironment) ? password : null);
    }

    private static async Task<bool> AdminExistsAsync(IServiceProvider services)
    {
        // A fresh scope: the failed insert is still tracked by the one that tried it.
        await using var check = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return await check.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>().FindByEmailAsync(FirstAdminEmail) is not null;
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(error => error.Description));
}
