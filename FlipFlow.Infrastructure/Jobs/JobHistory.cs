using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>Which runs to list: one job's, optionally by outcome, trigger and time, one page at a time.</summary>
public sealed record JobRunQuery(
    string? JobId = null,
    JobOutcome? Outcome = null,
    JobTrigger? Trigger = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Skip = 0,
    int Take = 50);

public sealed record JobRunPage(IReadOnlyList<JobRun> Runs, int Total);

/// <summary>The counters at the top of the jobs console.</summary>
public sealed record JobCounters(int Running, int Retrying, int SucceededLastDay, int FailedLastDay);

/// <summary>
/// The run history: one row per attempt, written when it starts and again when it ends, each in its own
/// short transaction so the console sees a run while it is running.
/// </summary>
public sealed class JobHistory(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    /// <param name="supersedes">An attempt that waited for this one as its retry: marked Failed in the same commit,
    /// so nobody reading the history sees the run ended between the two.</param>
    public async Task StartAsync(JobRun run, JobRun? supersedes = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.JobRuns.Add(run);
        if (supersedes is not null)
        {
            db.JobRuns.Attach(supersedes);
            supersedes.Outcome = JobOutcome.Failed;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes the run's end: outcome, times, summary, error and log.</summary>
    public async Task FinishAsync(JobRun run, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.JobRuns.Update(run);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<JobRun?> FindAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().FirstOrDefaultAsync(run => run.Id == runId, cancellationToken);
    }

    /// <summary>Every attempt of the run that <paramref name="chainId"/> started, first to last.</summary>
    public async Task<IReadOnlyList<JobRun>> AttemptsAsync(Guid chainId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().Where(run => run.ChainId == chainId).OrderBy(run => run.Attempt).ToListAsync(cancellationToken);
    }

    /// <summary>The newest attempt of the job waiting for its automatic retry: the chain the next attempt continues.</summary>
    public async Task<JobRun?> LatestRetryingAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking()
            .Where(run => run.JobId == jobId && run.Outcome == JobOutcome.Retrying)
            .OrderByDescending(run => run.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<JobRunPage> QueryAsync(JobRunQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.JobRuns.AsNoTracking();
        if (query.JobId is not null)
        {
            runs = runs.Where(run => run.JobId == query.JobId);
        }
        if (query.Outcome is { } outcome)
        {
            runs = runs.Where(run => run.Outcome == outcome);
        }
        if (query.Trigger is { } trigger)
        {
            runs = runs.Where(run => run.Trigger == trigger);
        }
        if (query.From is { } from)
        {
            runs = runs.Where(run => run.StartedAt >= from);
        }
        if (query.To is { } to)
        {
            runs = runs.Where(run => run.StartedAt < to);
        }
        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(run => run.StartedAt).ThenByDescending(run => run.Attempt)
            .Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(cancellationToken);
        return new JobRunPage(page, total);
    }

    /// <summary>The newest run of each job, for the job list's "last outcome".</summary>
    public async Task<IReadOnlyDictionary<string, JobRun>> LatestByJobAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.JobRuns.AsNoTracking()
            .GroupBy(run => run.JobId)
            .Select(group => group.OrderByDescending(run => run.StartedAt).ThenByDescending(run => run.Attempt).First())
            .ToListAsync(cancellationToken);
        return latest.ToDictionary(run => run.JobId);
    }

    /// <summary>The job's runs recorded as Running now, on whichever node.</summary>
    public async Task<IReadOnlyList<JobRun>> RunningAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().Where(run => run.JobId == jobId && run.Outcome == JobOutcome.Running).ToListAsync(cancellationToken);
    }

    /// <summary>How many runs of each job are running now.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunningCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking()
            .Where(run => run.Outcome == JobOutcome.Running)
            .GroupBy(run => run.JobId)
            .Select(group => new { JobId = group.Key, Count = group.Count() })
            .ToDictionaryAsync(row => row.JobId, row => row.Count, cancellationToken);
    }

    public async Task<JobCounters> CountersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow().AddDays(-1);
        var recent = await db.JobRuns.AsNoTracking()
            .Where(run => run.Outcome == JobOutcome.Running || run.Outcome == JobOutcome.Retrying || run.StartedAt >= since)
            .GroupBy(run => new { run.Outcome, Recent = run.StartedAt >= since })
            .Select(group => new { group.Key.Outcome, group.Key.Recent, Count = group.Count() })
            .ToListAsync(cancellationToken);
        int Count(JobOutcome outcome, bool recentOnly) =>
            recent.Where(row => row.Outcome == outcome && (!recentOnly || row.Recent)).Sum(row => row.Count);
        return new JobCounters(Count(JobOutcome.Running, false), Count(JobOutcome.Retrying, false),
            Count(JobOutcome.Succeeded, true), Count(JobOutcome.Failed, true));
    }

    /// <summary>The job's newest run when it ended Interrupted: the one a recovery run continues.</summary>
    public async Task<JobRun?> LatestInterruptedAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.JobRuns.AsNoTracking()
            .Where(run => run.JobId == jobId)
            .OrderByDescending(run => run.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return latest is { Outcome: JobOutcome.Interrupted } ? latest : null;
    }

    /// <summary>Marks the Running runs that <paramref name="isCutOff"/> picks (their process is gone) as Interrupted; returns them.</summary>
    public async Task<IReadOnlyList<JobRun>> InterruptRunsAsync(Func<JobRun, bool> isCutOff, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await db.JobRuns.Where(run => run.Outcome == JobOutcome.Running).ToListAsync(cancellationToken);
        var orphans = running.Where(isCutOff).ToList();
        var now = clock.GetUtcNow();
        foreach (var run in orphans)
        {
            run.Outcome = JobOutcome.Interrupted;
            run.FinishedAt = now;
            run.Error = $"The process {run.Node} stopped while this run was running.";
        }
        await db.SaveChangesAsync(cancellationToken);
        return orphans;
    }

    /// <summary>Deletes finished runs: successes (and cancellations) before one moment, failures before another. Set-based.</summary>
    public async Task<int> DeleteFinishedAsync(DateTimeOffset succeededBefore, DateTimeOffset failedBefore, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var succeeded = await db.JobRuns
            .Where(run => (run.Outcome == JobOutcome.Succeeded || run.Outcome == JobOutcome.Cancelled) && run.StartedAt < succeededBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var failed = await db.JobRuns
            .Where(run => (run.Outcome == JobOutcome.Failed || run.Outcome == JobOutcome.Interrupted) && run.StartedAt < failedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        return succeeded + failed;
    }
}
