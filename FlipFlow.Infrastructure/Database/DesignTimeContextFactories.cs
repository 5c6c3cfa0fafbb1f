using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlipFlow.Infrastructure.Database;

// dotnet-ef builds each provider's context through these when it adds or scripts a migration. Adding a
// migration needs no server; the connection strings only name a database for the generated code.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlipFlowDbContext>
{
    public SqliteFlipFlowDbContext CreateDbContext(string[] args) =>
        new(Options<SqliteFlipFlowDbContext>(DatabaseProvider.Sqlite, "Data Source=flipflow-design.db"));

    internal static DbContextOptions<T> Options<T>(DatabaseProvider provider, string connectionString) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        DatabaseRegistration.Configure(builder, provider, connectionString);
        return builder.Options;
    }
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlFlipFlowDbContext>
{
    public PostgreSqlFlipFlowDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTimeFactory.Options<PostgreSqlFlipFlowDbContext>(
            DatabaseProvider.PostgreSql, "Host=localhost;Database=flipflow;Username=flipflow"));
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerFlipFlowDbContext>
{
    public SqlServerFlipFlowDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTimeFactory.Options<SqlServerFlipFlowDbContext>(
            DatabaseProvider.SqlServer, "Server=localhost;Database=FlipFlow;Trusted_Connection=True;TrustServerCertificate=True"));
}
