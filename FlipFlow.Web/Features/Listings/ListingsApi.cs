using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Features.Analytics;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Listings;

/// <summary>
/// A listing as its page shows it: its facts, its days over its life (up to <see cref="PortfolioAnalytics.ListingLifeDays"/> days),
/// its history (events, newest first) and its offers (newest first), carried on from the listings it replaced when relisted.
/// </summary>
public sealed record ApiListing(ApiListingFacts Listing, DateOnly From, DateOnly To, IReadOnlyList<ApiListingDay> Days,
    IReadOnlyList<ApiListingEvent> History, IReadOnlyList<ApiListingOffer> Offers);

/// <param name="ZombieScore">The last zombie scan's score, only while the listing is live.</param>
/// <param name="ReplacesListingId">The listing this one replaced when it was relisted.</param>
/// <param name="ReplacedByListingId">The listing that replaced this one.</param>
public sealed record ApiListingFacts(long Id, string Sku, string Title, string Marketplace, ListingStatus Status, ApiMoney Price, int Quantity,
    int QuantitySold, int? Views, int? Watchers, string? Url, string? RemoteId, DateTimeOffset? ListedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? LastSaleAt, int? ZombieScore, long? ReplacesListingId, long? ReplacedByListingId);

/// <summary>One day of the listing from its snapshot.</summary>
public sealed record ApiListingDay(DateOnly Date, int? Views, int? Watchers, ApiMoney Price, int Quantity, ListingStatus Status, int UnitsSold);

/// <summary>A change the listing sync saw: a price, a quantity, a status, or a sale (with its quantity and amount).</summary>
public sealed record ApiListingEvent(long Id, long ListingId, ListingEventKind Kind, string? OldValue, string? NewValue, int? Quantity, ApiMoney? Amount,
    DateTimeOffset At);

/// <summary>An offer sent to the listing's watchers.</summary>
public sealed record ApiListingOffer(long Id, long ListingId, ApiMoney Price, decimal DiscountPercent, int Watchers, OfferStatus Status, string? Error,
    string SentBy, DateTimeOffset SentAt);

/// <summary><c>GET /api/v1/listings/{id}</c>: one listing's facts, history and offers, as its page shows them; 404 when there is no such listing.</summary>
public static class ListingsApi
{
    public static RouteGroupBuilder MapListingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("listings/{id:long}", async Task<Results<Ok<ApiListing>, ProblemHttpResult>> (long id, PortfolioAnalytics analytics, TimeProvider clock,
                CancellationToken cancellationToken) =>
            {
                var life = PortfolioAnalytics.ListingLife(AnalyticsExportEndpoints.DefaultRange(clock).To);
                if (await analytics.ListingTrendAsync(id, life.From, life.To, cancellationToken) is not { } trend)
                {
                    return ApiRefusals.NotFound($"There is no listing {id}.", "No such listing");
                }
                return TypedResults.Ok(Of(trend, life));
            })
            .WithName("GetListing")
            .WithSummary("A listing's facts, its days over the last year, its history and its offers.")
            .WithTags("Listings")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static ApiListing Of(ListingTrend trend, AnalyticsRange life)
    {
        var facts = trend.Listing;
        return new ApiListing(
            new ApiListingFacts(facts.Id, facts.Sku, facts.Title, facts.Marketplace.Key(), facts.Status, new ApiMoney(facts.Price, facts.Currency), facts.Quantity,
                facts.QuantitySold, facts.Views, facts.Watchers, facts.Url, facts.RemoteId, facts.ListedAt, facts.EndedAt, facts.LastSaleAt, facts.ZombieScore,
                facts.ReplacesListingId, facts.ReplacedByListingId),
            life.From,
            life.To,
            trend.Days.Select(day => new ApiListingDay(day.Date, day.Views, day.Watchers, new ApiMoney(day.Price, day.Currency), day.Quantity, day.Status,
                day.UnitsSold)).ToList(),
            trend.Events.Select(change => new ApiListingEvent(change.Id, change.ListingId, change.Kind, change.OldValue, change.NewValue, change.Quantity,
                change.Amount is { } amount ? new ApiMoney(amount, change.Currency ?? facts.Currency) : null, change.At)).ToList(),
            trend.Offers.Select(offer => new ApiListingOffer(offer.Id, offer.ListingId, new ApiMoney(offer.Price, offer.Currency), offer.DiscountPercent,
                offer.Watchers, offer.Status, offer.Error, offer.SentBy, offer.SentAt)).ToList());
    }
}
