using FlipFlow.Domain.Batches;
using FlipFlow.Web.Features.Jobs;
using MudBlazor;

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

    /// <summary>The colour of a batch's status chip (and of its progress bar once it has ended).</summary>
    public static Color ColorOf(BatchStatus status) => status switch
    {
        BatchStatus.Completed => Color.Success,
        BatchStatus.Running => Color.Info,
        BatchStatus.CompletedWithFailures => Color.Warning,
        BatchStatus.Failed => Color.Error,
        BatchStatus.Cancelled => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>A marketplace job's status in words: its name, as the status filter lists it.</summary>
    public static string Status(MarketplaceJobStatus status) => status.ToString();

    public static Color ColorOf(MarketplaceJobStatus status) => status switch
    {
        MarketplaceJobStatus.Completed => Color.Success,
        MarketplaceJobStatus.Running => Color.Info,
        MarketplaceJobStatus.Failed => Color.Error,
        MarketplaceJobStatus.Cancelled => Color.Dark,
        _ => Color.Default,
    };

    public static string Status(MarketplaceTaskStatus status) => status.ToString();

    public static Color ColorOf(MarketplaceTaskStatus status) => status switch
    {
        MarketplaceTaskStatus.Completed => Color.Success,
        MarketplaceTaskStatus.Running => Color.Info,
        MarketplaceTaskStatus.Failed => Color.Error,
        MarketplaceTaskStatus.Skipped => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>The progress bar's colour: the primary colour while the batch runs, its status colour once it has ended.</summary>
    public static Color ProgressColor(BatchJob batch) => batch.Status switch
    {
        BatchStatus.Pending or BatchStatus.Running => Color.Primary,
        var status => ColorOf(status),
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
