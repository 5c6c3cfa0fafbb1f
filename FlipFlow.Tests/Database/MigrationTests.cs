using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Database;

public sealed class MigrationTests
{
    private static readonly string[] Factories = [nameof(SqliteDesignTimeFactory), nameof(PostgreSqlDesignTimeFactory), nameof(SqlServerDesignTimeFactory)];

    public static TheoryData<string> Providers => new(Factories);

    private static FlipFlowDbContext DesignTimeContext(string factory) => factory switch
    {
        nameof(SqliteDesignTimeFactory) => new SqliteDesignTimeFactory().CreateDbContext([]),
        nameof(PostgreSqlDesignTimeFactory) => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_migrations_for_the_whole_model(string factory)
    {
        using var db = DesignTimeContext(factory);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{factory}: the model changed without a migration; run scripts/add-migration.sh.");
    }

    [Fact]
    public void Every_provider_has_the_same_migrations_in_the_same_order()
    {
        var names = Factories.Select(factory =>
            {
                using var db = DesignTimeContext(factory);
                return string.Join(",", db.Database.GetMigrations().Select(DatabaseMigrator.NameOf));
            })
            .Distinct()
            .ToList();
        Assert.Single(names);
    }

    [Fact]
    public void The_SQL_Server_script_generates_up_and_down()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var migrator = db.GetService<IMigrator>();
        var up = migrator.GenerateScript();
        Assert.Contains("CREATE TABLE [AspNetUsers]", up);
        Assert.Contains("[MustChangePassword] bit NOT NULL DEFAULT CAST(0 AS bit)", up);
        var first = db.Database.GetMigrations().First();
        var down = migrator.GenerateScript(fromMigration: db.Database.GetMigrations().Last(), toMigration: Migration.InitialDatabase);
        Assert.Contains("IF OBJECT_ID(N'QRTZ_TRIGGERS') IS NULL CREATE TABLE QRTZ_TRIGGERS", up);
        Assert.Contains("DROP TABLE IF EXISTS QRTZ_JOB_DETAILS;", up);
        Assert.Contains("DROP TABLE [AspNetUsers]", down);
        Assert.Contains(first, down);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Migrate_applies_everything_then_goes_down_to_empty_and_back_up()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        var all = (await migrator.GetStatusAsync()).PendingMigrations;

        var up = await migrator.MigrateAsync();
        Assert.Equal(all, up.Applied);
        Assert.Empty((await migrator.GetStatusAsync()).PendingMigrations);
        await AssertUsersTableAsync(host, exists: true);

        var down = await migrator.MigrateAsync(DatabaseMigrator.Empty);
        Assert.Equal(all.Reverse(), down.Reverted);
        Assert.Equal(all, (await migrator.GetStatusAsync()).PendingMigrations);
        await AssertUsersTableAsync(host, exists: false);

        var again = await migrator.MigrateAsync(DatabaseMigrator.NameOf(all[^1]));
        Assert.Equal(all, again.Applied);
        await AssertUsersTableAsync(host, exists: true);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task An_unknown_target_is_refused_with_the_known_names()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        var error = await Assert.ThrowsAsync<UnknownMigrationException>(() => host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync("NoSuchStep"));
        Assert.Contains("NoSuchStep", error.Message);
        Assert.Contains("Identity", error.Message);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task The_HangfireEngine_migration_carries_Quartz_pauses_and_edited_crons_into_JobSchedules_and_drops_its_tables()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync("SignInFailures");
        var bytes = (string text) => database.Provider == DatabaseProvider.PostgreSql ? $"convert_to('{text}', 'UTF8')" : $"CAST('{text}' AS BLOB)";
        var edited = bytes("""{"flipflow.cron-edited":"true"}""");
        var plain = bytes("{}");
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync())
        {
            var blob = database.Provider == DatabaseProvider.PostgreSql ? "bytea" : "BLOB";
            // The columns the copy reads, as Quartz named them; its other tables stand for the rest.
            await RunAsync(db, $"CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME varchar(120) NOT NULL, TRIGGER_NAME varchar(150) NOT NULL, TRIGGER_GROUP varchar(150) NOT NULL, TRIGGER_STATE varchar(16) NOT NULL, JOB_DATA {blob})");
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE QRTZ_CRON_TRIGGERS (SCHED_NAME varchar(120) NOT NULL, TRIGGER_NAME varchar(150) NOT NULL, TRIGGER_GROUP varchar(150) NOT NULL, CRON_EXPRESSION varchar(250) NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE QRTZ_LOCKS (SCHED_NAME varchar(120) NOT NULL, LOCK_NAME varchar(40) NOT NULL)");
            await RunAsync(db, $"""
                INSERT INTO QRTZ_TRIGGERS VALUES
                  ('flipflow', 'history-cleanup', 'flipflow', 'PAUSED', {plain}),
                  ('flipflow', 'zombie-scan', 'flipflow', 'WAITING', {edited}),
                  ('flipflow', 'listing-offers', 'flipflow', 'PAUSED_BLOCKED', {edited}),
                  ('flipflow', 'demo-market', 'flipflow', 'WAITING', {plain}),
                  ('another', 'listings-sync', 'flipflow', 'PAUSED', {plain})
                """);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO QRTZ_CRON_TRIGGERS VALUES
                  ('flipflow', 'history-cleanup', 'flipflow', '0 30 3 * * ?'),
                  ('flipflow', 'zombie-scan', 'flipflow', '0 15 4 * * ?'),
                  ('flipflow', 'listing-offers', 'flipflow', '0 0 5 * * ?'),
                  ('flipflow', 'demo-market', 'flipflow', '0 0/5 * * * ?')
                """);
        }

        await migrator.MigrateAsync("HangfireEngine");

        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync())
        {
            var schedules = (await db.JobSchedules.ToListAsync()).OrderBy(schedule => schedule.JobId)
                .Select(schedule => $"{schedule.JobId} paused={schedule.Paused} cron={schedule.Cron ?? "configured"}");
            Assert.Equal(
            [
                "history-cleanup paused=True cron=configured",
                "listing-offers paused=True cron=0 0 5 * * ?",
                "zombie-scan paused=False cron=0 15 4 * * ?",
            ], schedules);
            foreach (var table in new[] { "QRTZ_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_LOCKS" })
            {
                await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(db, $"SELECT COUNT(*) FROM {table}"));
            }
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task The_HangfireEngine_migration_runs_on_a_database_that_never_had_Quartz_tables()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();

        await migrator.MigrateAsync();

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.JobSchedules.ToListAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELECT COUNT(*) FROM QRTZ_TRIGGERS"));
    }

    [Fact]
    public async Task A_new_SQLite_database_is_created_in_WAL_mode()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database);
        var before = await host.Services.GetRequiredService<DatabaseMigrator>().GetStatusAsync();
        Assert.False(before.Reachable);

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    /// <summary>SQL written by the test itself, never from input; braces are literal, not parameter places.</summary>
    private static Task<int> RunAsync(FlipFlowDbContext db, string sql) =>
        db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{").Replace("}", "}}"));

    private static async Task AssertUsersTableAsync(Microsoft.Extensions.Hosting.IHost host, bool exists)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        if (exists)
        {
            Assert.Equal(0, await db.Users.CountAsync());
        }
        else
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Users.CountAsync());
        }
    }
}
