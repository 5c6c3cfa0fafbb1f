using System.Text.Json.Serialization;
using FlipFlow.Infrastructure.Database;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>The health answer an Admin sees, with what the anonymous one leaves out.</summary>
public sealed record HealthDetail(string Status, DateTimeOffset CheckedAt, DatabaseDetail Database, SchedulerDetail Scheduler)
{
    [JsonIgnore]
    public bool Healthy => Status == "Healthy";

    public HealthReport ForAnyone() => new(Status, CheckedAt,
        new DatabaseHealth(Database.Reachable, Database.PendingMigrations), new SchedulerHealth(Scheduler.State));
}

public sealed record DatabaseDetail(string Provider, bool Reachable, int PendingMigrations, string? Error);

/// <summary>The local scheduler's state ("Running", "NotRunning" or "Failed"), its node name and its cluster.</summary>
public sealed record SchedulerDetail(string State, string InstanceId, bool Clustered, int Nodes, string? Error);

/// <summary>
/// Checks the database and the scheduler for /health, at most once per <see cref="Freshness"/>: a flood of
/// /health requests then costs the database one query every two seconds. Problems are logged once per check.
/// </summary>
public sealed class HealthCheck
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private readonly Func<CancellationToken, Task<DatabaseStatus>> database;
    private readonly Func<CancellationToken, Task<SchedulerDetail>> scheduler;
    private readonly TimeProvider clock;
    private readonly ILogger<HealthCheck> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private HealthDetail? last;

    public HealthCheck(DatabaseMigrator migrator, SchedulerHealthProbe scheduler, TimeProvider clock, ILogger<HealthCheck> logger)
        : this(migrator.GetStatusAsync, scheduler.CheckAsync, clock, logger)
    {
    }

    /// <summary>The checks as functions, so tests can count what reaches the database.</summary>
    internal HealthCheck(Func<CancellationToken, Task<DatabaseStatus>> database, Func<CancellationToken, Task<SchedulerDetail>> scheduler,
        TimeProvider clock, ILogger<HealthCheck> logger)
    {
        this.database = database;
        this.scheduler = scheduler;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<HealthDetail> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }
        // One check at a time: requests that arrive while it runs take its answer instead of starting their own.
        await gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh() ?? (last = await RunAsync(cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    private HealthDetail? Fresh() => last is { } detail && clock.GetUtcNow() - detail.CheckedAt < Freshness ? detail : null;

    private async Task<HealthDetail> RunAsync(CancellationToken cancellationToken)
    {
        var checkedAt = clock.GetUtcNow();
        var status = await database(cancellationToken);
        var schedulerDetail = await scheduler(cancellationToken);
        var healthy = status.Reachable && status.PendingMigrations.Count == 0 && schedulerDetail.State == SchedulerHealthProbe.Running;
        if (status.Error is { } error)
        {
            logger.LogWarning("Health check: the {Provider} database did not answer: {Error}", status.Provider, error);
        }
        else if (status.PendingMigrations.Count > 0)
        {
            logger.LogWarning("Health check: {Count} migrations are pending: {Migrations}", status.PendingMigrations.Count, string.Join(", ", status.PendingMigrations));
        }
        if (schedulerDetail.Error is { } schedulerError)
        {
            logger.LogWarning("Health check: the scheduler failed: {Error}", schedulerError);
        }
        return new HealthDetail(healthy ? "Healthy" : "Unhealthy", checkedAt,
            new DatabaseDetail(status.Provider.ToString(), status.Reachable, status.PendingMigrations.Count, status.Error),
            schedulerDetail);
    }
}
