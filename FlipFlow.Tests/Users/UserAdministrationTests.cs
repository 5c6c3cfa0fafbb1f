using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Users;

[Trait("Category", "Integration")]
public sealed class UserAdministrationTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;
    private IUserAdministration Users => host.Services.GetRequiredService<IUserAdministration>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<AccountBootstrapper>().EnsureFirstAdminAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_first_start_creates_one_Admin_who_must_change_the_generated_password()
    {
        var all = await Users.ListAsync();
        var admin = Assert.Single(all);
        Assert.Equal(AccountBootstrapper.FirstAdminEmail, admin.Email);
        Assert.Equal(Roles.Admin, admin.Role);
        Assert.True(admin.MustChangePassword);
        Assert.Null(await host.Services.GetRequiredService<AccountBootstrapper>().EnsureFirstAdminAsync());
    }

    [Fact]
    public async Task The_generated_password_is_stored_only_as_a_hash()
    {
        var issued = await Users.CreateAsync("hash@example.com", Roles.Viewer);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlipFlowDbContext>();
        var stored = db.Users.Single(user => user.Email == "hash@example.com");
        Assert.DoesNotContain(issued.Password, stored.PasswordHash);
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        Assert.True(await manager.CheckPasswordAsync(stored, issued.Password));
    }

    [Fact]
    public async Task Created_users_get_their_role_and_a_password_they_must_change()
    {
        var issued = await Users.CreateAsync("  operator@example.com ", "operator");
        Assert.Equal("operator@example.com", issued.User.Email);
        Assert.Equal(Roles.Operator, issued.User.Role);
        Assert.True(issued.User.MustChangePassword);
        Assert.Equal(PasswordGenerator.Length, issued.Password.Length);
        Assert.Contains(await Users.ListAsync(), user => user.Email == "operator@example.com" && user.Role == Roles.Operator);
    }

    [Theory]
    [InlineData("not-an-email", Roles.Viewer, "not an email address")]
    [InlineData("someone@example.com", "Owner", "not a role")]
    [InlineData(AccountBootstrapper.FirstAdminEmail, Roles.Viewer, "already exists")]
    public async Task Bad_requests_are_refused_with_a_specific_message(string email, string role, string message)
    {
        var error = await Assert.ThrowsAsync<AccountRuleException>(() => Users.CreateAsync(email, role));
        Assert.Contains(message, error.Message);
        Assert.Single(await Users.ListAsync());
    }

    [Fact]
    public async Task The_last_active_Admin_can_be_neither_demoted_nor_disabled()
    {
        var admin = (await Users.ListAsync()).Single();
        var demote = await Assert.ThrowsAsync<AccountRuleException>(() => Users.SetRoleAsync(admin.Id, Roles.Viewer));
        Assert.Contains("last active Admin", demote.Message);
        await Assert.ThrowsAsync<AccountRuleException>(() => Users.SetDisabledAsync(admin.Id, true));

        var second = await Users.CreateAsync("second-admin@example.com", Roles.Admin);
        var demoted = await Users.SetRoleAsync(admin.Id, Roles.Viewer);
        Assert.Equal(Roles.Viewer, demoted.Role);
        await Assert.ThrowsAsync<AccountRuleException>(() => Users.SetDisabledAsync(second.User.Id, true));
    }

    [Fact]
    public async Task A_reset_issues_a_new_password_unlocks_the_account_and_invalidates_the_old_one()
    {
        var issued = await Users.CreateAsync("locked@example.com", Roles.Viewer);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
            var user = (await manager.FindByIdAsync(issued.User.Id))!;
            for (var i = 0; i < scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts; i++)
            {
                await manager.AccessFailedAsync(user);
            }
            Assert.True(await manager.IsLockedOutAsync(user));
        }

        var reset = await Users.ResetPasswordAsync(issued.User.Id);

        Assert.NotEqual(issued.Password, reset.Password);
        Assert.True(reset.User.MustChangePassword);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
            var user = (await manager.FindByIdAsync(issued.User.Id))!;
            Assert.False(await manager.IsLockedOutAsync(user));
            Assert.False(await manager.CheckPasswordAsync(user, issued.Password));
            Assert.True(await manager.CheckPasswordAsync(user, reset.Password));
        }
    }

    [Fact]
    public async Task Demo_accounts_are_created_once()
    {
        var demo = host.Services.GetRequiredService<DemoAccounts>();
        var created = await demo.EnsureAsync();
        Assert.Equal([Roles.Operator, Roles.Viewer], created.Select(issued => issued.User.Role));
        Assert.Empty(await demo.EnsureAsync());
        Assert.Equal(3, (await Users.ListAsync()).Count);
    }
}
