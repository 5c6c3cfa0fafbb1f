using System.Data.Common;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Tests.Listings;

[Trait("Category", "Integration")]
public sealed class ListingSyncTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private readonly EventWriteFault fault = new();
    private readonly SaveRecorder saves = new();
    private readonly FakeMarketplace ebay = new(Marketplace.Ebay);
    private TestDatabase database = default!;
    private IHost host = default!;

    private ListingSync Sync => host.Services.GetRequiredService<ListingSync>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock, services =>
        {
            // Registered after the real eBay client, so it is the one a sync uses.
            services.AddSingleton<IMarketplaceClient>(ebay);
            services.ConfigureDbContext<SqliteFlipFlowDbContext>((_, options) => options.AddInterceptors(fault, saves), ServiceLifetime.Singleton);
            services.ConfigureDbContext<PostgreSqlFlipFlowDbContext>((_, options) => options.AddInterceptors(fault, saves), ServiceLifetime.Singleton);
        }, new Dictionary<string, string?>
        {
            ["Marketplaces:Demo:Market:FailureRate"] = "0",
            ["Marketplaces:Demo:Market:RateLimitPerSecond"] = "0",
            ["Marketplaces:Demo:RequestsPerSecond"] = "0",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private Task<List<Listing>> ListingsAsync() =>
        QueryAsync(db => db.Listings.AsNoTracking().OrderBy(listing => listing.Id).ToListAsync());

    private Task<List<ListingEvent>> EventsAsync() =>
        QueryAsync(db => db.ListingEvents.AsNoTracking().OrderBy(change => change.Id).ToListAsync());

    /// <summary>Publishes <paramref name="count"/> demo products to Demo the way the console does, and syncs once so every listing starts in step.</summary>
    private async Task<List<Listing>> PublishToDemoAsync(int count)
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(count);
        var created = await host.Services.GetRequiredService<MarketplaceBatches>().PublishAsync(Marketplace.Demo, null, "tests");
        await host.Services.GetRequiredService<MarketplaceDispatcher>().DrainAsync(null, CancellationToken.None);
        Assert.Equal(BatchStatus.Completed, (await host.Services.GetRequiredService<MarketplaceBatches>().GetAsync(created.Batch.Id)).Status);
        var first = await Sync.SyncAsync(Marketplace.Demo);
        Assert.Null(first.Error);
        Assert.Empty(await EventsAsync());
        var listings = await ListingsAsync();
        Assert.Equal(count, listings.Count);
        Assert.All(listings, listing => Assert.Equal(ListingStatus.Active, listing.Status));
        clock.Advance(TimeSpan.FromMinutes(15));
        return listings;
    }

    /// <summary>The marketplace changes a listing on its side.</summary>
    private async Task ChangeOnDemoAsync(Listing listing, Action<DemoListing> change)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var remote = await db.DemoListings.SingleAsync(remote => remote.Id == DemoListing.IdOf(listing.RemoteId!));
        change(remote);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_price_change_on_the_marketplace_updates_the_listing_and_records_a_PriceChanged_event()
    {
        var listings = await PublishToDemoAsync(3);
        var changed = listings[1];
        var newPrice = changed.Price + 5.5m;
        await ChangeOnDemoAsync(changed, remote => remote.Price = newPrice);

        var report = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Null(report.Error);
        Assert.Equal((3, 1, 1), (report.Read, report.Updated, report.EventsOf(ListingEventKind.PriceChanged)));
        var listing = (await ListingsAsync()).Single(listing => listing.Id == changed.Id);
        Assert.Equal(newPrice, listing.Price);
        Assert.Equal(clock.GetUtcNow(), listing.LastSyncedAt);
        Assert.Equal(clock.GetUtcNow(), listing.UpdatedAt);
        var change = Assert.Single(await EventsAsync());
        Assert.Equal((changed.Id, ListingEventKind.PriceChanged), (change.ListingId, change.Kind));
        Assert.Equal(changed.Price.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), change.OldValue);
        Assert.Equal(newPrice.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), change.NewValue);
        Assert.Equal(clock.GetUtcNow(), change.At);
        Assert.Equal("Demo: 3 read, 1 updated (1 price)", report.ToString());
    }

    [Fact]
    public async Task A_failure_while_the_events_are_written_leaves_neither_the_event_nor_the_listing_change()
    {
        var listings = await PublishToDemoAsync(2);
        var before = listings[0];
        await ChangeOnDemoAsync(before, remote => remote.Price = before.Price + 1);
        fault.Armed = true;

        var failed = await Sync.SyncAsync(Marketplace.Demo);

        // The listing's row and its event had both been sent, in the transaction the failure rolled back.
        Assert.True(fault.Struck);
        Assert.True(fault.InOneTransaction);
        Assert.Contains(EventWriteFault.Message, failed.Error);
        Assert.Empty(await EventsAsync());
        var after = (await ListingsAsync()).Single(listing => listing.Id == before.Id);
        Assert.Equal((before.Price, before.LastSyncedAt, before.UpdatedAt), (after.Price, after.LastSyncedAt, after.UpdatedAt));

        fault.Armed = false;
        var retried = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Null(retried.Error);
        Assert.Equal(before.Price + 1, (await ListingsAsync()).Single(listing => listing.Id == before.Id).Price);
        Assert.Equal(ListingEventKind.PriceChanged, Assert.Single(await EventsAsync()).Kind);
    }

    [Fact]
    public async Task A_quantity_change_records_a_QuantityChanged_event()
    {
        var listings = await PublishToDemoAsync(2);
        var changed = listings[0];
        await ChangeOnDemoAsync(changed, remote => remote.Quantity = changed.Quantity + 4);

        var report = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Equal(1, report.EventsOf(ListingEventKind.QuantityChanged));
        Assert.Equal(changed.Quantity + 4, (await ListingsAsync()).Single(listing => listing.Id == changed.Id).Quantity);
        var change = Assert.Single(await EventsAsync());
        Assert.Equal((changed.Id, ListingEventKind.QuantityChanged, $"{changed.Quantity}", $"{changed.Quantity + 4}"),
            (change.ListingId, change.Kind, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task Units_sold_record_a_Sold_event_with_the_units_and_what_they_brought()
    {
        var listings = await PublishToDemoAsync(2);
        var selling = listings[1];
        await ChangeOnDemoAsync(selling, remote => (remote.Quantity, remote.Price) = (10, 4.25m));
        await Sync.SyncAsync(Marketplace.Demo);
        var known = (await EventsAsync()).Count;
        clock.Advance(TimeSpan.FromMinutes(15));
        await ChangeOnDemoAsync(selling, remote => (remote.Quantity, remote.QuantitySold) = (7, 3));

        var report = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Equal((1, 1), (report.EventsOf(ListingEventKind.Sold), report.EventsOf(ListingEventKind.QuantityChanged)));
        var listing = (await ListingsAsync()).Single(listing => listing.Id == selling.Id);
        Assert.Equal((ListingStatus.Active, 7, 3, clock.GetUtcNow()), (listing.Status, listing.Quantity, listing.QuantitySold, listing.LastSaleAt));
        var sale = Assert.Single((await EventsAsync()).Skip(known), change => change.Kind == ListingEventKind.Sold);
        Assert.Equal((selling.Id, 3, 12.75m, "USD", "0", "3"), (sale.ListingId, sale.Quantity, sale.Amount, sale.Currency, sale.OldValue, sale.NewValue));
        Assert.Equal(clock.GetUtcNow(), sale.At);
    }

    [Fact]
    public async Task Listings_gone_from_the_active_list_are_looked_up_one_by_one_and_end_as_sold_or_ended()
    {
        var listings = await PublishToDemoAsync(4);
        var (soldOut, ended, vanished, live) = (listings[0], listings[1], listings[2], listings[3]);
        await ChangeOnDemoAsync(soldOut, remote =>
        {
            remote.QuantitySold = remote.Quantity;
            remote.Quantity = 0;
            remote.Status = ListingStatus.Sold;
            remote.EndedAt = Start.AddMinutes(5);
        });
        await ChangeOnDemoAsync(ended, remote => (remote.Status, remote.EndedAt) = (ListingStatus.Ended, Start.AddMinutes(7)));
        await QueryAsync(db => db.DemoListings.Where(remote => remote.Id == DemoListing.IdOf(vanished.RemoteId!)).ExecuteDeleteAsync());

        var report = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Null(report.Error);
        Assert.Equal((1, 1, 2, 3), (report.Read, report.Sold, report.Ended, report.EventsOf(ListingEventKind.StatusChanged)));
        var after = (await ListingsAsync()).ToDictionary(listing => listing.Id);
        Assert.Equal((ListingStatus.Sold, 0, soldOut.Quantity, Start.AddMinutes(5)),
            (after[soldOut.Id].Status, after[soldOut.Id].Quantity, after[soldOut.Id].QuantitySold, after[soldOut.Id].EndedAt));
        Assert.Equal((ListingStatus.Ended, Start.AddMinutes(7)), (after[ended.Id].Status, after[ended.Id].EndedAt));
        Assert.Equal((ListingStatus.Ended, clock.GetUtcNow()), (after[vanished.Id].Status, after[vanished.Id].EndedAt));
        Assert.Equal(ListingStatus.Active, after[live.Id].Status);
        var events = await EventsAsync();
        Assert.Equal(
            [
                (soldOut.Id, ListingEventKind.QuantityChanged, $"{soldOut.Quantity}", "0"),
                (soldOut.Id, ListingEventKind.StatusChanged, "Active", "Sold"),
                (soldOut.Id, ListingEventKind.Sold, "0", $"{soldOut.Quantity}"),
                (ended.Id, ListingEventKind.StatusChanged, "Active", "Ended"),
                (vanished.Id, ListingEventKind.StatusChanged, "Active", "Ended"),
            ],
            events.OrderBy(change => change.ListingId).ThenBy(change => change.Kind)
                .Select(change => (change.ListingId, change.Kind, change.OldValue, change.NewValue)));
        Assert.Equal(soldOut.Quantity * soldOut.Price, events.Single(change => change.Kind == ListingEventKind.Sold).Amount);
    }

    [Fact]
    public async Task Views_impressions_and_watchers_are_copied_and_a_marketplace_without_them_leaves_no_data()
    {
        var listings = await PublishToDemoAsync(1);
        await ChangeOnDemoAsync(listings[0], remote => (remote.Views, remote.Impressions, remote.Watchers) = (12, 340, 3));
        var product = await QueryAsync(db => db.Products.FirstAsync());
        var onEbay = await AddListingAsync(product.Id, Marketplace.Ebay, "ebay-1", 9.99m);
        ebay.Active.Add(new RemoteListing("ebay-1", product.Sku, ListingStatus.Active, 9.99m, "USD", 1, "https://www.ebay.com/itm/1",
            Watchers: 4));
        await ConnectEbayAsync();

        var demo = await Sync.SyncAsync(Marketplace.Demo);
        var fromEbay = await Sync.SyncAsync(Marketplace.Ebay);

        Assert.Null(demo.Error);
        Assert.Null(fromEbay.Error);
        var after = (await ListingsAsync()).ToDictionary(listing => listing.Id);
        var demoListing = after[listings[0].Id];
        Assert.Equal((12, 340, 3), (demoListing.Views, demoListing.Impressions, demoListing.Watchers));
        var ebayListing = after[onEbay.Id];
        Assert.Equal(((int?)null, (int?)null, (int?)4), (ebayListing.Views, ebayListing.Impressions, ebayListing.Watchers));
        Assert.Equal("https://www.ebay.com/itm/1", ebayListing.Url);
        Assert.Equal(clock.GetUtcNow(), ebayListing.LastSyncedAt);
        // Figures alone change no price, quantity or status: no events.
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task A_second_sync_with_nothing_changed_on_the_marketplace_writes_no_events()
    {
        var listings = await PublishToDemoAsync(3);
        await ChangeOnDemoAsync(listings[0], remote => (remote.Price, remote.Quantity, remote.Views) = (remote.Price + 2, remote.Quantity + 1, 5));
        var first = await Sync.SyncAsync(Marketplace.Demo);
        var events = await EventsAsync();
        clock.Advance(TimeSpan.FromMinutes(15));

        var second = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Equal((1, 2), (first.Updated, first.Events.Values.Sum()));
        Assert.Equal((3, 0, 0), (second.Read, second.Updated, second.Events.Values.Sum()));
        Assert.Equal(events.Select(change => change.Id), (await EventsAsync()).Select(change => change.Id));
        var after = await ListingsAsync();
        Assert.All(after, listing => Assert.Equal(clock.GetUtcNow(), listing.LastSyncedAt));
        Assert.All(after, listing => Assert.True(listing.UpdatedAt < clock.GetUtcNow()));
    }

    [Fact]
    public async Task Remote_listings_FlipFlow_does_not_know_are_counted_and_skipped()
    {
        await PublishToDemoAsync(1);
        await QueryAsync(db =>
        {
            db.DemoListings.Add(new DemoListing
            {
                Sku = "LISTED-BY-HAND",
                Title = "Listed on Demo by hand",
                Price = 3m,
                Quantity = 1,
                Status = ListingStatus.Active,
                CreatedAt = Start,
                ActivityUntil = Start,
            });
            return db.SaveChangesAsync();
        });

        var report = await Sync.SyncAsync(Marketplace.Demo);

        Assert.Equal((2, 1), (report.Read, report.Unknown));
        Assert.Single(await ListingsAsync());
        Assert.Equal("Demo: 2 read, 0 updated, skipped 1 listed outside FlipFlow", report.ToString());
    }

    [Fact]
    public async Task An_unconnected_marketplace_is_reported_not_connected_and_the_others_still_sync()
    {
        var listings = await PublishToDemoAsync(2);
        await ChangeOnDemoAsync(listings[0], remote => remote.Price += 1);

        var reports = await Sync.SyncAllAsync();

        Assert.Equal([Marketplace.Demo, Marketplace.Ebay, Marketplace.Etsy], reports.Select(report => report.Marketplace));
        Assert.Equal("Demo: 2 read, 1 updated (1 price)", reports[0].ToString());
        Assert.Equal((false, "eBay: not connected"), (reports[1].Connected, reports[1].ToString()));
        Assert.Equal("Etsy: not connected", reports[2].ToString());
        Assert.Equal(listings[0].Price + 1, (await ListingsAsync())[0].Price);
        Assert.Equal(ListingSyncReport.NotConnected(Marketplace.Ebay).ToString(), (await Sync.SyncAsync(Marketplace.Ebay)).ToString());
    }

    [Fact]
    public async Task A_failing_marketplace_is_reported_with_its_error_and_fails_the_job_after_the_others_ran()
    {
        var listings = await PublishToDemoAsync(1);
        await ChangeOnDemoAsync(listings[0], remote => remote.Price += 1);
        await ConnectEbayAsync();
        ebay.Failure = new PermanentMarketplaceException(Marketplace.Ebay, "eBay answered 401: invalid_grant.");
        using var scope = host.Services.CreateScope();
        var work = scope.ServiceProvider.GetRequiredService<ListingSyncWork>();
        var run = new JobRunContext(new JobRun { JobId = ListingSyncWork.Definition.Id, Node = "tests" }, clock);

        var failure = await Assert.ThrowsAsync<ListingSyncFailedException>(() => work.RunAsync(run, CancellationToken.None));

        Assert.Equal("Demo: 1 read, 1 updated (1 price); eBay: failed: eBay answered 401: invalid_grant.; Etsy: not connected",
            failure.Message);
        Assert.Contains("eBay: failed: eBay answered 401: invalid_grant.", run.LogText);
        Assert.Equal(listings[0].Price + 1, (await ListingsAsync())[0].Price);

        ebay.Failure = null;
        Assert.Equal("Demo: 1 read, 0 updated; eBay: 0 read, 0 updated; Etsy: not connected", await work.RunAsync(run, CancellationToken.None));
    }

    [Fact]
    public async Task A_listing_FlipFlow_changed_while_the_marketplace_was_read_is_left_for_the_next_sync()
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(1);
        var product = await QueryAsync(db => db.Products.FirstAsync());
        var listing = await AddListingAsync(product.Id, Marketplace.Ebay, "ebay-7", 5m);
        ebay.Active.Add(new RemoteListing("ebay-7", product.Sku, ListingStatus.Active, 5m, "USD", 1, null));
        await ConnectEbayAsync();
        clock.Advance(TimeSpan.FromMinutes(1));
        ebay.WhileReading = () =>
        {
            // An update job revises the price while the sync waits for the marketplace's answer.
            clock.Advance(TimeSpan.FromSeconds(2));
            return QueryAsync(db => db.Listings.Where(row => row.Id == listing.Id).ExecuteUpdateAsync(update => update
                .SetProperty(row => row.Price, 6m)
                .SetProperty(row => row.UpdatedAt, clock.GetUtcNow())));
        };

        var report = await Sync.SyncAsync(Marketplace.Ebay);

        Assert.Equal((1, 0), (report.Deferred, report.Events.Values.Sum()));
        Assert.Equal(6m, (await ListingsAsync()).Single().Price);
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task A_large_shop_is_saved_a_page_at_a_time_each_page_with_its_own_events()
    {
        const int count = ListingSync.PageSize * 2 + 100;
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(count);
        await QueryAsync(async db =>
        {
            var products = await db.Products.OrderBy(product => product.Id).ToListAsync();
            var remote = products.Select(product => new DemoListing
            {
                Sku = product.Sku,
                Title = product.Title,
                Price = product.Price + 1,
                Quantity = product.Quantity,
                Status = ListingStatus.Active,
                CreatedAt = Start,
                ActivityUntil = Start,
            }).ToList();
            db.DemoListings.AddRange(remote);
            await db.SaveChangesAsync();
            db.Listings.AddRange(products.Zip(remote, (product, listed) => new Listing
            {
                ProductId = product.Id,
                Marketplace = Marketplace.Demo,
                RemoteId = listed.RemoteId,
                Status = ListingStatus.Active,
                Price = product.Price,
                Quantity = product.Quantity,
                ListedAt = Start,
                CreatedAt = Start,
                UpdatedAt = Start,
            }));
            return await db.SaveChangesAsync();
        });
        saves.Recording = true;

        var report = await Sync.SyncAsync(Marketplace.Demo);

        saves.Recording = false;
        Assert.Null(report.Error);
        Assert.Equal((count, count, count), (report.Read, report.Updated, report.EventsOf(ListingEventKind.PriceChanged)));
        var pages = saves.Saves.Where(save => save.Listings.Count > 0).ToList();
        Assert.Equal([ListingSync.PageSize, ListingSync.PageSize, 100], pages.Select(save => save.Listings.Count));
        // Every event went to the database in the same SaveChanges as its listing's new price.
        Assert.All(pages, save => Assert.Equal(save.Listings.Order(), save.EventListings.Order()));
        Assert.Equal(count, (await EventsAsync()).Count);
    }

    private async Task<Listing> AddListingAsync(long productId, Marketplace marketplace, string remoteId, decimal price)
    {
        var listing = new Listing
        {
            ProductId = productId,
            Marketplace = marketplace,
            RemoteId = remoteId,
            Status = ListingStatus.Active,
            Price = price,
            Quantity = 1,
            ListedAt = Start,
            CreatedAt = Start,
            UpdatedAt = Start,
        };
        await QueryAsync(db =>
        {
            db.Listings.Add(listing);
            return db.SaveChangesAsync();
        });
        return listing;
    }

    private Task ConnectEbayAsync()
    {
        var connections = host.Services.GetRequiredService<MarketplaceConnections>();
        var values = connections.Describe(Marketplace.Ebay).Fields.ToDictionary(field => field.Name, field => (string?)(field.Default ?? "test"));
        return connections.SaveAsync(Marketplace.Ebay, values, "tests");
    }

    /// <summary>A marketplace whose active listings the test sets, or which fails.</summary>
    private sealed class FakeMarketplace(Marketplace marketplace) : IMarketplaceClient
    {
        public List<RemoteListing> Active { get; } = [];
        public Exception? Failure { get; set; }
        public Func<Task>? WhileReading { get; set; }

        public Marketplace Marketplace => marketplace;

        public async Task<IReadOnlyList<RemoteListing>> GetActiveListingsAsync(CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }
            if (WhileReading is not null)
            {
                await WhileReading();
            }
            return Active.ToList();
        }

        public Task<RemoteListing?> GetListingAsync(string remoteId, CancellationToken cancellationToken) =>
            Task.FromResult(Active.FirstOrDefault(listing => listing.RemoteId == remoteId));

        public Task<RemoteListing?> FindBySkuAsync(string sku, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EndListingAsync(string remoteId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RemoteListing> UpdateListingAsync(string remoteId, ListingContent content, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>
    /// When armed, fails a save once the database has run both the listing's update and the insert of its events
    /// (in whichever order EF sends them), so the failure can only be undone by rolling back one transaction.
    /// </summary>
    private sealed class EventWriteFault : DbCommandInterceptor
    {
        public const string Message = "Injected failure after the listing and its events were sent";

        private DbTransaction? listingUpdate;
        private DbTransaction? eventInsert;

        public bool Armed { get; set; }
        public bool Struck { get; private set; }

        /// <summary>Whether the update and the insert it struck after ran in one transaction.</summary>
        public bool InOneTransaction { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            await StrikeAsync(command, result);
            return result;
        }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            await StrikeAsync(command, null);
            return result;
        }

        private async Task StrikeAsync(DbCommand command, DbDataReader? reader)
        {
            if (!Armed || Struck)
            {
                return;
            }
            if (command.CommandText.Contains("UPDATE \"Listings\"", StringComparison.Ordinal))
            {
                listingUpdate = command.Transaction;
            }
            if (command.CommandText.Contains("INSERT INTO \"ListingEvents\"", StringComparison.Ordinal))
            {
                eventInsert = command.Transaction;
            }
            if (listingUpdate is null || eventInsert is null)
            {
                return;
            }
            Struck = true;
            InOneTransaction = ReferenceEquals(listingUpdate, eventInsert);
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }
            throw new InvalidOperationException(Message);
        }
    }

    /// <summary>Records, for each SaveChanges, which listings it updates and which listings its new events belong to.</summary>
    private sealed class SaveRecorder : SaveChangesInterceptor
    {
        private readonly Lock gate = new();

        public bool Recording { get; set; }
        public List<(List<long> Listings, List<long> EventListings)> Saves { get; } = [];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Recording && eventData.Context is { } context)
            {
                context.ChangeTracker.DetectChanges();
                var listings = context.ChangeTracker.Entries<Listing>()
                    .Where(entry => entry.State == EntityState.Modified && entry.Property(listing => listing.Price).IsModified)
                    .Select(entry => entry.Entity.Id).ToList();
                var events = context.ChangeTracker.Entries<ListingEvent>()
                    .Where(entry => entry.State == EntityState.Added)
                    .Select(entry => entry.Entity.ListingId).ToList();
                lock (gate)
                {
                    Saves.Add((listings, events));
                }
            }
            return ValueTask.FromResult(result);
        }
    }
}
