using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// This process's Hangfire job servers: "&lt;node&gt;/jobs" for the catalogue's queue (Jobs:MaxConcurrency workers; it
/// also runs the schedulers and the storage's upkeep) and one "&lt;node&gt;/marketplace-&lt;name&gt;" per marketplace
/// (Marketplaces:&lt;Name&gt;:MaxConcurrency workers), and "&lt;node&gt;/ingest" and "&lt;node&gt;/ingest-first" for imports from
/// addresses (Ingestion:Workers and Ingestion:FirstWorkers). Started by the console, or by a CLI verb that runs work here.
/// Before they start: on SQLite the scheduler lock is taken and what a dead process had fetched is handed back;
/// the schedules are brought in line; runs left Running by gone processes are marked Interrupted. While they run,
/// the schedules are checked every 5 s, and on PostgreSQL and SQL Server runs of gone nodes every 15 s.
/// </summary>
public sealed class JobServers(
    JobStorage storage,
    JobActivator activator,
    IJobFilterProvider filters,
    JobScheduleSync schedule,
    JobHistory history,
    JobNode thisNode,
    DatabaseSettings database,
    IOptions<JobsOptions> jobsOptions,
    IOptions<MarketplaceOptions> marketplaceOptions,
    IOptions<FlipFlow.Infrastructure.Ingest.IngestionOptions> ingestionOptions,
    ILogger<JobServers> logger) : IAsyncDisposable
{
    private static readonly TimeSpan OrphanSweepInterval = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim gate = new(1, 1);
    private List<BackgroundJobServer> running = [];
    private SchedulerLock? sqliteLock;
    private CancellationTokenSource? loopStop;
    private Task? loop;
    private bool stopped;

    public bool IsStarted { get; private set; }

    /// <summary>Running while this process runs jobs; Standby before (the CLI); Stopped after.</summary>
    public string State => IsStarted ? "Running" : stopped ? "Stopped" : "Standby";

    /// <summary>How many nodes ran job servers at the last check (this process only; never read from the database on request).</summary>
    public int LiveNodes { get; private set; } = 1;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (IsStarted)
            {
                return;
            }
            sqliteLock = SchedulerLock.AcquireFor(database);
            try
            {
                if (database.Provider == DatabaseProvider.Sqlite)
                {
                    var handedBack = SqliteQueueRecovery.Run(Path.Combine(database.DataFolder, HangfireStorageFactory.SqliteFileName));
                    if (handedBack > 0)
                    {
                        logger.LogWarning("{Count} jobs taken by a process that stopped go back to the queue", handedBack);
                    }
                }
                await schedule.SyncAsync(cancellationToken);
                await InterruptOrphansAsync(cancellationToken);
                running = Build();
            }
            catch
            {
                sqliteLock?.Dispose();
                sqliteLock = null;
                throw;
            }
            IsStarted = true;
            stopped = false;
            loopStop = new CancellationTokenSource();
            loop = Task.Run(() => WatchAsync(loopStop.Token), CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    private List<BackgroundJobServer> Build()
    {
        var jobs = jobsOptions.Value;
        var servers = new List<BackgroundJobServer> { new(Options($"{thisNode.Name}/{JobQueues.Catalogue}", JobQueues.Catalogue, jobs.MaxConcurrency, lightweight: false), storage) };
        foreach (var marketplace in Domain.Marketplaces.Marketplaces.All)
        {
            var queue = JobQueues.ForMarketplace(marketplace);
            var workers = Math.Max(1, marketplaceOptions.Value.For(marketplace).MaxConcurrency);
            servers.Add(new BackgroundJobServer(Options($"{thisNode.Name}/{queue}", queue, workers, lightweight: true), storage));
        }
        // An import's addresses mostly wait on the network and the hosts' limits, so they have many workers of their own.
        var ingest = ingestionOptions.Value;
        servers.Add(new BackgroundJobServer(Options($"{thisNode.Name}/{JobQueues.Ingest}", JobQueues.Ingest, ingest.Workers, lightweight: true), storage));
        servers.Add(new BackgroundJobServer(
            Options($"{thisNode.Name}/{JobQueues.IngestFirst}", JobQueues.IngestFirst, ingest.FirstWorkers, lightweight: true), storage));
        return servers;
    }

    private BackgroundJobServerOptions Options(string name, string queue, int workers, bool lightweight) => new()
    {
        ServerName = name,
        Queues = [queue],
        WorkerCount = Math.Max(1, workers),
        IsLightweightServer = lightweight,
        Activator = activator,
        FilterProvider = filters,
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        ServerTimeout = JobNode.ServerTimeout,
        ServerCheckInterval = TimeSpan.FromSeconds(10),
        CancellationCheckInterval = TimeSpan.FromSeconds(1),
        ShutdownTimeout = TimeSpan.FromSeconds(jobsOptions.Value.ShutdownGraceSeconds),
        StopTimeout = TimeSpan.Zero,
    };

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var nextSweep = DateTime.UtcNow + OrphanSweepInterval;
        using var timer = new PeriodicTimer(JobScheduleSync.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await schedule.SyncAsync(cancellationToken);
                    if (database.Provider != DatabaseProvider.Sqlite && DateTime.UtcNow >= nextSweep)
                    {
                        nextSweep = DateTime.UtcNow + OrphanSweepInterval;
                        await InterruptOrphansAsync(cancellationToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Could not check the job schedules");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task InterruptOrphansAsync(CancellationToken cancellationToken)
    {
        var self = thisNode.Name;
        // On SQLite this process is the only one running jobs, and its name is new at each start: every other one is gone.
        var alive = await thisNode.AliveAsync(cancellationToken);
        LiveNodes = alive?.Count ?? 1;
        Func<string, bool> gone = alive is null ? node => node != self : node => !alive.Contains(node);
        foreach (var run in await history.InterruptRunsAsync(run => gone(run.Node), cancellationToken))
        {
            logger.LogWarning("Run {RunId} of {JobId} (attempt {Attempt}) was cut off when {Node} stopped; marked Interrupted",
                run.Id, run.JobId, run.Attempt, run.Node);
        }
    }

    /// <summary>Stops the servers: running jobs' tokens fire and they get Jobs:ShutdownGraceSeconds to end.</summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (!IsStarted)
            {
                return;
            }
            loopStop?.Cancel();
            if (loop is not null)
            {
                await loop;
            }
            foreach (var server in running)
            {
                server.SendStop();
            }
            foreach (var server in running)
            {
                await server.WaitForShutdownAsync(CancellationToken.None);
                server.Dispose();
            }
            running = [];
            IsStarted = false;
            stopped = true;
            loopStop?.Dispose();
            sqliteLock?.Dispose();
            sqliteLock = null;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
