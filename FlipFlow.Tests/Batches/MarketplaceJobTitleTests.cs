using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Tests.Batches;

public sealed class MarketplaceJobTitleTests
{
    [Theory]
    [InlineData(MarketplaceOperation.Publish, Marketplace.Ebay, 12, "WOTF-EX-143-NM", null, "Publish WOTF-EX-143-NM to eBay · batch 12")]
    [InlineData(MarketplaceOperation.Publish, Marketplace.Demo, 3, "WOTF-EX-001-NM", 7L, "Publish WOTF-EX-001-NM to Demo · batch 3")]
    [InlineData(MarketplaceOperation.Update, Marketplace.Etsy, 40, "WOTF-EX-002-LP", 9L, "Update WOTF-EX-002-LP on Etsy · batch 40")]
    [InlineData(MarketplaceOperation.End, Marketplace.Ebay, 5, null, 31L, "End listing 31 on eBay · batch 5")]
    [InlineData(MarketplaceOperation.Relist, Marketplace.Ebay, 6, " ", 31L, "Relist listing 31 to eBay · batch 6")]
    [InlineData(MarketplaceOperation.Sync, Marketplace.Demo, 8, null, null, "Sync with Demo · batch 8")]
    public void A_job_is_titled_by_its_operation_subject_marketplace_and_batch(
        MarketplaceOperation operation, Marketplace marketplace, long batchId, string? sku, long? listingId, string title) =>
        Assert.Equal(title, MarketplaceJobTitle.For(operation, marketplace, batchId, sku, listingId));
}

public sealed class MarketplaceJobDeliveryTests
{
    [Theory]
    // Never enqueued, or its engine job is gone: a waiting job needs one; a running one only once its claim has lapsed.
    [InlineData(MarketplaceJobStatus.Pending, null, false, true)]
    [InlineData(MarketplaceJobStatus.Running, null, false, false)]
    [InlineData(MarketplaceJobStatus.Running, null, true, true)]
    // The engine still holds it.
    [InlineData(MarketplaceJobStatus.Pending, "Enqueued", false, false)]
    [InlineData(MarketplaceJobStatus.Pending, "Scheduled", false, false)]
    [InlineData(MarketplaceJobStatus.Running, "Processing", true, false)]
    // The engine ended it while the job still waits, or after the node that ran it went away.
    [InlineData(MarketplaceJobStatus.Pending, "Deleted", false, true)]
    [InlineData(MarketplaceJobStatus.Pending, "Failed", false, true)]
    [InlineData(MarketplaceJobStatus.Pending, "Succeeded", false, true)]
    [InlineData(MarketplaceJobStatus.Running, "Failed", false, false)]
    [InlineData(MarketplaceJobStatus.Running, "Failed", true, true)]
    // Ended jobs never need one.
    [InlineData(MarketplaceJobStatus.Completed, null, true, false)]
    [InlineData(MarketplaceJobStatus.Failed, "Failed", true, false)]
    [InlineData(MarketplaceJobStatus.Cancelled, "Deleted", true, false)]
    public void An_unfinished_job_that_no_engine_job_will_run_needs_one(MarketplaceJobStatus status, string? engineState, bool claimLapsed, bool needs) =>
        Assert.Equal(needs, MarketplaceJobDelivery.NeedsEnqueue(status, engineState, claimLapsed));
}
