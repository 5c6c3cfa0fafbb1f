using System.Collections.Concurrent;
using System.Text;
using FlipFlow.Domain.Ingest;
using FlipFlow.Infrastructure.Fetching;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// Each site's robots.txt, read through the <see cref="GuardedFetcher"/> and kept for Ingestion:RobotsCacheMinutes per
/// scheme and authority (RFC 9309 scopes a robots.txt so). Callers asking for one site at once share one fetch. What the
/// fetch brings, as RFC 9309 says:
/// <list type="bullet">
/// <item>a file: its rules for Fetching:UserAgent's product name ("FlipFlow"), else for "*";</item>
/// <item>a 4xx, or another answer that is neither a file nor a fault that may pass: no robots.txt, so all allowed;</item>
/// <item>a 5xx, 429, timeout or unreachable server: nothing may be fetched for now, a transient <see cref="FetchException"/>
/// whose RetryAfter reaches past the <see cref="FailureTime"/> it is kept for, so a retry reads it afresh;</item>
/// <item>a refusal (a private address, too large a file): the <see cref="FetchRefusedException"/>, again for each caller.</item>
/// </list>
/// Expired sites are dropped once the number of sites doubles since the last sweep.
/// </summary>
public sealed class RobotsCache(GuardedFetcher fetcher, IOptions<IngestionOptions> options, IOptions<FetchingOptions> fetching, TimeProvider time)
{
    /// <summary>How long a failed read is kept: long enough that a bulk import's workers do not hammer a failing server.</summary>
    public static readonly TimeSpan FailureTime = TimeSpan.FromSeconds(30);

    /// <summary>RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.</summary>
    private static readonly FetchLimits Limits = new(MaxBytes: 512 * 1024, Timeout: TimeSpan.FromSeconds(10));

    private const int FirstSweepAt = 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<Reading>>> sites = new(StringComparer.Ordinal);
    private int sweepAt = FirstSweepAt;

    /// <summary>What <paramref name="address"/>'s site allows FlipFlow, from a robots.txt read at most RobotsCacheMinutes ago.</summary>
    /// <exception cref="FetchException">The robots.txt could not be read now (transient), or its fetch was refused.</exception>
    public async Task<RobotsPolicy> PolicyAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var site = $"{address.Scheme}://{address.Authority}".ToLowerInvariant();
        SweepWhenGrown();
        for (var attempt = 0; ; attempt++)
        {
            var entry = sites.GetOrAdd(site, key => new Lazy<Task<Reading>>(() => ReadAsync(key)));
            Reading reading;
            try
            {
                // The shared read goes on if this caller gives up: the next caller of the site still wants it.
                reading = await entry.Value.WaitAsync(cancellationToken);
            }
            catch when (entry.Value.IsFaulted)
            {
                // A read that broke unexpectedly is not kept: the next caller tries afresh.
                sites.TryRemove(KeyValuePair.Create(site, entry));
                throw;
            }
            if (attempt > 0 || reading.Expires > time.GetUtcNow())
            {
                return reading.PolicyOrThrow(time.GetUtcNow());
            }
            sites.TryRemove(KeyValuePair.Create(site, entry));
        }
    }

    private async Task<Reading> ReadAsync(string site)
    {
        var settings = options.Value;
        var robots = new Uri($"{site}/robots.txt");
        try
        {
            var content = await fetcher.FetchAsync(robots, Limits, CancellationToken.None);
            var text = Encoding.UTF8.GetString(content.Bytes);
            return Reading.Of(RobotsRules.Parse(text, fetching.Value.ProductToken), time.GetUtcNow() + settings.RobotsCacheTime);
        }
        catch (FetchRefusedException refused)
        {
            return Reading.Failed(_ => new FetchRefusedException(refused.Message), time.GetUtcNow() + FailureTime);
        }
        catch (FetchException failed) when (!failed.IsTransient)
        {
            return Reading.Of(RobotsPolicy.AllowAll, time.GetUtcNow() + settings.RobotsCacheTime);
        }
        catch (FetchException failed)
        {
            var expires = time.GetUtcNow() + FailureTime;
            return Reading.Failed(now => Unreadable(site, failed, expires - now), expires);
        }
    }

    private static FetchException Unreadable(string site, FetchException failed, TimeSpan untilExpiry)
    {
        var retryAfter = failed.RetryAfter is { } asked && asked > untilExpiry ? asked : untilExpiry;
        return new FetchException(
            $"The robots.txt of {new Uri(site).Authority} could not be read, so nothing of the site is fetched for now; FlipFlow tries again later. {failed.Message}",
            isTransient: true, retryAfter, failed);
    }

    private void SweepWhenGrown()
    {
        var threshold = Volatile.Read(ref sweepAt);
        if (sites.Count < threshold || Interlocked.CompareExchange(ref sweepAt, int.MaxValue, threshold) != threshold)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var (site, entry) in sites)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && entry.Value.Result.Expires <= now)
            {
                sites.TryRemove(KeyValuePair.Create(site, entry));
            }
        }
        Volatile.Write(ref sweepAt, Math.Max(FirstSweepAt, sites.Count * 2));
    }

    /// <summary>One read of a robots.txt: a policy, or the failure each caller gets a fresh exception of, until it expires.</summary>
    private sealed record Reading(RobotsPolicy? Policy, Func<DateTimeOffset, FetchException>? Failure, DateTimeOffset Expires)
    {
        public static Reading Of(RobotsPolicy policy, DateTimeOffset expires) => new(policy, null, expires);

        public static Reading Failed(Func<DateTimeOffset, FetchException> failure, DateTimeOffset expires) => new(null, failure, expires);

        public RobotsPolicy PolicyOrThrow(DateTimeOffset now) => Policy ?? throw Failure!(now);
    }
}
