using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Zombies;

namespace FlipFlow.Web.Features.Zombies;

/// <summary>A zombie's status in the Zombies grid: live, or where its latest resurrection stands.</summary>
public static class ZombieStatusWords
{
    public static string Of(ResurrectionStatus? status) => status switch
    {
        { JobStatus: MarketplaceJobStatus.Completed, NewListingId: { } newId } =>
            $"Resurrected as listing #{newId}{(status.NewRemoteId is { } remote ? $" ({remote})" : "")}",
        { JobStatus: MarketplaceJobStatus.Pending } => "Resurrecting: waiting",
        { JobStatus: MarketplaceJobStatus.Running } => "Resurrecting: running",
        { JobStatus: MarketplaceJobStatus.Failed } => $"Resurrect failed: {status.Error}",
        { JobStatus: MarketplaceJobStatus.Cancelled } => "Resurrect cancelled",
        { ListingStatus: not ListingStatus.Active } => status.ListingStatus.ToString(),
        _ => "Live",
    };
}
