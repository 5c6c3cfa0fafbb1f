using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Components.Shared;
using Radzen;

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

    public static BadgeStyle OutcomeStyle(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => BadgeStyle.Success,
        JobOutcome.Running => BadgeStyle.Info,
        JobOutcome.Retrying => BadgeStyle.Warning,
        JobOutcome.Failed => BadgeStyle.Danger,
        JobOutcome.Interrupted => BadgeStyle.Danger,
        JobOutcome.Cancelled => BadgeStyle.Secondary,
        _ => BadgeStyle.Light,
    };

    /// <summary>Runs that <c>IJobScheduler.RetryAsync</c> accepts.</summary>
    public static bool CanRetry(JobRun run) => run.Outcome is JobOutcome.Failed or JobOutcome.Cancelled or JobOutcome.Interrupted;
}
