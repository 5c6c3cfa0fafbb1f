using FlipFlow.Domain.Batches;

namespace FlipFlow.Tests.Batches;

public sealed class UnfinishedWorkTests
{
    [Theory]
    [InlineData(MarketplaceJobStatus.Pending, true)]
    [InlineData(MarketplaceJobStatus.Running, true)]
    [InlineData(MarketplaceJobStatus.Completed, false)]
    [InlineData(MarketplaceJobStatus.Failed, false)]
    [InlineData(MarketplaceJobStatus.Cancelled, false)]
    public void A_job_is_unfinished_while_pending_or_running(MarketplaceJobStatus status, bool unfinished)
    {
        Assert.Equal(unfinished, UnfinishedWork.IsUnfinished(status));
        Assert.Equal(!unfinished, new MarketplaceJob { Status = status }.IsFinished);
    }

    [Theory]
    [InlineData(BatchStatus.Pending, true)]
    [InlineData(BatchStatus.Running, true)]
    [InlineData(BatchStatus.Completed, false)]
    [InlineData(BatchStatus.CompletedWithFailures, false)]
    [InlineData(BatchStatus.Failed, false)]
    [InlineData(BatchStatus.Cancelled, false)]
    public void A_batch_is_unfinished_while_pending_or_running(BatchStatus status, bool unfinished)
    {
        Assert.Equal(unfinished, UnfinishedWork.IsUnfinished(status));
        Assert.Equal(!unfinished, new BatchJob { Title = "t", RequestedBy = "test", Status = status }.IsFinished);
    }

    [Theory]
    [InlineData(7L, MarketplaceJobStatus.Pending, BatchStatus.Pending, true)]
    [InlineData(7L, MarketplaceJobStatus.Running, BatchStatus.Running, true)]
    [InlineData(7L, MarketplaceJobStatus.Running, BatchStatus.Cancelled, true)]
    [InlineData(7L, MarketplaceJobStatus.Completed, BatchStatus.Running, true)]
    [InlineData(7L, MarketplaceJobStatus.Failed, BatchStatus.Pending, true)]
    [InlineData(7L, MarketplaceJobStatus.Completed, BatchStatus.Completed, false)]
    [InlineData(7L, MarketplaceJobStatus.Failed, BatchStatus.CompletedWithFailures, false)]
    [InlineData(7L, MarketplaceJobStatus.Cancelled, BatchStatus.Cancelled, false)]
    [InlineData(7L, MarketplaceJobStatus.Failed, BatchStatus.Failed, false)]
    [InlineData(null, MarketplaceJobStatus.Running, BatchStatus.Running, false)]
    public void A_job_keeps_its_listing_busy_while_it_or_its_batch_is_unfinished(long? listingId, MarketplaceJobStatus job, BatchStatus batch, bool busy)
    {
        var work = new MarketplaceJob
        {
            ListingId = listingId, Status = job, Batch = new BatchJob { Title = "t", RequestedBy = "test", Status = batch },
        };

        Assert.Equal(busy, UnfinishedWork.KeepsListingBusy(work));
    }
}
