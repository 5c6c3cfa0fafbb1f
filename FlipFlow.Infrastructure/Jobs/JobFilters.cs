using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.Common;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The filters this host's job servers and clients apply: the attributes on job methods and classes, Hangfire's
/// global filters except its AutomaticRetry(10) (each job states its own retries), and FlipFlow's own filters,
/// held by this host rather than Hangfire's static collections, so hosts in one process keep their own.
/// </summary>
public sealed class FlipFlowJobFilterProvider : IJobFilterProvider
{
    private readonly JobFilterProviderCollection providers;

    public FlipFlowJobFilterProvider(JobCatalog catalog, JobRunRecorder recorder, JobTriggerStamp triggerStamp,
        SqliteQueueKeepAlive keepAlive, DatabaseSettings database)
    {
        var own = new JobFilterCollection();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // First, so a job is renewed before the recorder's database work, which can take a while on a cold start.
            own.Add(keepAlive, 0);
        }
        own.Add(recorder, 1);
        own.Add(triggerStamp);
        own.Add(new JobChainStamp());
        providers = new JobFilterProviderCollection(new GlobalFiltersWithoutRetry(), new JobFilterAttributeFilterProvider(), own,
            new CatalogRetryFilterProvider(catalog));
    }

    public IEnumerable<JobFilter> GetFilters(Job job) => providers.GetFilters(job);

    private sealed class GlobalFiltersWithoutRetry : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) =>
            ((IJobFilterProvider)GlobalJobFilters.Filters).GetFilters(job).Where(filter => filter.Instance is not AutomaticRetryAttribute);
    }
}

/// <summary>Each catalogue entry's retry policy as Hangfire's AutomaticRetry: attempts, doubling delays with jitter, then Failed.</summary>
public sealed class CatalogRetryFilterProvider(JobCatalog catalog) : IJobFilterProvider
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JobFilter[]> cache = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        if (CatalogJobRunner.JobIdOf(job) is not { } jobId || !CatalogJobRunner.IsRetriedByPolicy(job) || catalog.Find(jobId) is not { } entry)
        {
            return [];
        }
        return cache.GetOrAdd(entry.Definition.Id, _ =>
        {
            var policy = entry.Definition.Retry;
            if (policy.MaxAttempts <= 1)
            {
                return [];
            }
            var retry = new AutomaticRetryAttribute
            {
                Attempts = policy.MaxAttempts - 1,
                DelayInSecondsByAttemptFunc = attempt =>
                    (int)Math.Round(policy.DelayFor((int)Math.Min(attempt, int.MaxValue), Random.Shared.NextDouble()).TotalSeconds),
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            };
            return [new JobFilter(retry, JobFilterScope.Method, null)];
        });
    }
}
