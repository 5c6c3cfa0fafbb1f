using System.Diagnostics;
using System.Text.Json;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

[Trait("Category", "Integration")]
public sealed class CliTests() : CliTest(migrate: false)
{
    [Fact]
    public async Task Help_lists_the_verbs()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains("db", output);
        Assert.Contains("users", output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("db", "migrate", "--to")]
    [InlineData("users", "add", "someone@example.com", "--role", "Owner")]
    [InlineData("users", "add", "someone@example.com")]
    public async Task Usage_errors_exit_with_2_and_say_what_is_wrong(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains("--help", error);
    }

    [Fact]
    public async Task Db_info_reports_provider_location_and_migrations_before_and_after_migrate()
    {
        var before = await JsonAsync("db", "info", "--json");
        Assert.Equal(Database.Provider.ToString(), before.GetProperty("provider").GetString());
        Assert.Equal(["Identity", "JobRuns", "MarketplaceWork", "ListingHealth", "ZombieVerdicts", "JobRunBatch", "SignInFailures", "HangfireEngine", "ApiKeys", "Market", "ScannerIndex", "Sellers", "SkusInventoryImports", "InventorySnapshots", "Alerts", "DataQuality", "UrlIngest"], before.GetProperty("pendingMigrations").EnumerateArray().Select(id => DatabaseMigrator.NameOf(id.GetString()!)));
        Assert.Empty(before.GetProperty("appliedMigrations").EnumerateArray());

        var (exit, output, _) = await RunAsync("db", "migrate");
        Assert.Equal(0, exit);
        Assert.Contains("Applied", output);

        var after = await JsonAsync("db", "info", "--json");
        Assert.True(after.GetProperty("reachable").GetBoolean());
        Assert.Empty(after.GetProperty("pendingMigrations").EnumerateArray());
        Assert.Equal(before.GetProperty("pendingMigrations").GetArrayLength(), after.GetProperty("appliedMigrations").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(after.GetProperty("location").GetString()));
    }

    [Fact]
    public async Task Db_migrate_to_an_earlier_migration_and_back()
    {
        Assert.Equal(0, (await RunAsync("db", "migrate")).Exit);

        var (downExit, down, _) = await RunAsync("db", "migrate", "--to", "0");
        Assert.Equal(0, downExit);
        Assert.Contains("Reverted", down);
        Assert.Empty((await JsonAsync("db", "info", "--json")).GetProperty("appliedMigrations").EnumerateArray());

        var (upExit, up, _) = await RunAsync("db", "migrate", "--to", "Identity");
        Assert.Equal(0, upExit);
        Assert.Contains("Applied", up);
        var atIdentity = await JsonAsync("db", "info", "--json");
        Assert.Equal(["Identity"], atIdentity.GetProperty("appliedMigrations").EnumerateArray().Select(id => DatabaseMigrator.NameOf(id.GetString()!)));
        Assert.Equal(["JobRuns", "MarketplaceWork", "ListingHealth", "ZombieVerdicts", "JobRunBatch", "SignInFailures", "HangfireEngine", "ApiKeys", "Market", "ScannerIndex", "Sellers", "SkusInventoryImports", "InventorySnapshots", "Alerts", "DataQuality", "UrlIngest"], atIdentity.GetProperty("pendingMigrations").EnumerateArray().Select(id => DatabaseMigrator.NameOf(id.GetString()!)));

        Assert.Equal(0, (await RunAsync("db", "migrate")).Exit);
        Assert.Empty((await JsonAsync("db", "info", "--json")).GetProperty("pendingMigrations").EnumerateArray());

        var (badExit, _, bad) = await RunAsync("db", "migrate", "--to", "Nope");
        Assert.Equal(FlipFlowCli.Failed, badExit);
        Assert.Contains("No migration is called 'Nope'", bad);
    }

    [Fact]
    public async Task Seeding_an_unmigrated_database_fails_with_what_to_do()
    {
        var (exit, _, error) = await RunAsync("db", "seed");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("run 'db migrate' first", error);
    }

    [Fact]
    public async Task Seed_creates_the_first_Admin_once_and_demo_accounts_on_request()
    {
        await RunAsync("db", "migrate");
        var (_, first, _) = await RunAsync("db", "seed");
        Assert.Contains($"Sign in as {AccountBootstrapper.FirstAdminEmail} with the password:", first);

        var (_, second, _) = await RunAsync("db", "seed", "--demo");
        Assert.DoesNotContain("with the password:", second);
        Assert.Contains("operator@flipflow.local (Operator):", second);
        Assert.Contains("viewer@flipflow.local (Viewer):", second);
        Assert.Contains("Demo listings: 2000 (", second);
        Assert.Contains("with 120 days of history", second);
        var (_, third, _) = await RunAsync("db", "seed", "--demo");
        Assert.Contains("Listings exist already, so no demo listings were created.", third);

        var users = await JsonAsync("users", "list", "--json");
        Assert.Equal(3, users.GetArrayLength());
    }

    [Fact]
    public async Task Users_add_prints_a_password_and_users_list_json_shows_the_user()
    {
        await RunAsync("db", "migrate");
        var (exit, output, _) = await RunAsync("users", "add", "ops@example.com", "--role", "Operator");
        Assert.Equal(0, exit);
        Assert.Matches(@"ops@example.com \(Operator\): \S{20}", output);

        var users = await JsonAsync("users", "list", "--json");
        var row = users.EnumerateArray().Single(user => user.GetProperty("email").GetString() == "ops@example.com");
        Assert.Equal("Operator", row.GetProperty("role").GetString());
        Assert.True(row.GetProperty("mustChangePassword").GetBoolean());
        Assert.False(row.GetProperty("disabled").GetBoolean());

        var (duplicateExit, _, duplicate) = await RunAsync("users", "add", "ops@example.com", "--role", "Viewer");
        Assert.Equal(FlipFlowCli.Failed, duplicateExit);
        Assert.Contains("already exists", duplicate);
    }

    [Fact]
    public async Task Reset_password_prints_a_new_password_for_a_known_user_and_fails_for_an_unknown_one()
    {
        await RunAsync("db", "migrate");
        var (_, seeded, _) = await RunAsync("db", "seed");
        var (exit, output, _) = await RunAsync("users", "reset-password", "ADMIN@flipflow.local");
        Assert.Equal(0, exit);
        var password = System.Text.RegularExpressions.Regex.Match(output, @"\(Admin\): (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.DoesNotContain(password, seeded);

        var (unknownExit, _, unknown) = await RunAsync("users", "reset-password", "nobody@example.com");
        Assert.Equal(FlipFlowCli.Failed, unknownExit);
        Assert.Contains("No user has the email nobody@example.com", unknown);
    }

    [Fact]
    public async Task The_executable_runs_verbs_and_exits_without_serving()
    {
        var web = Path.Combine(AppContext.BaseDirectory, "FlipFlow.Web.dll");
        var start = new ProcessStartInfo("dotnet", [web, "db", "info", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Database.Settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Database.Provider.ToString(), JsonDocument.Parse(output).RootElement.GetProperty("provider").GetString());
    }
}
