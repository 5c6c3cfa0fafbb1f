using FlipFlow.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FlipFlow.Tests.Support;

/// <summary>
/// A new, empty database of its own for one test class: a SQLite file in a temporary folder, or a fresh
/// database on the PostgreSQL server when FLIPFLOW_TEST_PROVIDER=PostgreSql. Dropped afterwards. A server
/// that cannot be reached fails the test: nothing is skipped.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ProviderVariable = "FLIPFLOW_TEST_PROVIDER";
    public const string PostgresVariable = "FLIPFLOW_TEST_POSTGRES";
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=flipflow;Password=flipflow;Database=postgres";

    private TestDatabase(DatabaseProvider provider, string connectionString, string dataFolder, string? serverDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataFolder = dataFolder;
        ServerDatabase = serverDatabase;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string DataFolder { get; }
    private string? ServerDatabase { get; }

    /// <summary>The provider the integration suite runs on in this test run.</summary>
    public static DatabaseProvider ProviderUnderTest =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var provider)
            ? provider
            : DatabaseProvider.Sqlite;

    /// <summary>The settings that point FlipFlow at this database, as appsettings.json would.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:FlipFlow"] = ConnectionString,
        ["FlipFlow:DataFolder"] = DataFolder,
    };

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var chosen = provider ?? ProviderUnderTest;
        var folder = Path.Combine(Path.GetTempPath(), "flipflow-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        switch (chosen)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "flipflow.db"), Pooling = false };
                return new TestDatabase(chosen, sqlite.ToString(), folder, null);
            case DatabaseProvider.PostgreSql:
                var name = "flipflow_test_" + Guid.NewGuid().ToString("N")[..16];
                await using (var admin = await OpenPostgresAsync())
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                    await create.ExecuteNonQueryAsync();
                }
                // Pooled, as Npgsql is by default: an idle FlipFlow polls its jobs' queues many times a second, and a new
                // server session (with its password exchange) for each poll would keep the machine busy for nothing.
                var builder = new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name };
                return new TestDatabase(chosen, builder.ToString(), folder, name);
            default:
                throw new NotSupportedException($"No {chosen} server runs here; its SQL is tested by script generation.");
        }
    }

    private static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured : DefaultPostgres;

    private static async Task<NpgsqlConnection> OpenPostgresAsync()
    {
        var connection = new NpgsqlConnection(PostgresAdminConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with {PostgresVariable}='{PostgresAdminConnectionString}'. Run ./test.sh, which installs and starts it.", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ServerDatabase is not null)
        {
            await using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            await using var admin = await OpenPostgresAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {ServerDatabase} WITH (FORCE)", admin);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
                {
                    // FORCE may not end the server's own autovacuum worker on the new database; it stops soon by itself.
                    await Task.Delay(250);
                }
            }
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a closing process; the temporary folder is cleaned by the system.
        }
    }
}
