namespace FlipFlow.Infrastructure.Batches;

/// <summary>How marketplace work is run: Orchestration:* in appsettings.json.</summary>
public sealed class OrchestrationOptions
{
    public const string Section = "Orchestration";

    /// <summary>How many times a step is tried on transient errors (timeouts, 429, 5xx) before its job fails.</summary>
    public int TaskMaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry of a step; each next one waits twice as long, up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryInitialSeconds { get; set; } = 1;

    public double RetryMaxSeconds { get; set; } = 30;

    /// <summary>
    /// How long a node's claim on a job holds without news. A job whose claim has lapsed is taken up by another
    /// node; on SQLite, where one process runs jobs, a restarted process takes up its predecessor's at once.
    /// </summary>
    public int ClaimLeaseSeconds { get; set; } = 120;
}
