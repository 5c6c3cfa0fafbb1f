namespace FlipFlow.Domain.Jobs;

/// <summary>
/// One entry of the job catalogue: what the job is, when it runs by default and how it is retried. The
/// schedule can be overridden in appsettings.json as Jobs:&lt;Id&gt;:Cron and switched off with Jobs:&lt;Id&gt;:Enabled.
/// </summary>
/// <param name="Id">Stable, lower-case, used in URLs, settings and the CLI: "history-cleanup".</param>
/// <param name="DefaultCron">A Quartz cron expression, UTC, with a seconds field: "0 30 3 * * ?".</param>
/// <param name="AllowOverlap">Whether a new run may start while the last is still running.</param>
/// <param name="RecoverAfterCrash">Whether a run cut off by a crash is run again at the next start.</param>
public sealed record JobDefinition(
    string Id,
    string Title,
    string Description,
    string DefaultCron,
    RetryPolicy Retry,
    bool AllowOverlap = false,
    bool RecoverAfterCrash = false);

/// <summary>
/// How failed runs are tried again: attempt n (n ≥ 2) waits <see cref="InitialDelay"/> × 2^(n−2), at most
/// <see cref="MaxDelay"/>, plus up to a fifth more at random, so that jobs failing together do not retry together.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The wait before <paramref name="attempt"/> (2 for the first retry), with jitter drawn from <paramref name="random"/>.</summary>
    public TimeSpan DelayBefore(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        var exponential = InitialDelay.TotalSeconds * Math.Pow(2, attempt - 2);
        var capped = Math.Min(exponential, MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (1 + random.NextDouble() / 5));
    }
}
