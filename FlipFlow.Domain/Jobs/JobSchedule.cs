namespace FlipFlow.Domain.Jobs;

/// <summary>
/// What an operator changed about a catalogue job's schedule: a pause, and a cron edited in the console or
/// the CLI. This row is the truth; the engine's recurring job follows it in every process, and it survives
/// restarts. A job nobody changed has no row and runs on its configured cron.
/// </summary>
public sealed class JobSchedule
{
    public string JobId { get; set; } = "";

    /// <summary>The edited cron (UTC); null runs the job on its configured cron.</summary>
    public string? Cron { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public string? EditedBy { get; set; }

    public bool Paused { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public string? PausedBy { get; set; }
}
