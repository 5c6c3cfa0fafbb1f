using FlipFlow.Infrastructure.Database;
using FlipFlow.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Benchmarks;

/// <summary>
/// FlipFlow's services over a new, migrated database: a SQLite file in a temporary folder, or the PostgreSQL
/// database named by FLIPFLOW_BENCH_POSTGRES.
/// </summary>
public sealed class BenchmarkDatabase : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "flipflow-bench", Guid.NewGuid().ToString("N"));

    /// <param name="configure">Services a benchmark adds, such as a job of its own.</param>
    public BenchmarkDatabase(Action<IServiceCollection>? configure = null)
    {
        Directory.CreateDirectory(folder);
        var postgres = Environment.GetEnvironmentVariable("FLIPFLOW_BENCH_POSTGRES");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = string.IsNullOrEmpty(postgres) ? nameof(DatabaseProvider.Sqlite) : nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:FlipFlow"] = postgres,
            ["FlipFlow:DataFolder"] = folder,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddFlipFlowCore(builder.Configuration);
        configure?.Invoke(builder.Services);
        Host = builder.Build();
        Host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().GetAwaiter().GetResult();
    }

    public IHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
