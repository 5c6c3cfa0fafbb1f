using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Benchmarks.Ingest;

/// <summary>
/// Issue 17, item 8: an import of <see cref="Addresses"/> addresses, <see cref="PerHost"/> on each of <see cref="Hosts"/>
/// shops on this machine that answer after 50 ms (<see cref="ShopPageServer"/>), end to end under the default Ingestion
/// limits (2 fetches at once and 2 starts a second per host, 20 workers). Three measurements in one run:
/// <list type="bullet">
/// <item>"Raw, polite" (the baseline): the same fetches with a plain HttpClient under the same per-host limits, no database,
/// no parsing: the floor those limits put under any importer, so the ratio is FlipFlow's own overhead;</item>
/// <item>"Raw, no host limits": the same fetches 20 at a time (Ingestion:Workers) and no per-host limit: what the
/// network work takes, so the gap to the polite run is what the limits cost;</item>
/// <item>"FlipFlow": <see cref="IngestSessions.StartBulkAsync"/> of the list with the job servers running, as in the
/// console, until the import has ended (polled every 50 ms): robots.txt, <see cref="HostLimits"/>, the guarded fetch, the
/// kept body, the shop adapter and the listing writer, on a new migrated SQLite database with the card catalogue.</item>
/// </list>
/// The list goes round the shops (shop 1, 2, … 20, 1, 2, …): the engine hands out addresses in list order, so a list sorted
/// by shop would keep most of the 20 workers waiting on one shop's limits; that order is a finding of its own, not this
/// benchmark's. Each iteration is one whole import (about 25 s at these limits): its database, job servers and limits are
/// made new in the iteration setup, outside the measured time. The summary printed at the end gives the medians, the ratio,
/// the share of FlipFlow's time spent waiting on the limits and the peak memory.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class IngestBenchmarks
{
    public const int Hosts = 20;
    public const int PerHost = 50;
    public const int Addresses = Hosts * PerHost;
    public const int Iterations = 3;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Far past the 25 s the limits ask for: an import stuck this long is a fault, not a figure.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    /// <summary>The limits as shipped; the raw runs copy them, and FlipFlow runs with its configuration untouched.</summary>
    private static readonly IngestionOptions Defaults = new();

    /// <summary>Every run of every method, kept across the benchmark cases (each case has an instance of its own).</summary>
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Run>> Runs = new();

    /// <summary>The methods whose runs were printed, so that each is printed once.</summary>
    private static readonly ConcurrentDictionary<string, bool> Printed = new();

    private ShopPageServer server = default!;
    private IReadOnlyList<Uri> addresses = [];
    private string list = "";

    private BenchmarkDatabase? database;
    private IngestSessions sessions = default!;
    private HostLimits limits = default!;
    private JobServers jobServers = default!;
    private WorkingSetPeak? workingSet;
    private Run? pending;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Monitoring: each iteration is one 25 s import, with no pilot, overhead or jitting runs, so three imports
            // per method and the memory diagnoser's one extra. The whole class takes about four minutes.
            AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(0).WithIterationCount(Iterations));
            AddColumn(StatisticColumn.Median);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        server = ShopPageServer.StartAsync(Hosts).GetAwaiter().GetResult();
        addresses = [.. Enumerable.Range(0, PerHost).SelectMany(n => Enumerable.Range(0, Hosts).Select(shop => new Uri(server.Product(shop, n))))];
        list = string.Join('\n', addresses.Select(address => address.AbsoluteUri));
        var parsed = IngestAddresses.Parse(list);
        if (parsed.Addresses.Count != Addresses || addresses.Select(address => address.Authority).Distinct().Count() != Hosts)
        {
            throw new InvalidOperationException($"The list has {parsed.Addresses.Count} distinct addresses, not {Addresses} over {Hosts} hosts.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        // Each case has its own cleanup: each prints its own runs, and the last one the summary over all three.
        foreach (var (method, runs) in Runs.Where(pair => Printed.TryAdd(pair.Key, true)))
        {
            Console.WriteLine("// " + PeakMemory.Describe(method));
            foreach (var line in Describe(method, runs))
            {
                Console.WriteLine("// " + line);
            }
        }
        foreach (var line in Summary())
        {
            Console.WriteLine("// " + line);
        }
    }

    [IterationSetup(Targets = [nameof(RawPolite), nameof(RawUnlimited)])]
    public void SetupRaw() => Arm();

    [IterationSetup(Target = nameof(FlipFlowImport))]
    public void SetupImport()
    {
        database = new BenchmarkDatabase(services => services.Configure<FetchingOptions>(options => options.AllowPrivateAddresses = true));
        var services = database.Host.Services;
        // The writer's title parser reads the catalogue, as on a console whose database was prepared.
        services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        sessions = services.GetRequiredService<IngestSessions>();
        limits = services.GetRequiredService<HostLimits>();
        jobServers = services.GetRequiredService<JobServers>();
        var ingestion = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        if (ingestion.PerHostConcurrency != Defaults.PerHostConcurrency || ingestion.PerHostRequestsPerSecond != Defaults.PerHostRequestsPerSecond
            || ingestion.Workers != Defaults.Workers || ingestion.FirstWorkers != Defaults.FirstWorkers)
        {
            throw new InvalidOperationException("The benchmark measures the default Ingestion limits; something configured others.");
        }
        // The console runs its job servers before anyone imports, so their start is not the import's time.
        jobServers.StartAsync().GetAwaiter().GetResult();
        Arm();
    }

    [IterationCleanup(Targets = [nameof(RawPolite), nameof(RawUnlimited)])]
    public void CleanupRaw() => Record();

    [IterationCleanup(Target = nameof(FlipFlowImport))]
    public void CleanupImport()
    {
        jobServers.StopAsync().GetAwaiter().GetResult();
        if (pending is { Import: { } import } run)
        {
            var contexts = database!.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
            using var db = contexts.CreateDbContext();
            var items = db.IngestItems.AsNoTracking().Where(item => item.SessionId == import.SessionId)
                .Select(item => new { item.StartedAt, item.FinishedAt, item.Attempts }).ToList();
            var timed = items.Where(item => item.StartedAt is not null && item.FinishedAt is not null).ToList();
            pending = run with
            {
                Import = import with
                {
                    InRunner = TimeSpan.FromTicks(timed.Sum(item => (item.FinishedAt!.Value - item.StartedAt!.Value).Ticks)),
                    FirstStartToLastEnd = timed.Count == 0 ? TimeSpan.Zero : timed.Max(item => item.FinishedAt!.Value) - timed.Min(item => item.StartedAt!.Value),
                    Attempts = items.Sum(item => item.Attempts),
                    Listings = db.MarketListings.Count(listing => listing.Source == MarketSourceKind.UrlImport),
                    WithCard = db.MarketListings.Count(listing => listing.Source == MarketSourceKind.UrlImport && listing.CardId != null),
                },
            };
        }
        Record();
        database?.Dispose();
        database = null;
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient, 2 at once and 2/s per host")]
    public async Task<int> RawPolite()
    {
        var clock = Stopwatch.StartNew();
        using var http = RawClient();
        var spacing = TimeSpan.FromSeconds(1 / Defaults.PerHostRequestsPerSecond);
        var fetched = await Task.WhenAll(addresses.GroupBy(address => address.Authority)
            .Select(host => PoliteAsync(http, [.. host], Defaults.PerHostConcurrency, spacing)));
        return Finish(nameof(RawPolite), clock, fetched.Sum());
    }

    [Benchmark(Description = "Raw HttpClient, no host limits, 20 at once")]
    public async Task<int> RawUnlimited()
    {
        var clock = Stopwatch.StartNew();
        using var http = RawClient();
        var fetched = 0;
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = Defaults.Workers }, async (address, cancellationToken) =>
        {
            await FetchAsync(http, address, cancellationToken);
            Interlocked.Increment(ref fetched);
        });
        return Finish(nameof(RawUnlimited), clock, fetched);
    }

    [Benchmark(Description = "FlipFlow bulk import, default limits")]
    public async Task<int> FlipFlowImport()
    {
        var clock = Stopwatch.StartNew();
        var started = await sessions.StartBulkAsync(IngestAddresses.Parse(list), "benchmark.txt", 0, "benchmark");
        IngestSession session;
        while (true)
        {
            await Task.Delay(PollInterval);
            session = await sessions.GetAsync(started.Session.Id)
                ?? throw new InvalidOperationException($"Import {started.Session.Id} is gone.");
            if (session.Status is IngestStatus.Complete or IngestStatus.Partial or IngestStatus.Failed)
            {
                break;
            }
            if (clock.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException($"Import {session.Id} is still {session.Status} after {GiveUpAfter.TotalMinutes} minutes: " +
                    $"{session.Succeeded} succeeded, {session.Partial} partial, {session.Failed} failed of {session.Total}.");
            }
        }
        var done = Finish(nameof(FlipFlowImport), clock, session.Succeeded);
        pending = pending! with
        {
            Import = new ImportFigures(session.Id, session.Succeeded, session.Partial, session.Failed, limits.TotalWaited, Defaults.Workers),
        };
        return done;
    }

    /// <summary>A client as FlipFlow's fetcher has one: pooled keep-alive connections, no redirects, cookies or decompression.</summary>
    private static HttpClient RawClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    /// <summary>
    /// One host's fetches under HostLimits' rule, written out plainly: at most <paramref name="concurrency"/> at once, and
    /// each start at least <paramref name="spacing"/> after the one before.
    /// </summary>
    private static async Task<int> PoliteAsync(HttpClient http, IReadOnlyList<Uri> host, int concurrency, TimeSpan spacing)
    {
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var fetches = new List<Task>(host.Count);
        var nextStart = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        foreach (var address in host)
        {
            await slots.WaitAsync();
            var now = clock.Elapsed;
            if (nextStart > now)
            {
                await Task.Delay(nextStart - now);
            }
            nextStart = (nextStart > now ? nextStart : now) + spacing;
            fetches.Add(FetchAndReleaseAsync(http, address, slots));
        }
        await Task.WhenAll(fetches);
        return fetches.Count;
    }

    private static async Task FetchAndReleaseAsync(HttpClient http, Uri address, SemaphoreSlim slots)
    {
        try
        {
            await FetchAsync(http, address, CancellationToken.None);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task FetchAsync(HttpClient http, Uri address, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        // The whole body, as the fetcher reads it.
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private void Arm()
    {
        server.ResetRequests();
        PeakMemory.Arm();
        workingSet = WorkingSetPeak.Start();
    }

    /// <summary>Stops the memory samplers at the end of the measured work and keeps the run's figures for the cleanup.</summary>
    private int Finish(string method, Stopwatch clock, int fetched)
    {
        var wall = clock.Elapsed;
        PeakMemory.Stop(method);
        var (baseline, peak) = workingSet!.Stop();
        pending = new Run(method, wall, fetched, server.Requests, baseline, peak, null);
        return fetched;
    }

    private void Record()
    {
        if (Interlocked.Exchange(ref pending, null) is { } run)
        {
            Runs.GetOrAdd(run.Method, _ => new()).Enqueue(run);
        }
    }

    /// <summary>Each run of one method.</summary>
    private static IEnumerable<string> Describe(string method, IEnumerable<Run> runs)
    {
        var index = 0;
        foreach (var run in runs)
        {
            // Monitoring runs the measured iterations first; a run past them is the memory diagnoser's, not in the table.
            var label = ++index <= Iterations ? $"run {index}" : $"run {index} (memory diagnoser's)";
            yield return $"{method} {label}: {Seconds(run.Wall)}, {run.Fetched} fetched, {run.Requests} requests served, " +
                $"working set {Megabytes(run.WorkingSetBefore)} before, peak {Megabytes(run.WorkingSetPeak)} (+{Megabytes(run.WorkingSetPeak - run.WorkingSetBefore)})" +
                (run.Import is { } import ? "; " + Describe(import, run.Wall) : "");
        }
    }

    /// <summary>The figures, once all three methods have run.</summary>
    private static IEnumerable<string> Summary()
    {
        if (Measured(nameof(RawPolite)) is not { Count: > 0 } polite || Measured(nameof(RawUnlimited)) is not { Count: > 0 } unlimited
            || Measured(nameof(FlipFlowImport)) is not { Count: > 0 } imports)
        {
            yield break;
        }
        var flipFlow = Median(imports.Select(run => run.Wall));
        var floor = Median(polite.Select(run => run.Wall));
        var bare = Median(unlimited.Select(run => run.Wall));
        yield return $"SUMMARY ({Addresses:N0} addresses, {Hosts} hosts x {PerHost}, {ShopPageServer.Latency.TotalMilliseconds:0} ms latency; " +
            $"limits {Defaults.PerHostConcurrency} at once and {Defaults.PerHostRequestsPerSecond:0.##}/s per host, {Defaults.Workers} workers; medians of {Iterations})";
        yield return $"  FlipFlow end to end {Seconds(flipFlow)}; raw under the same limits {Seconds(floor)}; raw without host limits {Seconds(bare)}";
        yield return $"  ratio FlipFlow / raw under the limits = {flipFlow / floor:0.000} (FlipFlow's own overhead {Seconds(flipFlow - floor)}); " +
            $"the limits' floor is {Percent(floor / flipFlow)} of FlipFlow's time, and what they add over the unlimited fetches, {Seconds(floor - bare)}, {Percent((floor - bare) / flipFlow)}";
        var waitedShares = imports.Where(run => run.Import!.InRunner > TimeSpan.Zero).Select(run => run.Import!.Waited / run.Import.InRunner).Order().ToList();
        var workerShares = imports.Select(run => run.Import!.Waited / (run.Import.Workers * run.Wall)).Order().ToList();
        // Two views of "waiting on the limits", both from HostLimits.TotalWaited (every fetch's time from asking for its
        // host's turn to getting it, summed). Over the addresses' time in the runner (each one's start to its end: robots.txt,
        // the wait, the fetch, keeping the body, reading and writing): how much of an address's life is the wait. Over the
        // ingest workers' time (workers x wall time): how much of the capacity the wait holds; the rest is the other work,
        // the engine's hand-over between jobs, and workers idle before the first job and after the last.
        yield return $"  waiting on the host limits: {Percent(MedianOf(waitedShares))} of the addresses' time in the runner, " +
            $"{Percent(MedianOf(workerShares))} of the {Defaults.Workers} ingest workers' time (medians)";
        yield return $"  peak working set of the process: FlipFlow {Megabytes(imports.Max(run => run.WorkingSetPeak))} " +
            $"(+{Megabytes(imports.Max(run => run.WorkingSetPeak - run.WorkingSetBefore))} over the run's start), " +
            $"raw polite {Megabytes(polite.Max(run => run.WorkingSetPeak))}, raw unlimited {Megabytes(unlimited.Max(run => run.WorkingSetPeak))}; " +
            $"the process's peak since it started {Megabytes(Process.GetCurrentProcess().PeakWorkingSet64)}. Every figure includes the shop server, which runs in this process";
    }

    private static List<Run>? Measured(string method) => Runs.TryGetValue(method, out var runs) ? [.. runs.Take(Iterations)] : null;

    private static string Describe(ImportFigures import, TimeSpan wall) =>
        $"{import.Succeeded} succeeded, {import.Partial} partial, {import.Failed} failed, {import.Attempts} attempts, " +
        $"{import.WithCard}/{import.Listings} listings named a card; waited on limits {Seconds(import.Waited)} in all, " +
        $"addresses in the runner {Seconds(import.InRunner)} in all ({Percent(import.InRunner > TimeSpan.Zero ? import.Waited / import.InRunner : 0)} waiting), " +
        $"workers {Percent(import.Waited / (import.Workers * wall))} waiting; first start to last end {Seconds(import.FirstStartToLastEnd)}";

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double MedianOf(List<double> sorted) =>
        sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>One measured run: its wall time, what it fetched, what the server answered and the process's working set.</summary>
    private sealed record Run(string Method, TimeSpan Wall, int Fetched, int Requests, long WorkingSetBefore, long WorkingSetPeak, ImportFigures? Import);

    /// <summary>An import's outcome and its time at the host limits; the rest is read from its addresses after the run.</summary>
    private sealed record ImportFigures(long SessionId, int Succeeded, int Partial, int Failed, TimeSpan Waited, int Workers)
    {
        /// <summary>The addresses' time in the runner, each from its start to its end, summed.</summary>
        public TimeSpan InRunner { get; init; }

        public TimeSpan FirstStartToLastEnd { get; init; }

        public int Attempts { get; init; }

        public int Listings { get; init; }

        public int WithCard { get; init; }
    }

    /// <summary>
    /// The process's working set, sampled every 5 ms from the start of a run (after a full collection) to its end: the
    /// resident memory of everything in the process, which the managed heap figures of <see cref="PeakMemory"/> leave out
    /// (SQLite's pages, native buffers, thread stacks).
    /// </summary>
    private sealed class WorkingSetPeak
    {
        private readonly long before = Environment.WorkingSet;
        private readonly Thread thread;
        private long peak;
        private volatile bool running = true;

        private WorkingSetPeak()
        {
            peak = before;
            thread = new Thread(() =>
            {
                while (running)
                {
                    Observe();
                    Thread.Sleep(5);
                }
            }) { IsBackground = true, Name = "working set sampler" };
        }

        public static WorkingSetPeak Start()
        {
            var sampler = new WorkingSetPeak();
            sampler.thread.Start();
            return sampler;
        }

        public (long Before, long Peak) Stop()
        {
            running = false;
            thread.Join();
            Observe();
            return (before, peak);
        }

        private void Observe() => peak = Math.Max(peak, Environment.WorkingSet);
    }
}
