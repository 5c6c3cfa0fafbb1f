using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Cli;

[Trait("Category", "Integration")]
public sealed class UserCliTests : CliTest
{
    [Fact]
    public async Task Users_unlock_ends_the_lockout_for_everyone_and_for_every_address()
    {
        await OkAsync("db", "seed");
        using (var host = TestHost.Build(Database))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
            var admin = (await users.FindByEmailAsync(AccountBootstrapper.FirstAdminEmail))!;
            await users.SetLockoutEndDateAsync(admin, DateTimeOffset.UtcNow.AddMinutes(15));
            var addresses = host.Services.GetRequiredService<AddressLockouts>();
            for (var failure = 0; failure < 5; failure++)
            {
                await addresses.RecordFailureAsync(admin.Id, "203.0.113.7");
            }
        }
        var before = (await JsonAsync("users", "list", "--json")).EnumerateArray().Single();
        Assert.True(before.GetProperty("lockedOut").GetBoolean());
        Assert.Equal(1, before.GetProperty("lockedAddresses").GetInt32());

        var unlocked = await JsonAsync("users", "unlock", "ADMIN@flipflow.local", "--json");

        Assert.Equal(AccountBootstrapper.FirstAdminEmail, unlocked.GetProperty("email").GetString());
        Assert.True(unlocked.GetProperty("wasLockedOut").GetBoolean());
        Assert.Equal(1, unlocked.GetProperty("unlockedAddresses").GetInt32());
        var after = (await JsonAsync("users", "list", "--json")).EnumerateArray().Single();
        Assert.False(after.GetProperty("lockedOut").GetBoolean());
        Assert.Equal(0, after.GetProperty("lockedAddresses").GetInt32());
        using (var host = TestHost.Build(Database))
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.SignInFailures.ToListAsync());
        }
        Assert.Contains("was not locked out", await OkAsync("users", "unlock", AccountBootstrapper.FirstAdminEmail));
    }

    [Fact]
    public async Task Users_unlock_of_an_unknown_email_fails_with_the_reason()
    {
        var (exit, _, error) = await RunAsync("users", "unlock", "nobody@example.com");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("No user has the email nobody@example.com", error);
    }
}
