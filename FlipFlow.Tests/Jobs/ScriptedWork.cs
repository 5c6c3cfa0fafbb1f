using System.Collections.Concurrent;
using FlipFlow.Domain.Jobs;

namespace FlipFlow.Tests.Jobs;

/// <summary>What the scripted job does at each attempt: succeed, fail, or run until cancelled.</summary>
public enum Step
{
    Succeed,
    Fail,
    RunUntilCancelled,
}

/// <summary>The steps the scripted job takes, one an attempt; when they run out it succeeds.</summary>
public sealed class ScriptedPlan
{
    public ConcurrentQueue<Step> Steps { get; } = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A catalogue job for tests, doing what its <see cref="ScriptedPlan"/> says.</summary>
public sealed class ScriptedWork(ScriptedPlan plan) : IJobWork
{
    public const string Id = "scripted";

    public static JobDefinition Definition(RetryPolicy retry) =>
        new(Id, "Scripted", "Does what the test says.", "0 0 0 1 1 ? 2099", retry);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var step = plan.Steps.TryDequeue(out var next) ? next : Step.Succeed;
        run.Log($"step {step}");
        plan.Started.TrySetResult();
        switch (step)
        {
            case Step.Fail:
                throw new InvalidOperationException($"scripted failure at attempt {run.Attempt}");
            case Step.RunUntilCancelled:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
        return $"succeeded at attempt {run.Attempt}";
    }
}
