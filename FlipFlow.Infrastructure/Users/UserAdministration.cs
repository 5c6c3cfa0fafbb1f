using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Users;

/// <summary>
/// <see cref="IUserAdministration"/> over ASP.NET Core Identity. Each call works in a scope of its own, so a
/// Blazor circuit that lives for hours never holds a database context between clicks.
/// </summary>
public sealed class UserAdministration(
    IServiceScopeFactory scopes,
    AddressLockouts addressLockouts,
    TimeProvider clock,
    ILogger<UserAdministration> logger) : IUserAdministration
{
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Database.FlipFlowDbContext>();
        var roleByUser = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                select new { userRole.UserId, role.Name })
            .ToDictionaryAsync(row => row.UserId, row => row.Name ?? "", cancellationToken);
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var lockedAddresses = await addressLockouts.LockedAddressesAsync(cancellationToken);
        return users
            .Select(user => ToAccount(user, roleByUser.GetValueOrDefault(user.Id, "")) with { LockedAddresses = lockedAddresses.GetValueOrDefault(user.Id) })
            .OrderBy(account => account.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<IssuedPassword> CreateAsync(string email, string role, CancellationToken cancellationToken = default)
    {
        var canonicalRole = RequireRole(role);
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw new AccountRuleException($"'{email}' is not an email address.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new AccountRuleException($"A user with the email {email} already exists.");
        }
        var password = PasswordGenerator.Generate();
        var user = new FlipFlowUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            MustChangePassword = true,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var transaction = await scope.ServiceProvider.GetRequiredService<Database.FlipFlowDbContext>()
            .Database.BeginTransactionAsync(cancellationToken);
        Require(await users.CreateAsync(user, password), $"create {email}");
        Require(await users.AddToRoleAsync(user, canonicalRole), $"give {email} the role {canonicalRole}");
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Created user {Email} with role {Role}", email, canonicalRole);
        return new IssuedPassword(ToAccount(user, canonicalRole), password);
    }

    public async Task<IssuedPassword> ResetPasswordAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = await FindAsync(users, userId);
        var password = PasswordGenerator.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        user.MustChangePassword = true;
        Require(await users.ResetPasswordAsync(user, token, password), $"reset the password of {user.Email}");
        // A reset also ends a lockout: the admin has just vouched for the account.
        await UnlockAsync(users, user, cancellationToken);
        logger.LogInformation("Reset the password of {Email}", user.Email);
        return new IssuedPassword(ToAccount(user, await RoleOfAsync(users, user)), password);
    }

    public async Task<UserAccount> SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        var canonicalRole = RequireRole(role);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = await FindAsync(users, userId);
        var current = await RoleOfAsync(users, user);
        if (current == canonicalRole)
        {
            return ToAccount(user, current);
        }
        if (current == Roles.Admin)
        {
            await EnsureAnotherActiveAdminAsync(users, user, $"{user.Email} is the last active Admin and must stay Admin.");
        }
        await using var transaction = await scope.ServiceProvider.GetRequiredService<Database.FlipFlowDbContext>()
            .Database.BeginTransactionAsync(cancellationToken);
        if (current.Length > 0)
        {
            Require(await users.RemoveFromRoleAsync(user, current), $"take the role {current} from {user.Email}");
        }
        Require(await users.AddToRoleAsync(user, canonicalRole), $"give {user.Email} the role {canonicalRole}");
        // A new security stamp makes open sessions pick up the new role at their next validation.
        Require(await users.UpdateSecurityStampAsync(user), $"refresh the sessions of {user.Email}");
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Changed the role of {Email} from {OldRole} to {NewRole}", user.Email, current, canonicalRole);
        return ToAccount(user, canonicalRole);
    }

    public async Task<UserAccount> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = await FindAsync(users, userId);
        var role = await RoleOfAsync(users, user);
        if (user.IsDisabled == disabled)
        {
            return ToAccount(user, role);
        }
        if (disabled && role == Roles.Admin)
        {
            await EnsureAnotherActiveAdminAsync(users, user, $"{user.Email} is the last active Admin and cannot be disabled.");
        }
        user.IsDisabled = disabled;
        Require(await users.UpdateAsync(user), $"{(disabled ? "disable" : "enable")} {user.Email}");
        Require(await users.UpdateSecurityStampAsync(user), $"refresh the sessions of {user.Email}");
        logger.LogInformation("{Action} user {Email}", disabled ? "Disabled" : "Enabled", user.Email);
        return ToAccount(user, role);
    }

    public async Task<UserAccount> UnlockAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = await FindAsync(users, userId);
        await UnlockAsync(users, user, cancellationToken);
        logger.LogInformation("Unlocked {Email}", user.Email);
        return ToAccount(user, await RoleOfAsync(users, user));
    }

    private async Task UnlockAsync(UserManager<FlipFlowUser> users, FlipFlowUser user, CancellationToken cancellationToken)
    {
        Require(await users.SetLockoutEndDateAsync(user, null), $"unlock {user.Email}");
        Require(await users.ResetAccessFailedCountAsync(user), $"unlock {user.Email}");
        await addressLockouts.ClearAllAsync(user.Id, cancellationToken);
    }

    internal static UserAccount ToAccount(FlipFlowUser user, string role) =>
        new(user.Id, user.Email ?? user.UserName ?? "", role, user.IsDisabled, user.LockoutEnd,
            user.MustChangePassword, user.CreatedAt, user.LastSignInAt);

    private static async Task<FlipFlowUser> FindAsync(UserManager<FlipFlowUser> users, string userId) =>
        await users.FindByIdAsync(userId) ?? throw new AccountRuleException("That user no longer exists.");

    private static async Task<string> RoleOfAsync(UserManager<FlipFlowUser> users, FlipFlowUser user) =>
        (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";

    private static async Task EnsureAnotherActiveAdminAsync(UserManager<FlipFlowUser> users, FlipFlowUser user, string refusal)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(admin => admin.Id != user.Id && !admin.IsDisabled))
        {
            throw new AccountRuleException(refusal);
        }
    }

    private static string RequireRole(string role) =>
        Roles.Parse(role) ?? throw new AccountRuleException($"'{role}' is not a role; choose {string.Join(", ", Roles.All)}.");

    private static void Require(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new AccountRuleException($"Could not {what}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }
}
