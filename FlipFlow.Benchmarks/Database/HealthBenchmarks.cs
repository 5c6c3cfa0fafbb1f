using BenchmarkDotNet.Attributes;
using FlipFlow.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Database;

/// <summary>
/// What one /health answer costs the database: monitors and load balancers ask every few seconds, from
/// every node, so it must stay cheap.
/// </summary>
[MemoryDiagnoser]
public class HealthBenchmarks
{
    private BenchmarkDatabase database = default!;
    private DatabaseMigrator migrator = default!;

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        migrator = database.Host.Services.GetRequiredService<DatabaseMigrator>();
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Description = "Database status for /health")]
    public Task<DatabaseStatus> DatabaseStatus() => migrator.GetStatusAsync();
}
