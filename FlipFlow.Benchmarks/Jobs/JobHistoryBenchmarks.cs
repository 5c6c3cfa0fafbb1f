using BenchmarkDotNet.Attributes;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Jobs;

/// <summary>
/// What one run costs the run history: its Running row when it starts and its outcome when it ends, each in
/// a transaction of its own as <see cref="JobRunRecorder"/> writes them.
/// </summary>
[MemoryDiagnoser]
public class JobHistoryBenchmarks
{
    private JobBenchmarkHost host = default!;
    private JobHistory history = default!;

    [GlobalSetup]
    public void Setup()
    {
        host = new JobBenchmarkHost(_ => { });
        history = host.Host.Services.GetRequiredService<JobHistory>();
    }

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [Benchmark(Description = "One run's history: start and finish")]
    public async Task StartAndFinish()
    {
        var started = DateTimeOffset.UtcNow;
        var run = new JobRun
        {
            Id = Guid.NewGuid(),
            JobId = "benchmark-history",
            Node = "benchmark",
            Trigger = JobTrigger.Schedule,
            MaxAttempts = 5,
            StartedAt = started,
            Outcome = JobOutcome.Running,
            Log = $"{started:HH:mm:ss.fff}  Attempt 1 of 5 started by schedule on benchmark\n",
        };
        run.ChainId = run.Id;
        await history.StartAsync(run);

        run.Outcome = JobOutcome.Succeeded;
        run.FinishedAt = DateTimeOffset.UtcNow;
        run.Summary = "deleted 0 runs";
        run.Log += $"{run.FinishedAt:HH:mm:ss.fff}  Keeping successes for 30 days and failures for 90 days\n";
        await history.FinishAsync(run);
    }
}
