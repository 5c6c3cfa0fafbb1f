using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// Which database FlipFlow uses and where it is, read from <c>Database:Provider</c>,
/// <c>ConnectionStrings:FlipFlow</c> and <c>FlipFlow:DataFolder</c>.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string DataFolder)
{
    public const string ConnectionStringName = "FlipFlow";
    public const string SqliteFileName = "flipflow.db";

    /// <param name="contentRoot">Relative data folders are resolved against it.</param>
    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var providerText = configuration["Database:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{providerText}'; expected one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        var dataFolder = Path.GetFullPath(configuration["FlipFlow:DataFolder"] is { Length: > 0 } folder ? folder : "data", contentRoot);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {provider}, which needs ConnectionStrings:{ConnectionStringName}.");
            }
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, SqliteFileName) }.ToString();
        }
        return new DatabaseSettings(provider, connectionString, dataFolder);
    }

    /// <summary>Where the data lives, for people: a file path, or host and database, never a password.</summary>
    public string Location => Provider switch
    {
        DatabaseProvider.Sqlite => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource),
        DatabaseProvider.PostgreSql => DescribeServer("Host", "Database"),
        _ => DescribeServer("Server", "Database"),
    };

    private string DescribeServer(string hostKey, string databaseKey)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        string Get(string key) => builder.TryGetValue(key, out var value) ? Convert.ToString(value) ?? "" : "";
        var host = Get(hostKey) is { Length: > 0 } h ? h : Get("Data Source");
        var database = Get(databaseKey) is { Length: > 0 } d ? d : Get("Initial Catalog");
        return $"{host}/{database}";
    }
}
