namespace FlipFlow.Domain.Jobs;

/// <summary>
/// One entry of the job catalogue: what the job is, when it runs by default and how it is retried. The
/// schedule can be overridden in appsettings.json as Jobs:&lt;Id&gt;:Cron and switched off with Jobs:&lt;Id&gt;:Enabled.
/// </summary>
/// <param name="Id">Stable, lower-case, used in URLs, settings and the CLI: "history-cleanup".</param>
/// <param name="DefaultCron">A cron expression in UTC: five fields ("30 3 * * *"), or six with seconds first ("0 30 3 * * ?").</param>
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
/// How failed runs are tried again: up to <see cref="MaxAttempts"/> attempts in all; the first retry waits
/// <see cref="InitialDelay"/>, each next one twice as long, at most <see cref="MaxDelay"/>, each give or take
/// a fifth at random so that jobs failing together do not retry together.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// How long to wait before retry number <paramref name="retry"/> (1 for the second attempt): the initial delay,
    /// doubled for each retry before it, capped at the maximum, then moved by up to a fifth either way.
    /// </summary>
    /// <param name="random">A number in [0, 1): 0 waits a fifth less, 0.5 exactly, towards 1 a fifth more.</param>
    public TimeSpan DelayFor(int retry, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var doublings = Math.Min(retry - 1, 30);
        var ticks = Math.Min(InitialDelay.Ticks * (double)(1L << doublings), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + 0.4 * Math.Clamp(random, 0, 1))));
    }
}
