using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Database;

[Trait("Category", "Integration")]
public sealed class DatabaseMaintenanceTests
{
    [Fact]
    public async Task Maintenance_runs_on_the_provider_under_test_and_leaves_the_data_intact()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<IUserAdministration>().CreateAsync("kept@example.com", Roles.Viewer);

        var report = await host.Services.GetRequiredService<DatabaseMaintenance>().RunAsync();

        Assert.Equal(database.Provider, report.Provider);
        Assert.False(string.IsNullOrWhiteSpace(report.Done));
        Assert.Contains(await host.Services.GetRequiredService<IUserAdministration>().ListAsync(), user => user.Email == "kept@example.com");
    }

    [Fact]
    public async Task On_SQLite_a_bulk_writers_larger_page_cache_is_given_back_when_its_connection_is_opened_again()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        static async Task<long> CacheSizeAsync(FlipFlowDbContext db)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA cache_size;";
            return (long)(await command.ExecuteScalarAsync())!;
        }

        await using (var writer = await contexts.CreateDbContextAsync())
        {
            await writer.Database.OpenConnectionAsync();
            await SqliteBulkWrite.HoldBatchInMemoryAsync(writer, CancellationToken.None);
            Assert.Equal(-32768, await CacheSizeAsync(writer));
        }
        // The same pooled connection, opened by anyone else: SQLite's default again.
        await using var reader = await contexts.CreateDbContextAsync();
        await reader.Database.OpenConnectionAsync();
        Assert.Equal(-2000, await CacheSizeAsync(reader));
    }

    [Fact]
    public async Task On_SQLite_the_write_ahead_log_is_moved_into_the_database_and_truncated()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        // A running app keeps connections open; without one, SQLite checkpoints as the last connection closes.
        await using var open = new SqliteConnection(database.ConnectionString);
        await open.OpenAsync();
        await using (var read = open.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM AspNetUsers;";
            await read.ExecuteScalarAsync();
        }
        var users = host.Services.GetRequiredService<IUserAdministration>();
        for (var i = 0; i < 20; i++)
        {
            await users.CreateAsync($"user{i}@example.com", Roles.Viewer);
        }
        var wal = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource + "-wal";
        Assert.True(File.Exists(wal) && new FileInfo(wal).Length > 0, "The writes should have gone to the write-ahead log first: " + string.Join(", ", Directory.GetFiles(database.DataFolder, "*", SearchOption.AllDirectories)));

        var report = await host.Services.GetRequiredService<DatabaseMaintenance>().RunAsync();

        Assert.True(report.WalPagesCheckpointed > 0);
        Assert.Equal(0, report.WalPagesRemaining);
        Assert.Equal(0, new FileInfo(wal).Length);
        Assert.Equal(20, (await users.ListAsync()).Count);
    }
}
