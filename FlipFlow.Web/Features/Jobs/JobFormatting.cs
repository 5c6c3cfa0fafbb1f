using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Components.Shared;
using MudBlazor;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>
/// How the jobs pages write times, durations and outcomes. Schedules are UTC (cron is evaluated in UTC), so
/// every time here is shown in UTC and says so, in the configured culture.
/// </summary>
public static class JobFormatting
{
    public static string Utc(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("g") + " UTC" : "–";

    /// <summary>When the job runs next on its schedule, or why it does not.</summary>
    public static string NextRun(JobStatus job) => job switch
    {
        { Enabled: false } => "disabled",
        { Paused: true } => "paused",
        _ => Utc(job.NextFireAt),
    };

    /// <summary>With seconds, for run starts and ends, where a minute is too coarse.</summary>
    public static string UtcWithSeconds(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("G") + " UTC" : "–";

    /// <summary>Most runs take seconds or less, so short durations keep a decimal; long ones read as "3 h 4 min".</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "–",
        { TotalMinutes: < 1 } span => $"{Math.Max(0, span.TotalSeconds):0.0} s",
        { } span => Durations.Describe(span),
    };

    /// <summary>A run's outcome in words, as its chip and the outcome filter show it.</summary>
    public static string Outcome(JobOutcome outcome) => outcome.ToString();

    /// <summary>The colour of a run's outcome chip.</summary>
    public static Color OutcomeColor(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => Color.Success,
        JobOutcome.Running => Color.Info,
        JobOutcome.Retrying => Color.Warning,
        JobOutcome.Failed or JobOutcome.Interrupted => Color.Error,
        JobOutcome.Cancelled => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>What started a run, in words: "Schedule", "Manual", "Batch 12".</summary>
    public static string Trigger(JobRun run) => run.StartedBy;

    /// <summary>A trigger as the trigger filter lists it.</summary>
    public static string Trigger(JobTrigger trigger) => trigger == JobTrigger.Batch ? "Batch" : trigger.ToString();

    /// <summary>One chip of a job's state: its words, colour, look, and the test id's start (the job's id follows).</summary>
    public sealed record StateChip(string Text, Color Color, Variant Variant, string TestIdPrefix, string Explanation);

    /// <summary>
    /// A job's state at a glance, as chips: Paused, Disabled and Running as they apply, or Scheduled when none does.
    /// </summary>
    public static IReadOnlyList<StateChip> States(JobStatus job)
    {
        var chips = new List<StateChip>();
        if (job.Paused)
        {
            chips.Add(new("Paused", Color.Warning, Variant.Filled, "job-paused", "Does not run on its schedule until resumed."));
        }
        if (!job.Enabled)
        {
            chips.Add(new("Disabled", Color.Dark, Variant.Filled, "job-disabled", "Switched off in the settings: it has no schedule."));
        }
        if (job.RunningNow > 0)
        {
            chips.Add(new(job.RunningNow == 1 ? "Running" : $"{job.RunningNow} running", Color.Info, Variant.Filled, "job-running", "Running now."));
        }
        if (chips.Count == 0)
        {
            chips.Add(new("Scheduled", Color.Success, Variant.Outlined, "job-scheduled", "Runs on its schedule."));
        }
        return chips;
    }

    /// <summary>The colour of the scheduler's state: Running is well, Standby waits, anything else has stopped.</summary>
    public static Color SchedulerStateColor(string state) => state switch
    {
        "Running" => Color.Success,
        "Standby" => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>Runs that <c>IJobScheduler.RetryAsync</c> accepts.</summary>
    public static bool CanRetry(JobRun run) => run.Outcome is JobOutcome.Failed or JobOutcome.Cancelled or JobOutcome.Interrupted;
}
