using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>The engine's queues: one for the catalogue's jobs, one per marketplace for its batch work, and two for imports from addresses.</summary>
public static class JobQueues
{
    /// <summary>The catalogue's jobs: scheduled, triggered and retried runs.</summary>
    public const string Catalogue = "jobs";

    /// <summary>The addresses of imports from addresses, one job each.</summary>
    public const string Ingest = "ingest";

    /// <summary>The addresses of imports given a priority, and the jobs that queue an import's addresses: workers of their own, so neither waits behind a long import.</summary>
    public const string IngestFirst = "ingest-first";

    /// <summary>A marketplace's jobs of a batch, e.g. <c>marketplace-ebay</c> (queue names are lower case).</summary>
    public static string ForMarketplace(Marketplace marketplace) => $"marketplace-{marketplace.ToString().ToLowerInvariant()}";
}
