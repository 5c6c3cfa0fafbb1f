using FlipFlow.Domain.Batches;

namespace FlipFlow.Web.Features.Batches;

/// <summary>
/// A job as a row of the batch page's grid. Rows are equal when their job is the same, so a row the user opened
/// stays open when the page reads its jobs again as they move.
/// </summary>
public sealed class BatchJobRow(MarketplaceJob job) : IEquatable<BatchJobRow>
{
    public MarketplaceJob Job { get; } = job;

    public bool Equals(BatchJobRow? other) => other is not null && other.Job.Id == Job.Id;

    public override bool Equals(object? obj) => Equals(obj as BatchJobRow);

    public override int GetHashCode() => Job.Id.GetHashCode();
}
