using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>The engine's queues: one for the catalogue's jobs, and one per marketplace for its batch work.</summary>
public static class JobQueues
{
    /// <summary>The catalogue's jobs: scheduled, triggered and retried runs.</summary>
    public const string Catalogue = "jobs";

    /// <summary>A marketplace's jobs of a batch, e.g. <c>marketplace-ebay</c> (queue names are lower case).</summary>
    public static string ForMarketplace(Marketplace marketplace) => $"marketplace-{marketplace.ToString().ToLowerInvariant()}";
}
