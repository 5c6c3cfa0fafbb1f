using System.Net;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Listings;

/// <summary>The listing page over HTTP: a listing that exists, and one that does not.</summary>
[Trait("Category", "Integration")]
public sealed class ListingPageTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        return client;
    }

    [Fact]
    public async Task A_listing_that_does_not_exist_answers_404_and_says_so()
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync("/listings/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Listing 999999 was not found", html);
        Assert.Contains("href=\"/analytics\"", html);
    }

    [Fact]
    public async Task A_listing_that_exists_answers_200_with_its_facts()
    {
        var product = await app.Services.GetRequiredServiceOf<ProductCatalog>().CreateAsync(new ProductInput("PAGE-1", "Blue vase, hand thrown", "",
            ItemCondition.New, 40m, "USD", 1, [], new Dictionary<string, string>()));
        var listingId = await app.Services.QueryAsync(async db =>
        {
            var listing = new Listing
            {
                ProductId = product.Id, Marketplace = Marketplace.Demo, Status = ListingStatus.Active, Price = 40m, Quantity = 1,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Id;
        });
        using var client = await SignedInAsync();

        var response = await client.GetAsync($"/listings/{listingId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Blue vase, hand thrown", html);
        Assert.Contains("PAGE-1", html);
    }
}
