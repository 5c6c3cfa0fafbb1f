using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Web;

/// <summary>What a new user reads in the log of a first start: no warning that needs no action.</summary>
[Trait("Category", "Integration")]
public sealed class FirstStartTests
{
    [Fact]
    public async Task A_first_start_on_an_empty_database_logs_no_warning_or_error()
    {
        await using var app = await FlipFlowApp.StartAsync();
        using var client = app.NewClient();
        // The first pages and the health check, as the new user's browser and monitor would ask.
        await client.GetAsync("/");
        await client.GetAsync("/account/login");
        await client.GetAsync("/health");

        Assert.Contains(app.Logs, line => line.Contains("Created the first Admin", StringComparison.Ordinal));
        var problems = app.Logs.Where(line => !line.StartsWith("Information", StringComparison.Ordinal) && !ExplainedInReadme(app, line)).ToList();
        Assert.True(problems.Count == 0, "A first start logged:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// Npgsql's migrator reads its history table before creating it on a new PostgreSQL database, logs the failed
    /// command and carries on: harmless, out of FlipFlow's hands, and explained in the README (PostgreSQL or SQL Server).
    /// </summary>
    private static bool ExplainedInReadme(FlipFlowApp app, string line) =>
        app.Database.Provider == DatabaseProvider.PostgreSql
        && line.StartsWith("Error Microsoft.EntityFrameworkCore.Database.Command: Failed executing DbCommand", StringComparison.Ordinal)
        && line.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal);
}
