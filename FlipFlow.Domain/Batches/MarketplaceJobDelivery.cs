namespace FlipFlow.Domain.Batches;

/// <summary>
/// Whether an unfinished marketplace job needs a new engine job (a Hangfire background job) to run it: none
/// was ever enqueued (a crash between the batch's commit and its enqueue), the engine no longer has it, or the
/// engine ended it while the job still waits. A job taken up by a process that is gone, whose engine job ended
/// too, needs one as well. A job the engine still holds (enqueued, scheduled for a retry, processing) does not.
/// </summary>
public static class MarketplaceJobDelivery
{
    /// <param name="engineState">The engine job's state name (Enqueued, Processing, Succeeded…); null when it has none or it is gone.</param>
    /// <param name="claimLapsed">For a Running job: its claim has lapsed or its node is gone.</param>
    public static bool NeedsEnqueue(MarketplaceJobStatus status, string? engineState, bool claimLapsed)
    {
        if (!UnfinishedWork.IsUnfinished(status))
        {
            return false;
        }
        if (engineState is null)
        {
            return status == MarketplaceJobStatus.Pending || claimLapsed;
        }
        var ended = engineState is "Succeeded" or "Deleted" or "Failed";
        return ended && (status == MarketplaceJobStatus.Pending || claimLapsed);
    }
}
