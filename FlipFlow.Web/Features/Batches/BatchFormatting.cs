using FlipFlow.Domain.Batches;
using FlipFlow.Web.Features.Jobs;
using Radzen;

namespace FlipFlow.Web.Features.Batches;

/// <summary>
/// How the batches pages write statuses, durations and shares. Times are written as the jobs pages write them
/// (<see cref="JobFormatting"/>: UTC, in the configured culture), so every console page reads the same.
/// </summary>
public static class BatchFormatting
{
    public static string Status(BatchStatus status) => status switch
    {
        BatchStatus.CompletedWithFailures => "Completed with failures",
        _ => status.ToString(),
    };

    public static BadgeStyle Style(BatchStatus status) => status switch
    {
        BatchStatus.Completed => BadgeStyle.Success,
        BatchStatus.Running => BadgeStyle.Info,
        BatchStatus.Pending => BadgeStyle.Light,
        BatchStatus.CompletedWithFailures => BadgeStyle.Warning,
        BatchStatus.Failed => BadgeStyle.Danger,
        BatchStatus.Cancelled => BadgeStyle.Secondary,
        _ => BadgeStyle.Light,
    };

    public static BadgeStyle Style(MarketplaceJobStatus status) => status switch
    {
        MarketplaceJobStatus.Completed => BadgeStyle.Success,
        MarketplaceJobStatus.Running => BadgeStyle.Info,
        MarketplaceJobStatus.Failed => BadgeStyle.Danger,
        MarketplaceJobStatus.Cancelled => BadgeStyle.Secondary,
        _ => BadgeStyle.Light,
    };

    public static BadgeStyle Style(MarketplaceTaskStatus status) => status switch
    {
        MarketplaceTaskStatus.Completed => BadgeStyle.Success,
        MarketplaceTaskStatus.Running => BadgeStyle.Info,
        MarketplaceTaskStatus.Failed => BadgeStyle.Danger,
        MarketplaceTaskStatus.Skipped => BadgeStyle.Secondary,
        _ => BadgeStyle.Light,
    };

    public static ProgressBarStyle ProgressStyle(BatchJob batch) => batch.Status switch
    {
        BatchStatus.Completed => ProgressBarStyle.Success,
        BatchStatus.CompletedWithFailures => ProgressBarStyle.Warning,
        BatchStatus.Failed => ProgressBarStyle.Danger,
        BatchStatus.Cancelled => ProgressBarStyle.Secondary,
        _ => ProgressBarStyle.Primary,
    };

    /// <summary>"finished / total", the numbers in the console's culture.</summary>
    public static string Progress(BatchJob batch) => $"{batch.FinishedJobs:N0} / {batch.TotalJobs:N0}";

    /// <summary>How long the batch has taken: from its first job's start (or its creation) to its end, or to now while it runs.</summary>
    public static TimeSpan? Duration(BatchJob batch, DateTimeOffset now)
    {
        var start = batch.StartedAt ?? (batch.IsFinished ? batch.CreatedAt : (DateTimeOffset?)null);
        return start is { } from ? (batch.FinishedAt ?? now) - from : null;
    }

    /// <summary>A job's time from its start to its end, or to now while it runs.</summary>
    public static TimeSpan? Duration(MarketplaceJob job, DateTimeOffset now) =>
        job.StartedAt is { } from ? (job.FinishedAt ?? (job.IsFinished ? from : now)) - from : null;

    /// <summary>Task times are often well under a second: those read in milliseconds, the rest as the jobs pages write durations.</summary>
    public static string ShortDuration(TimeSpan? duration) => duration switch
    {
        null => "–",
        { TotalSeconds: < 1 } span => $"{Math.Max(0, span.TotalMilliseconds):N0} ms",
        { } span => JobFormatting.Duration(span),
    };

    /// <summary>A share such as a success rate, in the console's culture ("97.5%"); a dash when nothing was counted.</summary>
    public static string Share(double? share) => share is { } value ? value.ToString("P1") : "–";
}
