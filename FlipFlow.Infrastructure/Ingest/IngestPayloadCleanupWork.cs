using FlipFlow.Domain.Jobs;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>Deletes the raw pages imports kept once they are older than Ingestion:PayloadRetentionDays, every night.</summary>
public sealed class IngestPayloadCleanupWork(IngestPayloads payloads, IOptions<IngestionOptions> options, TimeProvider clock) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "ingest-payload-cleanup",
        "Import payload cleanup",
        "Deletes the raw pages kept by imports from addresses once they are older than Ingestion:PayloadRetentionDays (30). " +
        "The listings read from them stay.",
        "0 30 3 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var days = options.Value.PayloadRetentionDays;
        var before = clock.GetUtcNow().AddDays(-days);
        run.Log($"Keeping the payloads of the last {days} days: deleting those fetched before {before:u}");
        var (count, bytes) = await payloads.DeleteOlderThanAsync(before, cancellationToken);
        run.Log($"Deleted {count} payload(s), {bytes:N0} bytes");
        return $"deleted {count} payloads ({bytes:N0} bytes)";
    }
}
