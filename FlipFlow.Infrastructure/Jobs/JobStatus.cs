using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>One catalogue job as the console and `jobs list` show it.</summary>
public sealed record JobStatus(
    string Id,
    string Title,
    string Description,
    string Cron,
    string? CronInWords,
    bool Enabled,
    bool Paused,
    bool AllowOverlap,
    int MaxAttempts,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? PreviousFireAt,
    JobRun? LastRun,
    int RunningNow);

/// <summary>The scheduler as a whole: whether it runs, where, and what it is doing.</summary>
/// <param name="State">Running, Standby (this process does not run jobs, e.g. the CLI), or Stopped.</param>
/// <param name="Nodes">The FlipFlow processes sharing the schedule (one on SQLite).</param>
public sealed record SchedulerStatus(
    string State,
    string InstanceId,
    bool Clustered,
    IReadOnlyList<SchedulerNode> Nodes,
    int ScheduledJobs,
    int PausedJobs,
    JobCounters Counters);

public sealed record SchedulerNode(string InstanceId, DateTimeOffset? LastCheckIn, string State, bool IsThisProcess);

/// <summary>A job operation that cannot be done, with the reason for the person who asked.</summary>
public sealed class JobOperationException(string message) : Exception(message);
