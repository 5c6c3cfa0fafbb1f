using System.Collections.Concurrent;
using System.Globalization;

namespace FlipFlow.Benchmarks;

/// <summary>
/// How far the managed heap rose during one operation above the heap after a full collection just before it, polled every
/// <see cref="IntervalMs"/> ms (a shorter peak can be missed), and what the process allocated meanwhile. Arm in the iteration
/// setup and stop at the end of the benchmark method; <see cref="Describe"/> gives every iteration's figures.
/// </summary>
internal static class PeakMemory
{
    public const int IntervalMs = 2;

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(long Peak, long Allocated)>> Recorded = new();
    private static Sampler? current;

    public static void Arm()
    {
        current?.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        current = new Sampler();
    }

    public static void Stop(string method)
    {
        if (Interlocked.Exchange(ref current, null) is { } sampler)
        {
            Recorded.GetOrAdd(method, _ => new()).Enqueue(sampler.Stop());
        }
    }

    public static string Describe(string method) =>
        $"{method}: peak managed heap rise / allocated, each iteration: " +
        string.Join(", ", Recorded.GetValueOrDefault(method)?.Select(value => $"{Megabytes(value.Peak)} / {Megabytes(value.Allocated)}") ?? []);

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private sealed class Sampler
    {
        private readonly long before = GC.GetTotalMemory(false);
        private readonly long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        private long peak;
        private volatile bool running = true;

        public Sampler()
        {
            peak = before;
            new Thread(() =>
            {
                while (running)
                {
                    Observe();
                    Thread.Sleep(IntervalMs);
                }
            }) { IsBackground = true }.Start();
        }

        public (long Peak, long Allocated) Stop()
        {
            running = false;
            Observe();
            return (Interlocked.Read(ref peak) - before, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        }

        private void Observe()
        {
            var now = GC.GetTotalMemory(false);
            for (var seen = Interlocked.Read(ref peak); now > seen; seen = Interlocked.Read(ref peak))
            {
                if (Interlocked.CompareExchange(ref peak, now, seen) == seen)
                {
                    break;
                }
            }
        }
    }
}
