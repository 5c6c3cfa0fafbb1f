namespace FlipFlow.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
