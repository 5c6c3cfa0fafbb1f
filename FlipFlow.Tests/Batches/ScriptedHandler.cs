using System.Collections.Concurrent;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;

namespace FlipFlow.Tests.Batches;

/// <summary>
/// A Demo publish handler whose steps do nothing but record that they ran and do what the test scripts: fail,
/// or wait for the test to let them go. Registered after Demo's own, it replaces it.
/// </summary>
public sealed class ScriptedHandler : IMarketplaceHandler
{
    public int Steps { get; set; } = 5;

    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>(job id, task order) of every step run, in the order they ran.</summary>
    public ConcurrentQueue<(long Job, int Order)> Ran { get; } = new();

    /// <summary>Decides, for (job id, task order, how many times it ran before), what the step throws, if anything.</summary>
    public Func<long, int, int, Exception?> Fail { get; set; } = (_, _, _) => null;

    /// <summary>Runs first in every step with (the step, how many times it ran before): a test's way to break something under the runner.</summary>
    public Action<StepContext, int> Before { get; set; } = (_, _) => { };

    /// <summary>When set, a step at this order waits until <see cref="Release"/> is completed.</summary>
    public int? HoldAt { get; set; }

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int running;

    public int MostAtOnce { get; private set; }

    public Marketplace Marketplace => Marketplace.Demo;

    public MarketplaceOperation Operation => MarketplaceOperation.Publish;

    public IReadOnlyList<PlannedStep> Plan(JobSubject subject) => Enumerable.Range(0, Steps).Select(_ => new PlannedStep(StepType.NoOp)).ToList();

    public async Task<string?> RunStepAsync(StepContext step, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref running);
        lock (Ran)
        {
            MostAtOnce = Math.Max(MostAtOnce, now);
        }
        try
        {
            var before = Ran.Count(ran => ran == (step.Job.Id, step.Task.Order));
            Ran.Enqueue((step.Job.Id, step.Task.Order));
            Before(step, before);
            if (HoldAt == step.Task.Order)
            {
                Held.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(StepDelay, cancellationToken);
            }
            if (Fail(step.Job.Id, step.Task.Order, before) is { } failure)
            {
                throw failure;
            }
            return $"done {step.Task.Order}";
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    public int TimesRan(long job, int order) => Ran.Count(ran => ran == (job, order));
}
