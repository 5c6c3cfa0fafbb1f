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
