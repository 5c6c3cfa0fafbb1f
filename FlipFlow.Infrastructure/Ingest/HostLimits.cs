using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// Keeps imports gentle with each site, one per process: at most Ingestion:PerHostConcurrency fetches of one host at
/// once, and request starts to one host at least 1 / Ingestion:PerHostRequestsPerSecond apart, or the host's robots.txt
/// Crawl-delay when that is longer. A fetch takes its turn with <see cref="EnterAsync"/> and gives the slot back by
/// disposing the <see cref="HostTurn"/>.
/// <para>
/// Each host has a small gate (a semaphore and its next free start). A gate nobody holds or waits for, whose spacing has
/// run out, is forgotten once the number of hosts doubles since the last sweep, so a process that imports from
/// thousands of shops over months does not keep them all; forgetting such a gate changes nothing a new one would not
/// also allow. Waiters on one host are served in the order they came (the semaphore's order).
/// </para>
/// </summary>
public sealed class HostLimits
{
    private const int FirstSweepAt = 1024;

    private readonly ConcurrentDictionary<string, HostGate> gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider time;
    private readonly int concurrency;
    private readonly TimeSpan spacing;
    private long totalWaitedTicks;
    private int sweepAt = FirstSweepAt;

    public HostLimits(IOptions<IngestionOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PerHostConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.PerHostRequestsPerSecond);
        this.time = time;
        concurrency = settings.PerHostConcurrency;
        spacing = TimeSpan.FromSeconds(1 / settings.PerHostRequestsPerSecond);
    }

    /// <summary>All time fetches have spent waiting on these limits since the process started, over every host.</summary>
    public TimeSpan TotalWaited => TimeSpan.FromTicks(Interlocked.Read(ref totalWaitedTicks));

    /// <summary>
    /// Waits until a fetch of <paramref name="host"/> may start: a slot is free and the last start is far enough back
    /// (<paramref name="crawlDelay"/> when longer than the configured spacing).
    /// </summary>
    public async ValueTask<HostTurn> EnterAsync(string host, TimeSpan? crawlDelay, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var started = time.GetTimestamp();
        var gate = Join(host);
        try
        {
            await gate.Slots.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(gate);
            throw;
        }
        try
        {
            var wait = gate.Reserve(time.GetUtcNow(), crawlDelay is { } delay && delay > spacing ? delay : spacing);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            gate.Slots.Release();
            Leave(gate);
            throw;
        }
        var waited = time.GetElapsedTime(started);
        Interlocked.Add(ref totalWaitedTicks, waited.Ticks);
        return new HostTurn(waited, () =>
        {
            gate.Slots.Release();
            Leave(gate);
        });
    }

    /// <summary>The host's gate, counted as in use so that a sweep leaves it be; a gate swept meanwhile is not joined.</summary>
    private HostGate Join(string host)
    {
        SweepWhenGrown();
        while (true)
        {
            var gate = gates.GetOrAdd(host, _ => new HostGate(concurrency));
            lock (gate.Sync)
            {
                if (!gate.Forgotten)
                {
                    gate.Users++;
                    return gate;
                }
            }
        }
    }

    private static void Leave(HostGate gate)
    {
        lock (gate.Sync)
        {
            gate.Users--;
        }
    }

    private void SweepWhenGrown()
    {
        var threshold = Volatile.Read(ref sweepAt);
        if (gates.Count < threshold || Interlocked.CompareExchange(ref sweepAt, int.MaxValue, threshold) != threshold)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var (host, gate) in gates)
        {
            lock (gate.Sync)
            {
                if (gate.Users == 0 && gate.NextStart <= now)
                {
                    gate.Forgotten = true;
                    gates.TryRemove(KeyValuePair.Create(host, gate));
                }
            }
        }
        Volatile.Write(ref sweepAt, Math.Max(FirstSweepAt, gates.Count * 2));
    }

    private sealed class HostGate(int concurrency)
    {
        public SemaphoreSlim Slots { get; } = new(concurrency, concurrency);

        public Lock Sync { get; } = new();

        /// <summary>The earliest a fetch of this host may start next.</summary>
        public DateTimeOffset NextStart { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Fetches holding or waiting for a slot; guarded by <see cref="Sync"/>.</summary>
        public int Users { get; set; }

        /// <summary>Set, under the lock, when the sweep removed this gate: a late joiner takes the new one.</summary>
        public bool Forgotten { get; set; }

        /// <summary>Books the next start at or after now and says how long until it.</summary>
        public TimeSpan Reserve(DateTimeOffset now, TimeSpan spacing)
        {
            lock (Sync)
            {
                var start = NextStart > now ? NextStart : now;
                NextStart = start + spacing;
                return start - now;
            }
        }
    }
}

/// <summary>A fetch's turn at a host: dispose it when the fetch ends, so the next may start.</summary>
public sealed class HostTurn : IDisposable
{
    private Action? release;

    internal HostTurn(TimeSpan waited, Action release)
    {
        Waited = waited;
        this.release = release;
    }

    /// <summary>How long the fetch waited on the host's limits before its turn.</summary>
    public TimeSpan Waited { get; }

    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
