using FlipFlow.Domain.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job behind every catalogue entry, activated in a scope of its own for each run: it runs the
/// entry's work with the run's cancellation token (fired by a shutdown, a Cancel in the console or a Delete on
/// the dashboard). <see cref="JobRunRecorder"/> writes the run around it; the entry's retries come from
/// <see cref="CatalogRetryFilterProvider"/>.
/// </summary>
public sealed class CatalogJobRunner(JobCatalog catalog, IServiceProvider scope)
{
    /// <summary>A scheduled, triggered or batch run; retried by the entry's retry policy.</summary>
    [JobDisplayName("{1}")]
    public Task<string> RunAsync(string jobId, string title, PerformContext? context, CancellationToken cancellationToken) =>
        WorkAsync(jobId, context, cancellationToken);

    /// <summary>A retry by hand of a finished run: one more attempt of it, not retried again by itself.</summary>
    [JobDisplayName("{1} (retry)")]
    [AutomaticRetry(Attempts = 0)]
    public Task<string> RetryAsync(string jobId, string title, PerformContext? context, CancellationToken cancellationToken) =>
        WorkAsync(jobId, context, cancellationToken);

    private async Task<string> WorkAsync(string jobId, PerformContext? context, CancellationToken cancellationToken)
    {
        var entry = catalog.Get(jobId);
        var run = JobRunRecorder.RunOf(context)
            ?? throw new InvalidOperationException($"{jobId} ran without its run being recorded; catalogue jobs run only on FlipFlow's job servers.");
        var work = (IJobWork)scope.GetRequiredService(entry.WorkType);
        return await work.RunAsync(run, cancellationToken);
    }

    /// <summary>The catalogue job id a Hangfire job runs, or null when it is not a catalogue job.</summary>
    public static string? JobIdOf(Job? job) =>
        job is not null && job.Type == typeof(CatalogJobRunner) && job.Args.Count > 0 ? job.Args[0] as string : null;

    /// <summary>Whether the job is a scheduled, triggered or batch run (the one the entry's retry policy applies to).</summary>
    public static bool IsRetriedByPolicy(Job job) => job.Method.Name == nameof(RunAsync);

    public static Job Run(CatalogEntry entry) =>
        Job.FromExpression<CatalogJobRunner>(runner => runner.RunAsync(entry.Definition.Id, entry.Definition.Title, null, CancellationToken.None), JobQueues.Catalogue);

    public static Job Retry(CatalogEntry entry) =>
        Job.FromExpression<CatalogJobRunner>(runner => runner.RetryAsync(entry.Definition.Id, entry.Definition.Title, null, CancellationToken.None), JobQueues.Catalogue);
}
