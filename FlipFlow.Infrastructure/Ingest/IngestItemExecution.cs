using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// One address of an import as the engine runs it: a Hangfire job named for the address. A fault that may pass ends the
/// attempt with <see cref="IngestRetryException"/>, which <see cref="IngestRetryAttribute"/> turns into the engine's
/// Scheduled state for the wait the runner chose (backoff with jitter, or the server's Retry-After); the runner counts the
/// attempts and ends the address Failed after the last, so no job is retried past it.
/// </summary>
public sealed class IngestItemExecution(IngestItemRunner runner)
{
    [JobDisplayName("{1}")]
    [IngestRetry]
    public async Task<string> RunAsync(long itemId, string title, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(itemId, cancellationToken);
        return outcome.RetryIn is { } wait
            ? throw new IngestRetryException(wait, outcome.Summary)
            : outcome.Summary;
    }
}

/// <summary>An attempt that failed in a way that may pass: the address is fetched again after <see cref="Wait"/>.</summary>
public sealed class IngestRetryException(TimeSpan wait, string message) : Exception(message)
{
    public TimeSpan Wait { get; } = wait;
}

/// <summary>Schedules the next attempt of an address whose attempt ended in <see cref="IngestRetryException"/>, after its wait.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IngestRetryAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: IngestRetryException retry })
        {
            context.CandidateState = new ScheduledState(retry.Wait) { Reason = $"Tried again in {retry.Wait.TotalSeconds:0} s: {retry.Message}" };
        }
    }
}
