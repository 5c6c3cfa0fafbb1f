using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces.Ebay;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Marketplaces.Ebay;

/// <summary>
/// eBay's publish, update, end, relist and sync, run step by step by <see cref="MarketplaceJobRunner"/> over real
/// job rows (planned by the handlers, as a batch would) against a local server playing eBay.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EbayHandlerTests : IAsyncLifetime
{
    private const string Sku = "WOTF-EX-017-VG";

    private TestDatabase database = default!;
    private FakeEbay fake = default!;
    private IHost host = default!;

    private IDbContextFactory<FlipFlowDbContext> Contexts => host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        fake = await FakeEbay.StartAsync();
        host = await EbayTestHost.StartAsync(database, fake);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await fake.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Publish_makes_the_inventory_item_the_offer_and_its_listing_and_records_the_listing()
    {
        var product = await AddProductAsync();

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        Assert.Equal(MarketplaceJobStatus.Completed, job.Status);
        Assert.Empty(fake.Violations);
        Assert.Equal(
        [
            $"PUT /sell/inventory/v1/inventory_item/{Sku}",
            "GET /sell/inventory/v1/offer",
            "POST /sell/inventory/v1/offer",
            $"GET /sell/inventory/v1/offer/{fake.OfferOf(Sku).OfferId}",
            $"POST /sell/inventory/v1/offer/{fake.OfferOf(Sku).OfferId}/publish/",
        ], fake.ApiRequests.Select(request => request.ToString()));
        Assert.Equal(Sku, fake.ApiRequests[1].Parameter("sku"));

        var put = fake.ApiRequests[0];
        Assert.Equal("en-US", put.Header("Content-Language"));
        var item = put.Json;
        Assert.Equal(product.Title, item["product"]!["title"]!.GetValue<string>());
        Assert.Equal(product.Description, item["product"]!["description"]!.GetValue<string>());
        Assert.Equal(product.Images, item["product"]!["imageUrls"]!.AsArray().Select(url => url!.GetValue<string>()));
        Assert.Equal("Wonders of the First", item["product"]!["aspects"]!["Game"]![0]!.GetValue<string>());
        Assert.Equal("USED_VERY_GOOD", item["condition"]!.GetValue<string>());
        Assert.Equal(3, item["availability"]!["shipToLocationAvailability"]!["quantity"]!.GetValue<int>());

        var create = fake.ApiRequests[2];
        Assert.Equal("en-US", create.Header("Content-Language"));
        var offer = create.Json;
        Assert.Equal(Sku, offer["sku"]!.GetValue<string>());
        Assert.Equal("EBAY_US", offer["marketplaceId"]!.GetValue<string>());
        Assert.Equal("FIXED_PRICE", offer["format"]!.GetValue<string>());
        Assert.Equal(3, offer["availableQuantity"]!.GetValue<int>());
        Assert.Equal(FakeEbay.CategoryId, offer["categoryId"]!.GetValue<string>());
        Assert.Equal(FakeEbay.LocationKey, offer["merchantLocationKey"]!.GetValue<string>());
        Assert.Equal(FakeEbay.FulfillmentPolicyId, offer["listingPolicies"]!["fulfillmentPolicyId"]!.GetValue<string>());
        Assert.Equal(FakeEbay.PaymentPolicyId, offer["listingPolicies"]!["paymentPolicyId"]!.GetValue<string>());
        Assert.Equal(FakeEbay.ReturnPolicyId, offer["listingPolicies"]!["returnPolicyId"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, offer["pricingSummary"]!["price"]!["value"]!.GetValueKind());
        Assert.Equal("12.50", offer["pricingSummary"]!["price"]!["value"]!.GetValue<string>());
        Assert.Equal("USD", offer["pricingSummary"]!["price"]!["currency"]!.GetValue<string>());
        Assert.Equal("GTC", offer["listingDuration"]!.GetValue<string>());

        var listingId = fake.OfferOf(Sku).ListingId!;
        var listing = await ListingAsync(job.ListingId);
        Assert.Equal(listingId, listing.RemoteId);
        Assert.Equal(ListingStatus.Active, listing.Status);
        Assert.Equal($"https://www.ebay.com/itm/{listingId}", listing.Url);
        Assert.Equal(12.50m, listing.Price);
        Assert.Equal(fake.OfferOf(Sku).OfferId, Result(job, StepType.CreateOffer));
        Assert.Equal(listingId, Result(job, StepType.PublishListing));
    }

    [Fact]
    public async Task CreateOffer_reuses_the_SKUs_offer_and_brings_it_up_to_the_mapped_details()
    {
        var product = await AddProductAsync();
        var existing = fake.SeedOffer(Sku, 9.99m, published: false);

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        Assert.Equal(MarketplaceJobStatus.Completed, job.Status);
        Assert.Empty(fake.Violations);
        Assert.DoesNotContain(fake.ApiRequests, request => request.ToString() == "POST /sell/inventory/v1/offer");
        var update = Assert.Single(fake.ApiRequests, request => request.ToString() == $"PUT /sell/inventory/v1/offer/{existing}");
        Assert.Equal("12.50", update.Json["pricingSummary"]!["price"]!["value"]!.GetValue<string>());
        Assert.Null(update.Json["sku"]);
        Assert.Equal(existing, Result(job, StepType.CreateOffer));
        Assert.Single(fake.ApiRequests, request => request.ToString() == $"POST /sell/inventory/v1/offer/{existing}/publish/");
        Assert.Equal(fake.OfferOf(Sku).ListingId, (await ListingAsync(job.ListingId)).RemoteId);
    }

    [Fact]
    public async Task PublishListing_adopts_an_offer_already_published_instead_of_publishing_it_again()
    {
        var product = await AddProductAsync();
        fake.SeedOffer(Sku, 12.50m, published: true, listingId: "110000004242");

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        Assert.Equal(MarketplaceJobStatus.Completed, job.Status);
        Assert.DoesNotContain(fake.ApiRequests, request => request.Path.EndsWith("/publish/", StringComparison.Ordinal));
        Assert.DoesNotContain(fake.ApiRequests, request => request.Method is "POST" or "PUT" && request.Path.StartsWith("/sell/inventory/v1/offer", StringComparison.Ordinal));
        Assert.Equal("110000004242", Result(job, StepType.PublishListing));
        var listing = await ListingAsync(job.ListingId);
        Assert.Equal("110000004242", listing.RemoteId);
        Assert.Equal(ListingStatus.Active, listing.Status);
    }

    [Fact]
    public async Task A_publish_whose_answer_was_lost_is_retried_and_finds_its_listing_without_publishing_twice()
    {
        var product = await AddProductAsync();
        fake.Fail(request => request.Path.EndsWith("/publish/", StringComparison.Ordinal), 500,
            FakeEbay.ErrorBody(25001, "A system error has occurred."), afterActing: true);

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        Assert.Equal(MarketplaceJobStatus.Completed, job.Status);
        Assert.Single(fake.ApiRequests, request => request.Path.EndsWith("/publish/", StringComparison.Ordinal));
        Assert.Equal(2, job.Tasks.Single(task => task.Step == StepType.PublishListing).Attempts);
        Assert.Equal(fake.OfferOf(Sku).ListingId, (await ListingAsync(job.ListingId)).RemoteId);
        Assert.Single(await ListingsAsync());
    }

    [Fact]
    public async Task A_product_eBay_would_refuse_fails_validation_before_any_call()
    {
        var product = await AddProductAsync(title: new string('x', 81), images: ["http://img.example.com/plain-http.jpg"]);

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        // Every problem at once, the shared rules' and eBay's own, in words that leave the product out.
        Assert.Equal(MarketplaceJobStatus.Failed, job.Status);
        Assert.Equal("Validate: Cannot be listed on eBay: the title has 81 characters, eBay takes at most 80; "
            + "eBay takes pictures only at https addresses, not http://img.example.com/plain-http.jpg.", job.Error);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task End_withdraws_the_offer_once_and_a_second_end_only_notes_it_is_not_live()
    {
        var product = await AddProductAsync();
        var published = await RunAsync(MarketplaceOperation.Publish, product);
        var listing = await ListingAsync(published.ListingId);
        var offerId = fake.OfferOf(Sku).OfferId;

        var ended = await RunAsync(MarketplaceOperation.End, product, listing);
        var again = await RunAsync(MarketplaceOperation.End, product, listing);

        Assert.Equal(MarketplaceJobStatus.Completed, ended.Status);
        Assert.Equal(MarketplaceJobStatus.Completed, again.Status);
        Assert.Single(fake.ApiRequests, request => request.ToString() == $"POST /sell/inventory/v1/offer/{offerId}/withdraw");
        Assert.Equal($"{listing.RemoteId} ended", Result(ended, StepType.EndListing));
        Assert.Equal($"{listing.RemoteId} already not live on eBay", Result(again, StepType.EndListing));
        Assert.Equal("UNPUBLISHED", fake.OfferOf(Sku).Status);
        var after = await ListingAsync(listing.Id);
        Assert.Equal(ListingStatus.Ended, after.Status);
        Assert.NotNull(after.EndedAt);
    }

    [Fact]
    public async Task Relist_withdraws_and_publishes_the_same_offer_again_as_a_new_listing_linked_to_the_old()
    {
        var product = await AddProductAsync();
        var published = await RunAsync(MarketplaceOperation.Publish, product);
        var old = await ListingAsync(published.ListingId);
        var offerId = fake.OfferOf(Sku).OfferId;

        var relisted = await RunAsync(MarketplaceOperation.Relist, product, old);

        Assert.Equal(MarketplaceJobStatus.Completed, relisted.Status);
        Assert.Empty(fake.Violations);
        Assert.Single(fake.ApiRequests, request => request.ToString() == $"POST /sell/inventory/v1/offer/{offerId}/withdraw");
        Assert.Equal(2, fake.ApiRequests.Count(request => request.ToString() == $"POST /sell/inventory/v1/offer/{offerId}/publish/"));
        Assert.Single(fake.ApiRequests, request => request.ToString() == "POST /sell/inventory/v1/offer");
        var newListingId = fake.OfferOf(Sku).ListingId;
        Assert.NotEqual(old.RemoteId, newListingId);
        var listings = await ListingsAsync();
        Assert.Equal(2, listings.Count);
        Assert.Equal(ListingStatus.Ended, listings.Single(listing => listing.Id == old.Id).Status);
        var fresh = listings.Single(listing => listing.Id != old.Id);
        Assert.Equal(newListingId, fresh.RemoteId);
        Assert.Equal(ListingStatus.Active, fresh.Status);
        Assert.Equal(old.Id, fresh.ReplacesListingId);
        Assert.Equal($"https://www.ebay.com/itm/{newListingId}", fresh.Url);
    }

    [Fact]
    public async Task A_relist_whose_publish_answer_was_lost_adopts_the_new_listing_and_never_leaves_two_live()
    {
        var product = await AddProductAsync();
        var published = await RunAsync(MarketplaceOperation.Publish, product);
        var old = await ListingAsync(published.ListingId);
        var before = fake.ApiRequests.Count;
        fake.Fail(request => request.Path.EndsWith("/publish/", StringComparison.Ordinal), 503,
            FakeEbay.ErrorBody(25001, "A system error has occurred."), afterActing: true);

        var relisted = await RunAsync(MarketplaceOperation.Relist, product, old);

        Assert.Equal(MarketplaceJobStatus.Completed, relisted.Status);
        Assert.Single(fake.ApiRequests.Skip(before), request => request.Path.EndsWith("/publish/", StringComparison.Ordinal));
        var live = (await ListingsAsync()).Where(listing => listing.Status == ListingStatus.Active).ToList();
        Assert.Equal(fake.OfferOf(Sku).ListingId, Assert.Single(live).RemoteId);
        Assert.NotEqual(old.RemoteId, live[0].RemoteId);
    }

    [Fact]
    public async Task Update_replaces_the_inventory_item_and_the_offer_and_skips_an_offer_already_up_to_date()
    {
        var product = await AddProductAsync();
        var published = await RunAsync(MarketplaceOperation.Publish, product);
        var listing = await ListingAsync(published.ListingId);
        var offerId = fake.OfferOf(Sku).OfferId;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var stored = await db.Products.SingleAsync(row => row.Id == product.Id);
            stored.Price = 15m;
            stored.Quantity = 2;
            stored.Title = "Sky Serpent (EX-017), Rare, Very Good, relisted photos";
            await db.SaveChangesAsync();
            product = stored;
        }

        var updated = await RunAsync(MarketplaceOperation.Update, product, listing);
        var unchanged = await RunAsync(MarketplaceOperation.Update, product, await ListingAsync(listing.Id));

        Assert.Equal(MarketplaceJobStatus.Completed, updated.Status);
        Assert.Equal(MarketplaceJobStatus.Completed, unchanged.Status);
        Assert.Empty(fake.Violations);
        var offerPut = Assert.Single(fake.ApiRequests, request => request.ToString() == $"PUT /sell/inventory/v1/offer/{offerId}");
        Assert.Equal("15.00", offerPut.Json["pricingSummary"]!["price"]!["value"]!.GetValue<string>());
        Assert.Equal(2, offerPut.Json["availableQuantity"]!.GetValue<int>());
        Assert.Equal($"offer {offerId} already up to date", Result(unchanged, StepType.UpdateListing));
        Assert.Equal(product.Title, fake.InventoryItem(Sku)?["product"]?["title"]?.GetValue<string>());
        var after = await ListingAsync(listing.Id);
        Assert.Equal(15m, after.Price);
        Assert.Equal(2, after.Quantity);
        Assert.Equal(ListingStatus.Active, after.Status);
    }

    [Fact]
    public async Task Sync_records_what_eBay_shows_of_the_listing()
    {
        var product = await AddProductAsync();
        var published = await RunAsync(MarketplaceOperation.Publish, product);
        var listing = await ListingAsync(published.ListingId);

        var live = await RunAsync(MarketplaceOperation.Sync, product, listing);
        Assert.Equal(MarketplaceJobStatus.Completed, live.Status);
        Assert.Equal("Active, 12.50 USD, quantity 3", Result(live, StepType.ReadListing));

        fake.SetListingStatus(listing.RemoteId!, "OUT_OF_STOCK");
        var sold = await RunAsync(MarketplaceOperation.Sync, product, listing);
        Assert.Equal(ListingStatus.Sold, (await ListingAsync(listing.Id)).Status);
        Assert.Equal(MarketplaceJobStatus.Completed, sold.Status);

        // Withdrawn behind FlipFlow's back: eBay no longer shows the listing, so it has ended.
        await host.Services.GetRequiredService<EbayClient>().WithdrawOfferAsync(fake.OfferOf(Sku).OfferId, CancellationToken.None);
        var gone = await RunAsync(MarketplaceOperation.Sync, product, listing);
        Assert.Equal(MarketplaceJobStatus.Completed, gone.Status);
        var after = await ListingAsync(listing.Id);
        Assert.Equal(ListingStatus.Ended, after.Status);
        Assert.NotNull(after.EndedAt);
    }

    [Fact]
    public async Task A_long_description_is_frozen_compressed_and_sent_whole()
    {
        var description = string.Join(" ", Enumerable.Range(1, 300).Select(line => $"Line {line}: pack-fresh, sleeved, no whitening."));
        var product = await AddProductAsync(description: description);

        var job = await RunAsync(MarketplaceOperation.Publish, product);

        Assert.Equal(MarketplaceJobStatus.Completed, job.Status);
        Assert.StartsWith("br:", Result(job, StepType.MapData));
        Assert.True(Result(job, StepType.MapData).Length <= EbayFrozenPayloads.MaxLength);
        Assert.Equal(description, fake.ApiRequests[0].Json["product"]!["description"]!.GetValue<string>());
        Assert.Equal(description, fake.ApiRequests.Single(request => request.ToString() == "POST /sell/inventory/v1/offer")
            .Json["listingDescription"]!.GetValue<string>());
    }

    private async Task<Product> AddProductAsync(string sku = Sku, string title = "Sky Serpent (EX-017), Rare, Very Good",
        IReadOnlyList<string>? images = null, string? description = null)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var product = new Product
        {
            Sku = sku,
            Title = title,
            Description = description ?? "Sky Serpent from the Existence set. Very Good: light edge wear. Ships in a sleeve and top-loader.",
            Condition = ItemCondition.VeryGood,
            Price = 12.50m,
            Currency = "USD",
            Quantity = 3,
            Images = (images ?? ["https://img.example.com/wotf/ex-017-front.jpg", "https://img.example.com/wotf/ex-017-back.jpg"]).ToList(),
            ItemSpecifics = new Dictionary<string, string> { ["Game"] = "Wonders of the First", ["Card Name"] = "Sky Serpent" },
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    /// <summary>A batch of one job planned by the eBay handler, as MarketplaceBatches makes them, run by the runner to its end.</summary>
    private async Task<MarketplaceJob> RunAsync(MarketplaceOperation operation, Product product, Listing? listing = null)
    {
        var handler = host.Services.GetRequiredService<MarketplaceHandlers>().Get(Marketplace.Ebay, operation);
        Assert.IsAssignableFrom<EbayHandler>(handler);
        var steps = handler.Plan(new JobSubject(product, listing));
        long jobId;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            var job = new MarketplaceJob
            {
                Operation = operation,
                Marketplace = Marketplace.Ebay,
                ProductId = product.Id,
                ListingId = listing?.Id,
                Status = MarketplaceJobStatus.Running,
                Attempts = 1,
                CreatedAt = now,
                StartedAt = now,
            };
            db.BatchJobs.Add(new BatchJob
            {
                Title = $"{operation} {product.Sku} on eBay",
                RequestedBy = "test",
                Status = BatchStatus.Running,
                TotalJobs = 1,
                CreatedAt = now,
                Jobs = [job],
            });
            await db.SaveChangesAsync();
            jobId = job.Id;
            for (var order = 0; order < steps.Count; order++)
            {
                db.MarketplaceTasks.Add(new MarketplaceTask
                {
                    JobId = jobId,
                    Order = order,
                    Step = steps[order].Step,
                    Name = steps[order].Step.ToString(),
                    Argument = steps[order].Argument,
                    Status = MarketplaceTaskStatus.Pending,
                    IdempotencyKey = MarketplaceTask.KeyFor(jobId, order),
                });
            }
            await db.SaveChangesAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<MarketplaceJobRunner>().RunAsync(jobId, timeout.Token);
        await using var read = await Contexts.CreateDbContextAsync();
        return await read.MarketplaceJobs.AsNoTracking().Include(job => job.Tasks).SingleAsync(job => job.Id == jobId);
    }

    private static string Result(MarketplaceJob job, StepType step) =>
        job.Tasks.Single(task => task.Step == step).Result ?? throw new InvalidOperationException($"{step} has no result.");

    private async Task<Listing> ListingAsync(long? id)
    {
        Assert.NotNull(id);
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Listings.AsNoTracking().SingleAsync(listing => listing.Id == id);
    }

    private async Task<List<Listing>> ListingsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Listings.AsNoTracking().Where(listing => listing.Marketplace == Marketplace.Ebay).OrderBy(listing => listing.Id).ToListAsync();
    }
}
