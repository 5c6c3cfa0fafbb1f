using System.Collections.Concurrent;
using FlipFlow.Domain.Jobs;

namespace FlipFlow.Tests.Jobs;

/// <summary>What the scripted job does at each attempt: succeed, fail, or run until cancelled.</summary>
public enum Step
{
    Succeed,
    Fail,
    RunUntilCancelled,

    /// <summary>Runs for <see cref="ScriptedPlan.LongRun"/>, then succeeds.</summary>
    RunLong,
}

/// <summary>The steps the scripted job takes, one an attempt; when they run out it succeeds.</summary>
public sealed class ScriptedPlan
{
    public ConcurrentQueue<Step> Steps { get; } = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan LongRun { get; set; } = TimeSpan.FromSeconds(9);

    private int performed;

    /// <summary>How many times the work has started, whatever the history says.</summary>
    public int Performed => Volatile.Read(ref performed);

    public void CountPerformance() => Interlocked.Increment(ref performed);
}

/// <summary>A catalogue job for tests, doing what its <see cref="ScriptedPlan"/> says.</summary>
public sealed class ScriptedWork(ScriptedPlan plan) : IJobWork
{
    public const string Id = "scripted";

    public static JobDefinition Definition(RetryPolicy retry) =>
        new(Id, "Scripted", "Does what the test says.", NeverCron, retry);

    /// <summary>February 31st: a schedule that never fires, so a test's runs are the ones it triggers.</summary>
    public const string NeverCron = "0 0 31 2 *";

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var step = plan.Steps.TryDequeue(out var next) ? next : Step.Succeed;
        plan.CountPerformance();
        run.Log($"step {step}");
        plan.Started.TrySetResult();
        switch (step)
        {
            case Step.Fail:
                throw new InvalidOperationException($"scripted failure at attempt {run.Attempt}");
            case Step.RunUntilCancelled:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case Step.RunLong:
                await Task.Delay(plan.LongRun, cancellationToken);
                break;
        }
        return $"succeeded at attempt {run.Attempt}";
    }
}
