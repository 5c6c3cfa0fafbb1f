namespace FlipFlow.Infrastructure.Jobs;

/// <summary>The <c>Jobs</c> section of appsettings.json, beside each job's own Jobs:&lt;id&gt; settings.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How many days the history keeps a successful or cancelled run.</summary>
    public int KeepSucceededDays { get; set; } = 30;

    /// <summary>How many days the history keeps a failed or interrupted run.</summary>
    public int KeepFailedDays { get; set; } = 90;

    /// <summary>How many jobs one process runs at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a stopping process waits for running jobs to finish after asking them to stop.</summary>
    public int ShutdownGraceSeconds { get; set; } = 30;

    /// <summary>
    /// How long a job taken from the queue stays hidden from other workers without its process renewing it: a
    /// job fetched by a process that died runs again elsewhere after this long. A live process renews its jobs.
    /// </summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 60;

    public TimeSpan InvisibilityTimeout => TimeSpan.FromSeconds(InvisibilityTimeoutSeconds);
}
