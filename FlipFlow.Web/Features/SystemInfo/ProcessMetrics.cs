using System.Diagnostics;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>One reading of this process: memory, managed heap, CPU and threads.</summary>
public sealed record ProcessSample(DateTimeOffset At, double WorkingSetMb, double ManagedHeapMb, double CpuPercent, int Threads);

/// <summary>
/// Reads the process every few seconds and keeps the last hour, for the System page's live chart.
/// Subscribers to <see cref="Sampled"/> hear each new reading; nothing polls.
/// </summary>
public sealed class ProcessMetrics(TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const int Capacity = 720;
    private readonly Queue<ProcessSample> samples = new(Capacity);
    private readonly Lock gate = new();

    public event Action<ProcessSample>? Sampled;

    public IReadOnlyList<ProcessSample> Recent()
    {
        lock (gate)
        {
            return samples.ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var process = Process.GetCurrentProcess();
        var lastCpu = process.TotalProcessorTime;
        var lastAt = clock.GetTimestamp();
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var now = clock.GetTimestamp();
            var wall = clock.GetElapsedTime(lastAt, now);
            var cpuPercent = wall > TimeSpan.Zero ? (cpu - lastCpu) / wall / Environment.ProcessorCount * 100 : 0;
            (lastCpu, lastAt) = (cpu, now);
            var sample = new ProcessSample(clock.GetUtcNow(), process.WorkingSet64 / 1048576.0,
                GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, Math.Round(cpuPercent, 1), process.Threads.Count);
            lock (gate)
            {
                if (samples.Count == Capacity)
                {
                    samples.Dequeue();
                }
                samples.Enqueue(sample);
            }
            Sampled?.Invoke(sample);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
