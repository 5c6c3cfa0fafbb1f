using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>What a running step may know and touch: its job, its task, the job's product and listing, and the
/// database context whose changes are saved in the step's own commit.</summary>
public sealed class StepContext(MarketplaceJob job, MarketplaceTask task, FlipFlowDbContext db, DateTimeOffset now)
{
    public MarketplaceJob Job { get; } = job;
    public MarketplaceTask Task { get; } = task;

    /// <summary>Changes made here are saved with the step's completion, in one commit, or not at all.</summary>
    public FlipFlowDbContext Db { get; } = db;

    public DateTimeOffset Now { get; } = now;

    public Marketplace Marketplace => Job.Marketplace;

    public Product Product => Job.Product ?? throw new StepFailedException("The product of this job no longer exists.");

    public Listing Listing => Job.Listing ?? throw new StepFailedException("The listing of this job no longer exists.");

    /// <summary>The recorded result of the job's last completed step of a kind before this one, or null.</summary>
    public string? ResultOf(StepType step) => Job.Tasks
        .Where(other => other.Step == step && other.Order < Task.Order && other.Status == MarketplaceTaskStatus.Completed)
        .OrderBy(other => other.Order)
        .LastOrDefault()?.Result;

    public string RequireResultOf(StepType step) => ResultOf(step)
        ?? throw new StepFailedException($"Step {Task.Name} needs the result of {step}, which has none.");
}
