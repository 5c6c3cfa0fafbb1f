namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// A marketplace job the runner ended Failed (a permanent error, or a step out of attempts). The engine shows it
/// Failed at once and does not retry it: its retries are for faults of FlipFlow's own (the database gone), and
/// the runner has already retried the step as the marketplace allows. Retry the batch to run it again.
/// </summary>
public sealed class MarketplaceJobFailedException(string message) : Exception(message);
