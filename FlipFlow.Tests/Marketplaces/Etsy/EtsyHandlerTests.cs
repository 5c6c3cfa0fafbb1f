using System.Text.Json.Nodes;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Marketplaces.Etsy;

/// <summary>Etsy's handlers run as FlipFlow runs them: a batch, the dispatcher, the job runner, one commit per task.</summary>
[Trait("Category", "Integration")]
public sealed class EtsyHandlerTests : IAsyncLifetime
{
    private static readonly byte[] Front = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];
    private static readonly byte[] Back = [0xFF, 0xD8, 0xFF, 0xE0, 5, 6, 7, 8, 9];

    private EtsyHarness harness = default!;

    private FakeEtsy Etsy => harness.Etsy;

    private static string ShopListings => $"/v3/application/shops/{FakeEtsy.ShopId}/listings";

    public async Task InitializeAsync() => harness = await EtsyHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private Task<Product> CardAsync(string sku = "WOTF-001-NM", params byte[][] images) => harness.AddProductAsync(sku,
        "Wonders of the First: Existence holo, near mint", 24.99m, 3,
        [.. (images.Length == 0 ? [Front, Back] : images).Select((bytes, index) => Etsy.Image($"{sku}-{index + 1}.jpg", bytes))]);

    private static void AssertCompleted(MarketplaceJob job)
    {
        Assert.True(job.Status == MarketplaceJobStatus.Completed, $"The job ended {job.Status}: {job.Error}");
        Assert.All(job.Tasks, task => Assert.Equal(MarketplaceTaskStatus.Completed, task.Status));
    }

    private static string ResultOf(MarketplaceJob job, string name) => job.Tasks.Single(task => task.Name == name).Result!;

    [Fact]
    public async Task Publishing_creates_a_draft_sets_its_inventory_uploads_each_image_at_its_rank_and_activates_it()
    {
        var product = await CardAsync();
        // Etsy fails the activation once: the runner tries the step again, which finds nothing done and does it.
        Etsy.FailNext("PATCH", $"{ShopListings}/\\d+", 503, """{"error": "Service unavailable"}""");

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        AssertCompleted(job);
        Assert.Equal(["Validate", "MapData", "CreateListing", "UpsertInventoryItem", "UploadImage 1", "UploadImage 2", "PublishListing", "SaveResult"],
            job.Tasks.Select(task => task.Name));
        Assert.Equal(2, job.Tasks.Single(task => task.Name == "PublishListing").Attempts);

        var listing = Assert.Single(Etsy.Listings);
        Assert.Equal(("active", "WOTF-001-NM", 24.99m, 3), (listing.State, listing.Sku, listing.Price, listing.Quantity));
        Assert.Equal((EtsyHarness.TaxonomyId, EtsyHarness.ShippingProfileId, EtsyHarness.ReadinessStateId, EtsyHarness.ReturnPolicyId),
            (listing.TaxonomyId, listing.ShippingProfileId, listing.ReadinessStateId, listing.ReturnPolicyId));
        var images = listing.Images.OrderBy(image => image.Rank).ToList();
        Assert.Equal([1, 2], images.Select(image => image.Rank));
        Assert.Equal(Front, images[0].Bytes);
        Assert.Equal(Back, images[1].Bytes);

        var create = Assert.Single(Etsy.Calls("POST", ShopListings));
        Assert.StartsWith("application/x-www-form-urlencoded", create.ContentType);
        Assert.Equal(new Dictionary<string, string>
        {
            ["quantity"] = "3",
            ["title"] = "Wonders of the First: Existence holo, near mint",
            ["description"] = "Wonders of the First: Existence holo, near mint, as pictured.",
            ["price"] = "24.99",
            ["who_made"] = "someone_else",
            ["when_made"] = "2020_2026",
            ["taxonomy_id"] = "1208",
            ["shipping_profile_id"] = "303514857",
            ["readiness_state_id"] = "1488822641",
            ["return_policy_id"] = "1077889",
            ["is_supply"] = "false",
        }, create.Form);

        var inventory = Assert.Single(Etsy.Calls("PUT", $"/v3/application/listings/{listing.Id}/inventory"));
        Assert.StartsWith("application/json", inventory.ContentType);
        var body = JsonNode.Parse(inventory.Json!)!;
        Assert.Equal("WOTF-001-NM", body["products"]![0]!["sku"]!.GetValue<string>());
        var offering = body["products"]![0]!["offerings"]![0]!;
        Assert.Equal((24.99m, 3, true, EtsyHarness.ReadinessStateId),
            (offering["price"]!.GetValue<decimal>(), offering["quantity"]!.GetValue<int>(), offering["is_enabled"]!.GetValue<bool>(),
                offering["readiness_state_id"]!.GetValue<long>()));

        var uploads = Etsy.Calls("POST", $"{ShopListings}/{listing.Id}/images");
        Assert.All(uploads, upload => Assert.StartsWith("multipart/form-data", upload.ContentType));
        Assert.Equal([("1", "WOTF-001-NM-1.jpg"), ("2", "WOTF-001-NM-2.jpg")],
            uploads.Select(upload => (upload.Form["rank"], upload.Files["image"].FileName)));
        Assert.Equal(Front, uploads[0].Files["image"].Bytes);
        Assert.Equal(Back, uploads[1].Files["image"].Bytes);

        var activations = Etsy.Calls("PATCH", $"{ShopListings}/{listing.Id}");
        Assert.Equal(2, activations.Count);
        Assert.All(activations, activation => Assert.Equal(new Dictionary<string, string> { ["state"] = "active" }, activation.Form));
        Assert.All(Etsy.Requests.Where(request => request.IsApi), request =>
        {
            Assert.Equal($"{FakeEtsy.Keystring}:{FakeEtsy.SharedSecret}", request.ApiKey);
            Assert.Equal("Bearer 7001.access-1", request.Authorization);
        });

        var saved = await harness.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync());
        Assert.Equal((product.Id, ListingStatus.Active, listing.Id.ToString(), listing.Url, 24.99m, 3),
            (saved.ProductId, saved.Status, saved.RemoteId, saved.Url, saved.Price, saved.Quantity));
        Assert.Equal(saved.Id, job.ListingId);
    }

    [Fact]
    public async Task The_create_step_reuses_the_draft_that_already_has_the_SKU()
    {
        var product = await CardAsync();
        var draft = Etsy.Seed(new FakeListing { State = "draft", Title = "An earlier attempt", Price = 24.99m, Quantity = 3, Sku = product.Sku });

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        AssertCompleted(job);
        Assert.Empty(Etsy.Calls("POST", ShopListings));
        Assert.Equal(draft.Id.ToString(), ResultOf(job, "CreateListing"));
        // Its inventory already holds the SKU, price and quantity: no call to set them.
        Assert.Empty(Etsy.Calls("PUT", $"/v3/application/listings/{draft.Id}/inventory"));
        Assert.StartsWith("already", ResultOf(job, "UpsertInventoryItem"));
        Assert.Equal("active", Assert.Single(Etsy.Listings).State);
    }

    [Fact]
    public async Task A_draft_left_without_its_SKU_by_a_lost_answer_is_reused_not_duplicated()
    {
        var product = await CardAsync();
        var orphan = Etsy.Seed(new FakeListing { State = "draft", Title = product.Title, Price = 24.99m, Quantity = 3 });

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        AssertCompleted(job);
        Assert.Empty(Etsy.Calls("POST", ShopListings));
        var listing = Assert.Single(Etsy.Listings);
        Assert.Equal((orphan.Id, "active", product.Sku), (listing.Id, listing.State, listing.Sku));
    }

    [Fact]
    public async Task An_image_already_at_its_rank_is_not_uploaded_again()
    {
        var product = await CardAsync();
        var draft = Etsy.Seed(new FakeListing { State = "draft", Title = product.Title, Price = 24.99m, Quantity = 3, Sku = product.Sku });
        Etsy.AddImage(draft, 1, Front);

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        AssertCompleted(job);
        var upload = Assert.Single(Etsy.Calls("POST", $"{ShopListings}/{draft.Id}/images"));
        Assert.Equal("2", upload.Form["rank"]);
        Assert.Contains("already at rank 1", ResultOf(job, "UploadImage 1"));
        Assert.Equal([1, 2], Etsy.Listing(draft.Id).Images.Select(image => image.Rank).Order());
    }

    [Fact]
    public async Task A_product_Etsy_would_refuse_fails_validation_before_any_call()
    {
        var product = await harness.AddProductAsync("BAD-1", "Lot of 3 cards $5 each + + bonus", 5m, 1);
        await harness.QueryAsync(db => db.Products.Where(candidate => candidate.Id == product.Id)
            .ExecuteUpdateAsync(update => update.SetProperty(candidate => candidate.Description, "")));

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        Assert.Equal(MarketplaceJobStatus.Failed, job.Status);
        Assert.Contains("needs at least one image", job.Error);
        Assert.Contains("Etsy does not take '$' in a title", job.Error);
        Assert.Contains("Etsy takes '+' at most once in a title", job.Error);
        Assert.Contains("Etsy needs a description", job.Error);
        Assert.Empty(Etsy.Requests);
    }

    [Fact]
    public async Task Ending_a_listing_that_is_already_inactive_makes_no_call()
    {
        var product = await CardAsync();
        var inactive = Etsy.Seed(new FakeListing { State = "inactive", Title = product.Title, Sku = product.Sku });
        var recorded = await harness.AddListingAsync(product, inactive.Id, ListingStatus.Active);

        var job = await harness.RunAsync(MarketplaceOperation.End, listingId: recorded.Id);

        AssertCompleted(job);
        Assert.Equal($"{inactive.Id} already inactive", ResultOf(job, "EndListing"));
        Assert.Equal(["GET"], Etsy.Requests.Where(request => request.IsApi).Select(request => request.Method));
        var ended = await harness.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync());
        Assert.Equal(ListingStatus.Ended, ended.Status);
        Assert.NotNull(ended.EndedAt);
    }

    [Fact]
    public async Task Ending_an_active_listing_deactivates_it()
    {
        var product = await CardAsync();
        var active = Etsy.Seed(new FakeListing { State = "active", Title = product.Title, Sku = product.Sku });
        var recorded = await harness.AddListingAsync(product, active.Id, ListingStatus.Active);

        var job = await harness.RunAsync(MarketplaceOperation.End, listingId: recorded.Id);

        AssertCompleted(job);
        Assert.Equal("inactive", Etsy.Listing(active.Id).State);
        var call = Assert.Single(Etsy.Calls("PATCH", $"{ShopListings}/{active.Id}"));
        Assert.Equal(new Dictionary<string, string> { ["state"] = "inactive" }, call.Form);
        Assert.Empty(Etsy.Calls("DELETE", "/v3/application/listings/\\d+"));
    }

    [Fact]
    public async Task Relisting_ends_the_old_listing_and_activates_a_new_copy_linked_to_it()
    {
        var product = await CardAsync(images: [Front]);
        var old = Etsy.Seed(new FakeListing { State = "active", Title = product.Title, Price = 24.99m, Quantity = 3, Sku = product.Sku });
        Etsy.AddImage(old, 1, Front);
        var recorded = await harness.AddListingAsync(product, old.Id, ListingStatus.Active);
        // Nothing but the old listing has the SKU: the create step must not take it back.
        Assert.Null(await harness.Client.FindForCreateAsync(product.Sku, product.Title, old.Id.ToString(), CancellationToken.None));

        var job = await harness.RunAsync(MarketplaceOperation.Relist, listingId: recorded.Id);

        AssertCompleted(job);
        Assert.Equal(["Validate", "MapData", "EndListing", "CreateListing", "UpsertInventoryItem", "UploadImage 1", "PublishListing", "SaveResult"],
            job.Tasks.Select(task => task.Name));
        Assert.Equal("inactive", Etsy.Listing(old.Id).State);
        var fresh = Assert.Single(Etsy.Listings, listing => listing.Id != old.Id);
        Assert.Equal(("active", product.Sku, 1), (fresh.State, fresh.Sku, fresh.Images.Count));
        Assert.Single(Etsy.Listings, listing => listing.State == "active");
        var listings = await harness.QueryAsync(db => db.Listings.AsNoTracking().OrderBy(listing => listing.Id).ToListAsync());
        Assert.Equal([(old.Id.ToString(), ListingStatus.Ended, (long?)null), (fresh.Id.ToString(), ListingStatus.Active, recorded.Id)],
            listings.Select(listing => (listing.RemoteId, listing.Status, listing.ReplacesListingId)));
    }

    [Fact]
    public async Task Updating_revises_the_text_with_updateListing_and_price_and_quantity_with_the_inventory_then_does_nothing_again()
    {
        var product = await CardAsync();
        var live = Etsy.Seed(new FakeListing
        {
            State = "active", Title = "Old title", Description = "Old text", Price = 30m, Quantity = 1, Sku = product.Sku, ReadinessStateId = 42,
        });
        Etsy.AddImage(live, 1, Front);
        var recorded = await harness.AddListingAsync(product, live.Id, ListingStatus.Active);

        var job = await harness.RunAsync(MarketplaceOperation.Update, listingId: recorded.Id);

        AssertCompleted(job);
        var patch = Assert.Single(Etsy.Calls("PATCH", $"{ShopListings}/{live.Id}"));
        Assert.Equal(["description", "title"], patch.Form.Keys.Order());
        var offering = JsonNode.Parse(Assert.Single(Etsy.Calls("PUT", $"/v3/application/listings/{live.Id}/inventory")).Json!)!["products"]![0]!["offerings"]![0]!;
        // The offering keeps the processing profile Etsy had for it.
        Assert.Equal((24.99m, 3, 42L), (offering["price"]!.GetValue<decimal>(), offering["quantity"]!.GetValue<int>(), offering["readiness_state_id"]!.GetValue<long>()));
        Assert.Equal((product.Title, 24.99m, 3), (Etsy.Listing(live.Id).Title, Etsy.Listing(live.Id).Price, Etsy.Listing(live.Id).Quantity));
        var saved = await harness.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync());
        Assert.Equal((ListingStatus.Active, 24.99m, 3), (saved.Status, saved.Price, saved.Quantity));

        var again = await harness.RunAsync(MarketplaceOperation.Update, listingId: recorded.Id);

        AssertCompleted(again);
        Assert.Equal($"{live.Id} already up to date", ResultOf(again, "UpdateListing"));
        Assert.Single(Etsy.Calls("PATCH", $"{ShopListings}/{live.Id}"));
        Assert.Single(Etsy.Calls("PUT", $"/v3/application/listings/{live.Id}/inventory"));
    }

    [Fact]
    public async Task Syncing_records_what_Etsy_says_of_the_listing()
    {
        var product = await CardAsync();
        var soldOut = Etsy.Seed(new FakeListing { State = "sold_out", Title = product.Title, Price = 24.99m, Quantity = 0, Sku = product.Sku });
        var recorded = await harness.AddListingAsync(product, soldOut.Id, ListingStatus.Active);

        var job = await harness.RunAsync(MarketplaceOperation.Sync, listingId: recorded.Id);

        AssertCompleted(job);
        var saved = await harness.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync());
        Assert.Equal((ListingStatus.Sold, 0), (saved.Status, saved.Quantity));
        Assert.NotNull(saved.EndedAt);
    }
}
