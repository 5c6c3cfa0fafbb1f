using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Listings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class ListingsApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static readonly JsonSerializerOptions Json = ApiAnswers.Json;

    [Fact]
    public async Task A_listing_answers_its_facts_days_history_and_offers_as_its_page_shows_them()
    {
        var contexts = demo.App.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        long id;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            id = await db.ListingEvents.Where(change => change.Kind == ListingEventKind.Sold).OrderBy(change => change.Id)
                .Select(change => change.ListingId).FirstAsync();
            var listing = await db.Listings.SingleAsync(listing => listing.Id == id);
            db.ListingOffers.Add(new ListingOffer
            {
                ListingId = id, Price = 7.25m, Currency = listing.Currency, DiscountPercent = 15m, Watchers = 3, Status = OfferStatus.Sent,
                SentBy = "listings api test", SentAt = DateTimeOffset.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var answer = await client.GetFromJsonAsync<ApiListing>($"/api/v1/listings/{id}", Json);

        var life = PortfolioAnalytics.ListingLife(DateOnly.FromDateTime(DateTime.UtcNow));
        var trend = (await demo.App.Services.GetRequiredService<PortfolioAnalytics>().ListingTrendAsync(id, life.From, life.To))!;
        Assert.NotNull(answer);
        Assert.Equal((life.From, life.To), (answer.From, answer.To));
        var facts = trend.Listing;
        Assert.Equal((facts.Id, facts.Sku, facts.Title, "demo", facts.Status, facts.Price, facts.Currency, facts.Quantity, facts.QuantitySold),
            (answer.Listing.Id, answer.Listing.Sku, answer.Listing.Title, answer.Listing.Marketplace, answer.Listing.Status, answer.Listing.Price.Amount,
                answer.Listing.Price.Currency, answer.Listing.Quantity, answer.Listing.QuantitySold));
        Assert.NotEmpty(answer.Days);
        Assert.Equal(trend.Days.Select(day => (day.Date, day.Price, day.UnitsSold)), answer.Days.Select(day => (day.Date, day.Price.Amount, day.UnitsSold)));
        Assert.Contains(answer.History, change => change.Kind == ListingEventKind.Sold && change.Amount is { Amount: > 0 });
        Assert.Equal(trend.Events.Select(change => (change.Id, change.Kind, change.Amount)),
            answer.History.Select(change => (change.Id, change.Kind, change.Amount?.Amount)));
        var offer = Assert.Single(answer.Offers);
        Assert.Equal((7.25m, facts.Currency, 15m, 3, OfferStatus.Sent), (offer.Price.Amount, offer.Price.Currency, offer.DiscountPercent, offer.Watchers, offer.Status));
    }

    [Fact]
    public async Task A_listing_that_does_not_exist_is_a_404_problem()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync("/api/v1/listings/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("987654321", problem.GetProperty("detail").GetString());
    }
}
