using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Listings;

/// <summary>What one listings sync did on one marketplace.</summary>
/// <param name="Connected">False when the marketplace is not connected: nothing was read.</param>
/// <param name="Read">Active listings the marketplace reported.</param>
/// <param name="Updated">FlipFlow listings whose state changed (price, quantity, status, address, figures or units sold).</param>
/// <param name="Events">Listing events written, by kind.</param>
/// <param name="Ended">Listings that turned out to have ended since the last sync.</param>
/// <param name="Sold">Listings that turned out to have sold out since the last sync.</param>
/// <param name="Unknown">Active remote listings FlipFlow has no listing for (listed outside FlipFlow): skipped.</param>
/// <param name="Deferred">Listings FlipFlow itself changed after the marketplace was read: left for the next sync.</param>
/// <param name="Error">Why the sync stopped, when it did; the pages saved before stay saved.</param>
public sealed record ListingSyncReport(
    Marketplace Marketplace,
    bool Connected,
    int Read,
    int Updated,
    IReadOnlyDictionary<ListingEventKind, int> Events,
    int Ended,
    int Sold,
    int Unknown,
    int Deferred,
    string? Error)
{
    public static ListingSyncReport NotConnected(Marketplace marketplace) =>
        new(marketplace, false, 0, 0, new Dictionary<ListingEventKind, int>(), 0, 0, 0, 0, null);

    public int EventsOf(ListingEventKind kind) => Events.GetValueOrDefault(kind);

    /// <summary>"Demo: 2,000 read, 37 updated (12 price, 3 quantity, 5 status, 17 sold)", "eBay: not connected".</summary>
    public override string ToString()
    {
        var name = Marketplace.DisplayName();
        if (!Connected)
        {
            return $"{name}: not connected";
        }
        if (Error is not null && Read == 0 && Updated == 0)
        {
            return $"{name}: failed: {Error}";
        }
        var text = new System.Text.StringBuilder($"{name}: {Count(Read)} read, {Count(Updated)} updated");
        var kinds = new (ListingEventKind Kind, string Word)[]
        {
            (ListingEventKind.PriceChanged, "price"),
            (ListingEventKind.QuantityChanged, "quantity"),
            (ListingEventKind.StatusChanged, "status"),
            (ListingEventKind.Sold, "sold"),
        };
        var events = kinds.Where(kind => EventsOf(kind.Kind) > 0).Select(kind => $"{Count(EventsOf(kind.Kind))} {kind.Word}").ToList();
        if (events.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", events).Append(')');
        }
        if (Ended > 0 || Sold > 0)
        {
            text.Append($", found {Count(Ended)} ended and {Count(Sold)} sold out");
        }
        if (Unknown > 0)
        {
            text.Append($", skipped {Count(Unknown)} listed outside FlipFlow");
        }
        if (Deferred > 0)
        {
            text.Append($", left {Count(Deferred)} changed by FlipFlow meanwhile for the next sync");
        }
        if (Error is not null)
        {
            text.Append($", then failed: {Error}");
        }
        return text.ToString();
    }

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// Brings FlipFlow's listings up to date with what their marketplaces hold: price, quantity, status, address,
/// views, impressions, watchers and units sold. Each change is recorded as a <see cref="ListingEvent"/>
/// (price, quantity or status changed; sold), found from what EF Core sees modified and saved in the same
/// transaction as the listing's new state, a page of listings per transaction. Safe to run again: what has not
/// changed writes nothing but the sync time.
/// </summary>
public sealed class ListingSync(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceConnections connections,
    IServiceScopeFactory scopes,
    DatabaseWriteGate writes,
    TimeProvider clock,
    ILogger<ListingSync> logger)
{
    /// <summary>Listings per transaction: a 100,000-listing shop never sits in one change tracker.</summary>
    public const int PageSize = 500;

    private const int MaxCallAttempts = 4;

    /// <summary>Syncs every connected marketplace in turn; one that fails is reported and the others still run.</summary>
    public async Task<IReadOnlyList<ListingSyncReport>> SyncAllAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<ListingSyncReport>();
        foreach (var connection in await connections.ListAsync(cancellationToken))
        {
            reports.Add(connection.Health == ConnectionHealth.NotConfigured
                ? ListingSyncReport.NotConnected(connection.Marketplace)
                : await SyncConnectedAsync(connection.Marketplace, cancellationToken));
        }
        return reports;
    }

    /// <summary>
    /// Syncs one marketplace's listings. A marketplace that is not connected is reported so; a failure is
    /// reported with what was done before it (those pages stay saved), and only cancellation throws.
    /// </summary>
    public async Task<ListingSyncReport> SyncAsync(Marketplace marketplace, CancellationToken cancellationToken = default)
    {
        var connection = await connections.GetAsync(marketplace, cancellationToken);
        return connection.Health == ConnectionHealth.NotConfigured
            ? ListingSyncReport.NotConnected(marketplace)
            : await SyncConnectedAsync(marketplace, cancellationToken);
    }

    private async Task<ListingSyncReport> SyncConnectedAsync(Marketplace marketplace, CancellationToken cancellationToken)
    {
        var tally = new Tally(marketplace);
        try
        {
            // eBay's and Etsy's clients are transient: a scope of the sync's own holds them for its length.
            await using var scope = scopes.CreateAsyncScope();
            // The last registration for a marketplace wins, as with any service.
            var client = scope.ServiceProvider.GetServices<IMarketplaceClient>().LastOrDefault(client => client.Marketplace == marketplace)
                ?? throw new InvalidOperationException($"{marketplace.DisplayName()} has no client.");
            await PullAsync(client, tally, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Listings sync of {Marketplace} failed: {Error}", marketplace.DisplayName(), exception.Message);
            // EF wraps what the database said ("see the inner exception"): the report says it outright.
            tally.Error = exception is DbUpdateException { InnerException: { } inner } ? inner.Message : exception.Message;
        }
        return tally.Report();
    }

    private async Task PullAsync(IMarketplaceClient client, Tally tally, CancellationToken cancellationToken)
    {
        var marketplace = client.Marketplace;
        // Anything FlipFlow changes in a listing after this moment is newer than what the marketplace said.
        var readAt = clock.GetUtcNow();
        var active = await CallAsync(client.GetActiveListingsAsync, cancellationToken);
        tally.Read = active.Count;
        var remote = new Dictionary<string, RemoteListing>(StringComparer.Ordinal);
        foreach (var listing in active)
        {
            remote[listing.RemoteId] = listing;
        }

        // The listings the marketplace reports active.
        foreach (var page in remote.Values.Chunk(PageSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var remoteIds = page.Select(listing => listing.RemoteId).ToArray();
            // A marketplace that renews a listing under the same id leaves FlipFlow an ended row and its
            // successor with that id: the newest row is the one that carries the listing on.
            var listings = (await db.Listings
                    .Where(listing => listing.Marketplace == marketplace && remoteIds.Contains(listing.RemoteId!))
                    .ToListAsync(cancellationToken))
                .GroupBy(listing => listing.RemoteId!, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.MaxBy(listing => listing.Id)!, StringComparer.Ordinal);
            tally.Unknown += page.Count(listing => !listings.ContainsKey(listing.RemoteId));
            var now = clock.GetUtcNow();
            tally.Deferred += listings.Values.Count(listing => listing.UpdatedAt > readAt);
            var synced = listings.Values.Where(listing => listing.UpdatedAt <= readAt).ToList();
            foreach (var listing in synced)
            {
                Apply(listing, remote[listing.RemoteId!], now);
            }
            await SaveAsync(db, synced, tally, now, cancellationToken);
        }

        // Listings FlipFlow has as active that the marketplace no longer lists: ended or sold out. Each is asked
        // for by itself, to learn which.
        var lastId = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var page = await db.Listings.AsNoTracking()
                .Where(listing => listing.Marketplace == marketplace && listing.Status == ListingStatus.Active
                    && listing.RemoteId != null && listing.Id > lastId)
                .OrderBy(listing => listing.Id)
                .Select(listing => new { listing.Id, listing.RemoteId, listing.UpdatedAt })
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return;
            }
            lastId = page[^1].Id;
            var gone = page.Where(listing => !remote.ContainsKey(listing.RemoteId!)).ToList();
            tally.Deferred += gone.Count(listing => listing.UpdatedAt > readAt);
            var ids = gone.Where(listing => listing.UpdatedAt <= readAt).Select(listing => listing.Id).ToArray();
            if (ids.Length == 0)
            {
                continue;
            }
            var listings = await db.Listings.Where(listing => ids.Contains(listing.Id)).ToListAsync(cancellationToken);
            foreach (var listing in listings)
            {
                var found = await CallAsync(token => client.GetListingAsync(listing.RemoteId!, token), cancellationToken);
                var now = clock.GetUtcNow();
                if (found is null)
                {
                    // The marketplace no longer knows it: ended, with whatever else FlipFlow last knew.
                    listing.Status = ListingStatus.Ended;
                    listing.EndedAt ??= now;
                }
                else
                {
                    Apply(listing, found, now);
                }
            }
            await SaveAsync(db, listings, tally, clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>Copies what the marketplace says; figures it does not report keep what FlipFlow last knew (null: no data).</summary>
    private static void Apply(Listing listing, RemoteListing remote, DateTimeOffset now)
    {
        listing.Status = remote.Status;
        // Stored with two decimals: compared unrounded, a price of 12.345 would read as changed at every sync.
        listing.Price = Math.Round(remote.Price, 2, MidpointRounding.AwayFromZero);
        listing.Currency = remote.Currency;
        listing.Quantity = remote.Quantity;
        listing.Url = remote.Url ?? listing.Url;
        listing.Views = remote.Views ?? listing.Views;
        listing.Impressions = remote.Impressions ?? listing.Impressions;
        listing.Watchers = remote.Watchers ?? listing.Watchers;
        listing.QuantitySold = remote.QuantitySold ?? listing.QuantitySold;
        listing.ListedAt ??= remote.ListedAt;
        if (remote.Status is ListingStatus.Ended or ListingStatus.Sold)
        {
            listing.EndedAt ??= remote.EndedAt ?? now;
        }
        else if (remote.Status is ListingStatus.Active)
        {
            listing.EndedAt = null;
        }
    }

    /// <summary>
    /// Turns what the change tracker sees modified into listing events and saves them with the listings in one
    /// SaveChanges, so one transaction: no event without its row's change, and no change without its event.
    /// </summary>
    private async Task SaveAsync(FlipFlowDbContext db, IReadOnlyCollection<Listing> synced, Tally tally, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var events = new List<ListingEvent>();
        var (updated, ended, sold) = (0, 0, 0);
        foreach (var listing in synced)
        {
            var entry = db.Entry(listing);
            if (entry.State == EntityState.Modified)
            {
                var changes = EventsOf(entry, now);
                events.AddRange(changes);
                if (changes.Any(change => change.Kind == ListingEventKind.Sold))
                {
                    listing.LastSaleAt = now;
                }
                if (entry.Property(row => row.Status).IsModified)
                {
                    ended += listing.Status == ListingStatus.Ended ? 1 : 0;
                    sold += listing.Status == ListingStatus.Sold ? 1 : 0;
                }
                listing.UpdatedAt = now;
                updated++;
            }
            listing.LastSyncedAt = now;
        }
        db.ListingEvents.AddRange(events);
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        tally.Updated += updated;
        tally.Ended += ended;
        tally.Sold += sold;
        foreach (var change in events)
        {
            tally.Events[change.Kind] = tally.Events.GetValueOrDefault(change.Kind) + 1;
        }
    }

    /// <summary>One event per property the change tracker sees modified, and a sale when units sold grew.</summary>
    private static List<ListingEvent> EventsOf(EntityEntry<Listing> entry, DateTimeOffset at)
    {
        var listing = entry.Entity;
        var events = new List<ListingEvent>();
        var price = entry.Property(row => row.Price);
        if (price.IsModified)
        {
            events.Add(Change(ListingEventKind.PriceChanged, Money(price.OriginalValue), Money(price.CurrentValue)));
        }
        var quantity = entry.Property(row => row.Quantity);
        if (quantity.IsModified)
        {
            events.Add(Change(ListingEventKind.QuantityChanged, Whole(quantity.OriginalValue), Whole(quantity.CurrentValue)));
        }
        var status = entry.Property(row => row.Status);
        if (status.IsModified)
        {
            events.Add(Change(ListingEventKind.StatusChanged, status.OriginalValue.ToString(), status.CurrentValue.ToString()));
        }
        var sold = entry.Property(row => row.QuantitySold);
        // A count that falls (a cancelled order) is taken as it is, with no event: nothing sold.
        if (sold.IsModified && sold.CurrentValue > sold.OriginalValue)
        {
            var units = sold.CurrentValue - sold.OriginalValue;
            var sale = Change(ListingEventKind.Sold, Whole(sold.OriginalValue), Whole(sold.CurrentValue));
            sale.Quantity = units;
            sale.Amount = units * listing.Price;
            sale.Currency = listing.Currency;
            events.Add(sale);
        }
        return events;

        ListingEvent Change(ListingEventKind kind, string oldValue, string newValue) =>
            new() { ListingId = listing.Id, Kind = kind, OldValue = oldValue, NewValue = newValue, At = at };
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Whole(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A marketplace call, tried again in place on a timeout, a 429 or a 5xx (after Retry-After when it says).</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception exception) when (attempt < MaxCallAttempts && !cancellationToken.IsCancellationRequested
                && MarketplaceJobRunner.IsTransient(exception))
            {
                var wait = exception is TransientMarketplaceException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero
                    ? retryAfter
                    : TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
                await Task.Delay(wait, clock, cancellationToken);
            }
        }
    }

    private sealed class Tally(Marketplace marketplace)
    {
        public int Read { get; set; }
        public int Updated { get; set; }
        public Dictionary<ListingEventKind, int> Events { get; } = [];
        public int Ended { get; set; }
        public int Sold { get; set; }
        public int Unknown { get; set; }
        public int Deferred { get; set; }
        public string? Error { get; set; }

        public ListingSyncReport Report() =>
            new(marketplace, true, Read, Updated, new Dictionary<ListingEventKind, int>(Events), Ended, Sold, Unknown, Deferred, Error);
    }
}
