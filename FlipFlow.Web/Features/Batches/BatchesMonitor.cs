using System.Text;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;

namespace FlipFlow.Web.Features.Batches;

/// <summary>Which batches moved since the last look, so a page showing one batch reloads only for its own.</summary>
public sealed record BatchActivity(IReadOnlySet<long> ChangedBatches);

/// <summary>
/// One server-side look at marketplace work for every open console, so pages never poll. Every
/// <see cref="Interval"/>, and only while someone listens, it reads a fingerprint of the batches (the newest
/// ones, every unfinished one and the tasks of their running jobs) and raises <see cref="BatchesChanged"/>
/// with the batches that moved. It also keeps the figures every console shares, read once for all of them:
/// the failure alerts of the banner (<see cref="Alerts"/>) and the task statistics (<see cref="Stats"/>),
/// read again on their interval or as soon as a batch ends.
/// </summary>
public sealed class BatchesMonitor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BatchesMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often the failure alerts are read while a console is open.</summary>
    public static readonly TimeSpan AlertInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often the task statistics are read while someone looks at them, when no batch ends sooner.</summary>
    public static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(30);

    /// <summary>How many of the newest batches are watched besides the unfinished ones: the Batches page's first pages.</summary>
    private const int NewestWatched = 50;

    /// <summary>How many running batches, oldest first, and how many running jobs of each, are looked into for task progress.</summary>
    private const int RunningBatchesLookedInto = 20;

    private const int RunningJobsWatched = 100;

    private readonly Lock gate = new();
    private Dictionary<long, string> lastFingerprints = [];
    private int lastCount = -1;
    private DateTimeOffset? batchEndedAt;
    private IReadOnlyList<FailureAlert> alerts = [];
    private DateTimeOffset? alertsReadAt;
    private IReadOnlyList<MarketplaceTaskStats>? stats;
    private DateTimeOffset? statsReadAt;
    private readonly HashSet<string> failingReads = [];

    /// <summary>Raised on a background thread when batches moved; subscribers marshal to their own context (InvokeAsync).</summary>
    public event Action<BatchActivity>? BatchesChanged;

    /// <summary>Raised on a background thread when <see cref="Alerts"/> changed.</summary>
    public event Action? AlertsChanged;

    /// <summary>Raised on a background thread when <see cref="Stats"/> were read again.</summary>
    public event Action? StatsChanged;

    /// <summary>The marketplaces failing too often, as last read; empty when nobody has listened for a while (they are read again at once).</summary>
    public IReadOnlyList<FailureAlert> Alerts
    {
        get
        {
            lock (gate)
            {
                return IsFresh(alertsReadAt, AlertInterval) ? alerts : [];
            }
        }
    }

    /// <summary>Task statistics per marketplace, as last read; null until read, or when too old to show (they are read again at once).</summary>
    public IReadOnlyList<MarketplaceTaskStats>? Stats
    {
        get
        {
            lock (gate)
            {
                return IsFresh(statsReadAt, StatsInterval) ? stats : null;
            }
        }
    }

    /// <summary>When <see cref="Stats"/> were read.</summary>
    public DateTimeOffset? StatsReadAt
    {
        get
        {
            lock (gate)
            {
                return statsReadAt;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (BatchesChanged is not null)
            {
                await ReadAsync("batches", CheckBatchesAsync, stoppingToken);
            }
            if (AlertsChanged is not null && (Due(alertsReadAt, AlertInterval) || EndedSince(alertsReadAt)))
            {
                await ReadAsync("failure alerts", ReadAlertsAsync, stoppingToken);
            }
            if (StatsChanged is not null && (Due(statsReadAt, StatsInterval) || EndedSince(statsReadAt)))
            {
                await ReadAsync("task statistics", ReadStatsAsync, stoppingToken);
            }
        }
    }

    private async Task CheckBatchesAsync(MarketplaceBatches batches, MarketplaceStats _, CancellationToken cancellationToken)
    {
        var count = await batches.CountAsync(cancellationToken);
        var watched = (await batches.ListAsync(0, NewestWatched, cancellationToken)).ToDictionary(batch => batch.Id);
        var fingerprints = new Dictionary<long, string>();
        var lookedInto = 0;
        foreach (var batch in await batches.UnfinishedAsync(cancellationToken))
        {
            watched[batch.Id] = batch;
            // Task progress shows only in started batches; a long queue of pending ones costs one row each, not a query.
            if (batch.Status == BatchStatus.Running && lookedInto++ < RunningBatchesLookedInto)
            {
                var running = await batches.JobsAsync(batch.Id, MarketplaceJobStatus.Running, 0, RunningJobsWatched, cancellationToken);
                fingerprints[batch.Id] = Describe(batch) + Describe(running.Jobs);
            }
        }
        foreach (var batch in watched.Values.Where(batch => !fingerprints.ContainsKey(batch.Id)))
        {
            fingerprints[batch.Id] = Describe(batch);
        }

        var changed = fingerprints.Where(pair => lastFingerprints.GetValueOrDefault(pair.Key) != pair.Value).Select(pair => pair.Key)
            .Concat(lastFingerprints.Keys.Where(id => !fingerprints.ContainsKey(id)))
            .ToHashSet();
        var ended = changed.Any(id => watched.TryGetValue(id, out var batch) && batch.IsFinished);
        var countChanged = count != lastCount;
        (lastFingerprints, lastCount) = (fingerprints, count);
        if (ended)
        {
            lock (gate)
            {
                batchEndedAt = clock.GetUtcNow();
            }
        }
        if (changed.Count > 0 || countChanged)
        {
            BatchesChanged?.Invoke(new BatchActivity(changed));
        }
    }

    private async Task ReadAlertsAsync(MarketplaceBatches _, MarketplaceStats marketplaceStats, CancellationToken cancellationToken)
    {
        var read = await marketplaceStats.FailureAlertsAsync(cancellationToken);
        bool moved;
        lock (gate)
        {
            moved = !IsFresh(alertsReadAt, AlertInterval) || !read.SequenceEqual(alerts);
            (alerts, alertsReadAt) = (read, clock.GetUtcNow());
        }
        if (moved)
        {
            AlertsChanged?.Invoke();
        }
    }

    private async Task ReadStatsAsync(MarketplaceBatches _, MarketplaceStats marketplaceStats, CancellationToken cancellationToken)
    {
        var read = await marketplaceStats.TaskStatsAsync(cancellationToken);
        lock (gate)
        {
            (stats, statsReadAt) = (read, clock.GetUtcNow());
        }
        StatsChanged?.Invoke();
    }

    /// <summary>Runs one read; a failing read is logged once per outage, not every second, and the pages keep what they show.</summary>
    private async Task ReadAsync(string what, Func<MarketplaceBatches, MarketplaceStats, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        try
        {
            // A scope per read, so this works whatever lifetime the services are registered with.
            await using var scope = scopes.CreateAsyncScope();
            await read(scope.ServiceProvider.GetRequiredService<MarketplaceBatches>(), scope.ServiceProvider.GetRequiredService<MarketplaceStats>(),
                cancellationToken);
            if (failingReads.Remove(what))
            {
                logger.LogInformation("The marketplace console reads its {What} again.", what);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (failingReads.Add(what))
            {
                logger.LogWarning(error, "The marketplace console cannot read its {What}; open pages stop updating until it can.", what);
            }
        }
    }

    private bool Due(DateTimeOffset? readAt, TimeSpan interval) => readAt is not { } at || clock.GetUtcNow() - at >= interval;

    /// <summary>Fresh enough to show: read while someone was listening, within two of its intervals.</summary>
    private bool IsFresh(DateTimeOffset? readAt, TimeSpan interval) => readAt is { } at && clock.GetUtcNow() - at < interval * 2 + Interval;

    private bool EndedSince(DateTimeOffset? readAt)
    {
        lock (gate)
        {
            return batchEndedAt is { } ended && (readAt is not { } at || ended > at);
        }
    }

    private static string Describe(BatchJob batch) =>
        $"{batch.Status}|{batch.TotalJobs}|{batch.SucceededJobs}|{batch.FailedJobs}|{batch.CancelledJobs}|{batch.CancelRequested}|{batch.StartedAt:O}|{batch.FinishedAt:O}";

    private static string Describe(IEnumerable<MarketplaceJob> running)
    {
        var text = new StringBuilder();
        foreach (var job in running)
        {
            text.Append(';').Append(job.Id).Append(':').Append(job.Attempts);
            foreach (var task in job.Tasks)
            {
                text.Append(',').Append((int)task.Status).Append('/').Append(task.Attempts);
            }
        }
        return text.ToString();
    }
}
