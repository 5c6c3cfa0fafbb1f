using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Dashboard;
using FlipFlow.Infrastructure.Dashboard;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Api;

/// <summary>
/// <c>GET /api/v1/stats/dashboard</c> over real HTTP: FlipFlow's own host (<see cref="WebHost.Build"/>) on Kestrel at a loopback port,
/// an API key made with <c>apikeys create</c> as a user would, and the business of <see cref="DashboardBenchmarks"/> (100,000
/// listings, a year of totals and sales). Each iteration is one call, so the 200 iterations are 200 sequential calls and P50 and
/// P95 are theirs. Beside it, the same work without HTTP (<see cref="DashboardFigures.ReadAsync"/> in the same host, the baseline):
/// the ratio is what the API adds. The bar: p95 under 500 ms, aim under 200 ms.
/// </summary>
[Config(typeof(Config))]
public partial class DashboardApiBenchmarks
{
    public const int Calls = 200;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "flipflow-bench", Guid.NewGuid().ToString("N"));
    private WebApplication app = default!;
    private HttpClient client = default!;
    private DashboardFigures figures = default!;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
                .WithWarmupCount(5).WithIterationCount(Calls).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(folder);
        var postgres = Environment.GetEnvironmentVariable("FLIPFLOW_BENCH_POSTGRES");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = string.IsNullOrEmpty(postgres) ? nameof(DatabaseProvider.Sqlite) : nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:FlipFlow"] = postgres ?? "",
            ["FlipFlow:DataFolder"] = folder,
            // The web app's name, as when it runs on its own: its static assets' manifest is found by it.
            ["applicationName"] = typeof(WebHost).Assembly.GetName().Name,
            ["FlipFlow:DemoData"] = "false",
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // One key sends every call: its per-minute read budget must not be what is measured.
            ["Api:RateLimits:ReadsPerMinute"] = "1000000",
            // The jobs that change listings stay off, so every call reads the same business.
            ["Jobs:demo-market:Enabled"] = "false",
            ["Jobs:listings-sync:Enabled"] = "false",
            ["Jobs:listing-snapshots:Enabled"] = "false",
            ["Jobs:zombie-scan:Enabled"] = "false",
            ["Jobs:zombie-auto-resurrect:Enabled"] = "false",
            ["Jobs:listing-offers:Enabled"] = "false",
        };
        app = WebHost.Build([.. settings.Select(setting => $"--{setting.Key}={setting.Value}")]);
        app.StartAsync().GetAwaiter().GetResult();
        DashboardBenchmarks.Seed(app.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>());
        figures = app.Services.GetRequiredService<DashboardFigures>();
        DashboardBenchmarks.Check(figures.ReadAsync().GetAwaiter().GetResult());

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CreateKey(settings));
        using var first = client.GetAsync("/api/v1/stats/dashboard").GetAwaiter().GetResult();
        if (!first.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/v1/stats/dashboard answered {(int)first.StatusCode}: {first.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    /// <summary>A Viewer key, made as the README tells a user to: <c>apikeys create</c> over the same database.</summary>
    private static string CreateKey(IReadOnlyDictionary<string, string?> settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FlipFlowCli.RunAsync(["apikeys", "create", "--name", "benchmark", "--role", "Viewer"], settings, output, error).GetAwaiter().GetResult();
        if (exit != FlipFlowCli.Ok || KeyLine().Match(output.ToString()) is not { Success: true } key)
        {
            throw new InvalidOperationException($"apikeys create exited {exit}: {output}{error}");
        }
        return key.Groups[1].Value;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        app.StopAsync().GetAwaiter().GetResult();
        ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "DashboardFigures.ReadAsync, no HTTP: 100,000 listings")]
    public Task<DashboardReport> Figures() => figures.ReadAsync();

    [Benchmark(Description = "GET /api/v1/stats/dashboard over HTTP: 100,000 listings")]
    public async Task<int> Api()
    {
        using var response = await client.GetAsync("/api/v1/stats/dashboard", HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [GeneratedRegex(@"Authorization: Bearer (\S+)")]
    private static partial Regex KeyLine();
}
