using System.Text;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Ingest.Adapters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>How one attempt at an address ended: what to say of it, and when to try again if it may pass.</summary>
public sealed record IngestOutcome(string Summary, TimeSpan? RetryIn = null);

/// <summary>
/// One attempt at one address of an import: robots.txt is asked first, the host's limits are waited for, the page is
/// fetched through the <see cref="GuardedFetcher"/> (public addresses only, five redirects, HTML or JSON), its body kept
/// (<see cref="IngestPayloads"/>), read by the adapter for its site, and written as a market listing
/// (<see cref="IngestListingWriter"/>). A fault that may pass is tried again, up to <see cref="Retries"/>' attempts, with
/// backoff and jitter; anything else fails the address with its reason. An address that has ended is not fetched again,
/// so a second delivery of its job does nothing.
/// </summary>
public sealed class IngestItemRunner(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes,
    RobotsCache robots,
    HostLimits limits,
    GuardedFetcher fetcher,
    IngestPayloads payloads,
    IngestListingWriter writer,
    TimeProvider clock,
    ILogger<IngestItemRunner> logger)
{
    /// <summary>Four attempts in all; the first retry waits 10 seconds, each next one twice as long, give or take a fifth.</summary>
    public static readonly RetryPolicy Retries = new(4, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15));

    private static readonly FetchLimits PageLimits = new(Accept: FetchedMediaTypes.Pages);

    public async Task<IngestOutcome> RunAsync(long itemId, CancellationToken cancellationToken)
    {
        var item = await StartAsync(itemId, cancellationToken);
        if (item is null)
        {
            return new IngestOutcome($"Address {itemId} has ended or is gone: nothing to do.");
        }
        var address = new Uri(item.CanonicalUrl);
        try
        {
            var policy = await robots.PolicyAsync(address, cancellationToken);
            if (!policy.Allows(address.PathAndQuery))
            {
                return await FailAsync(item, $"The robots.txt of {address.Authority} asks FlipFlow not to fetch {address.PathAndQuery}.", cancellationToken);
            }
            FetchedContent content;
            using (await limits.EnterAsync(address.Authority, policy.CrawlDelay, cancellationToken))
            {
                content = await fetcher.FetchAsync(address, PageLimits, cancellationToken);
            }
            await payloads.KeepAsync(item.Id, content, cancellationToken);
            var adapter = ListingPageAdapters.Default.For(content.Address);
            var read = Read(adapter, content);
            if (read.Listing is not { } page || read.Failure is not null)
            {
                return await FailAsync(item, read.Failure ?? "No listing could be read from the page.", cancellationToken, adapter);
            }
            var written = await writer.WriteAsync(item, page, adapter, cancellationToken);
            return new IngestOutcome($"{written.Status}: listing {written.ListingId}");
        }
        catch (FetchException exception) when (exception.IsTransient && item.Attempts < Retries.MaxAttempts)
        {
            var wait = Retries.DelayFor(item.Attempts, Random.Shared.NextDouble());
            if (exception.RetryAfter is { } asked && asked > wait)
            {
                wait = asked < Retries.MaxDelay ? asked : Retries.MaxDelay;
            }
            await RetryLaterAsync(item, exception.Message, wait, cancellationToken);
            return new IngestOutcome(exception.Message, wait);
        }
        catch (FetchException exception)
        {
            var tail = exception.IsTransient ? $" (after {item.Attempts} attempts)" : "";
            return await FailAsync(item, exception.Message + tail, cancellationToken);
        }
    }

    /// <summary>Marks the address running with one more attempt; null when it has ended (or was cancelled) already.</summary>
    private async Task<IngestItem?> StartAsync(long itemId, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.IngestItems.FirstOrDefaultAsync(item => item.Id == itemId, cancellationToken);
        if (item is null || item.HasEnded)
        {
            return null;
        }
        item.Status = IngestItemStatus.Running;
        item.Attempts++;
        item.StartedAt ??= clock.GetUtcNow();
        item.NextAttemptAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await IngestProgress.StartedAsync(db, item.SessionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    private async Task RetryLaterAsync(IngestItem item, string error, TimeSpan wait, CancellationToken cancellationToken)
    {
        logger.LogInformation("Import address {Item} failed attempt {Attempt}; tried again in {Wait}: {Error}", item.Id, item.Attempts, wait, error);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.IngestItems.Where(row => row.Id == item.Id && row.Status == IngestItemStatus.Running).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.Status, IngestItemStatus.Retrying)
            .SetProperty(row => row.Error, Clip(error))
            .SetProperty(row => row.NextAttemptAt, now + wait), cancellationToken);
    }

    private async Task<IngestOutcome> FailAsync(IngestItem item, string error, CancellationToken cancellationToken, IListingPageAdapter? adapter = null)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var failed = await db.IngestItems.Where(row => row.Id == item.Id && row.Status == IngestItemStatus.Running).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.Status, IngestItemStatus.Failed)
            .SetProperty(row => row.Error, Clip(error))
            .SetProperty(row => row.Adapter, adapter == null ? null : adapter.Name)
            .SetProperty(row => row.AdapterVersion, adapter == null ? null : adapter.Version)
            .SetProperty(row => row.FinishedAt, now), cancellationToken);
        if (failed > 0)
        {
            await IngestProgress.EndedAsync(db, item.SessionId, IngestItemStatus.Failed, failed, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new IngestOutcome($"Failed: {error}");
    }

    /// <summary>What the adapter read; a page it cannot cope with fails the address rather than its job.</summary>
    private PageRead Read(IListingPageAdapter adapter, FetchedContent content)
    {
        try
        {
            return adapter.Read(content.Address, Decode(content.Bytes), content.MediaType);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            logger.LogWarning(exception, "The {Adapter} adapter could not read {Address}", adapter.Name, content.Address);
            return PageRead.Failed($"The page could not be read as a listing: {exception.Message}");
        }
    }

    /// <summary>The body as text: UTF-8 unless a byte-order mark says otherwise, which is what listing pages are in practice.</summary>
    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    internal static string Clip(string error) => error.Length <= IngestItem.ErrorMaxLength ? error : error[..(IngestItem.ErrorMaxLength - 1)] + "…";
}
