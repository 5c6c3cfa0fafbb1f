using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Offers;

/// <summary>A listing cannot be offered as asked: not live, no watchers, a marketplace without offers, or no discount left above the floor.</summary>
public sealed class OfferRefusedException(string message) : Exception(message);

/// <summary>An offer as the dashboard and the listing's page show it: the offer and which listing it was for.</summary>
public sealed record OfferView(
    long Id,
    long ListingId,
    string Sku,
    string Title,
    Marketplace Marketplace,
    decimal ListingPrice,
    decimal Price,
    string Currency,
    decimal DiscountPercent,
    int Watchers,
    OfferStatus Status,
    string? RemoteId,
    string? Error,
    string SentBy,
    DateTimeOffset SentAt);

/// <summary>What one run of <see cref="ListingOffers.SendDueAsync"/> did.</summary>
public sealed record OffersDueReport(int Due, int Sent, int Failed, int Refused)
{
    public override string ToString() => $"{Due} listings due: {Sent} offers sent, {Failed} failed, {Refused} refused";
}

/// <summary>
/// Offers to the buyers watching a listing: one listing at a time from a page, and every due listing from the
/// hourly listing-offers job (at least Offers:MinWatchers watchers, no offer sent in Offers:GapDays days). The
/// offer's price is the listing's price less the discount, never below the floor, rounded to cents. Every attempt
/// is recorded as a <see cref="ListingOffer"/>, Sent or Failed with the marketplace's own message.
/// </summary>
public sealed class ListingOffers(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IServiceProvider services,
    DatabaseWriteGate writes,
    IOptions<OffersOptions> options,
    TimeProvider clock)
{
    /// <summary>Who the job's offers are recorded as sent by.</summary>
    public const string JobSender = "listing-offers job";

    /// <summary>
    /// Sends one offer to the watchers of a live listing at <paramref name="discountPercent"/> off its price, never below
    /// Offers:FloorPercent of its price nor below <paramref name="floorPrice"/> when given. Does not wait for the job's gap:
    /// a person asked. Throws <see cref="OfferRefusedException"/> when the listing is not live, has no watchers, its
    /// marketplace cannot send offers, or the floor leaves no discount; a marketplace's refusal or failure is recorded
    /// and returned as a Failed offer, not thrown.
    /// </summary>
    /// <param name="sentBy">The user's email, or <see cref="JobSender"/>.</param>
    /// <exception cref="KeyNotFoundException">No listing has that id.</exception>
    public async Task<ListingOffer> SendAsync(long listingId, decimal discountPercent, decimal? floorPrice, string sentBy,
        CancellationToken cancellationToken = default)
    {
        if (discountPercent is <= 0 or >= 100)
        {
            throw new ArgumentOutOfRangeException(nameof(discountPercent), discountPercent, "A discount is more than 0 % and less than 100 %.");
        }
        if (floorPrice is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(floorPrice), floorPrice, "A floor price cannot be negative.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(sentBy);
        Candidate listing;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            listing = await db.Listings.AsNoTracking()
                .Where(candidate => candidate.Id == listingId)
                .Select(candidate => new Candidate(candidate.Id, candidate.Marketplace, candidate.Status, candidate.RemoteId, candidate.Price,
                    candidate.Currency, candidate.Watchers, candidate.Product!.Title))
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new KeyNotFoundException($"There is no listing {listingId}.");
        }
        return await SendAsync(listing, discountPercent, floorPrice, sentBy, cancellationToken);
    }

    /// <summary>
    /// The job's run: an offer at Offers:DiscountPercent (floor Offers:FloorPercent) to every live listing on a marketplace
    /// that sends offers, with at least Offers:MinWatchers watchers, no offer sent in Offers:GapDays days and no failed
    /// attempt in Offers:RetryFailedAfterHours; at most Offers:MaxPerRun a run. Running it twice sends nothing twice.
    /// </summary>
    public async Task<OffersDueReport> SendDueAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var sentSince = now.AddDays(-settings.GapDays);
        var failedSince = now.AddHours(-settings.RetryFailedAfterHours);
        var marketplaces = Senders().Select(sender => sender.Marketplace).Distinct().ToList();
        List<Candidate> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Listings.AsNoTracking()
                .Where(listing => listing.Status == ListingStatus.Active
                    && marketplaces.Contains(listing.Marketplace)
                    && listing.Watchers != null && listing.Watchers >= settings.MinWatchers
                    && !db.ListingOffers.Any(offer => offer.ListingId == listing.Id
                        && ((offer.Status == OfferStatus.Sent && offer.SentAt >= sentSince)
                            || (offer.Status == OfferStatus.Failed && offer.SentAt >= failedSince))))
                .OrderBy(listing => listing.Id)
                .Take(Math.Max(0, settings.MaxPerRun))
                .Select(listing => new Candidate(listing.Id, listing.Marketplace, listing.Status, listing.RemoteId, listing.Price,
                    listing.Currency, listing.Watchers, listing.Product!.Title))
                .ToListAsync(cancellationToken);
        }
        int sent = 0, failed = 0, refused = 0;
        foreach (var listing in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var offer = await SendAsync(listing, settings.DiscountPercent, null, JobSender, cancellationToken);
                if (offer.Status == OfferStatus.Sent)
                {
                    sent++;
                }
                else
                {
                    failed++;
                    progress?.Report($"Listing {listing.Id}: {offer.Error}");
                }
            }
            catch (OfferRefusedException refusal)
            {
                refused++;
                progress?.Report(refusal.Message);
            }
        }
        return new OffersDueReport(due.Count, sent, failed, refused);
    }

    /// <summary>The latest offers, newest first, with their listings: the dashboard's list.</summary>
    public async Task<IReadOnlyList<OfferView>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Views(db, db.ListingOffers.AsNoTracking()
                .OrderByDescending(offer => offer.SentAt).ThenByDescending(offer => offer.Id)
                .Take(Math.Clamp(count, 0, 1000)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every offer of one listing, newest first: the listing's page.</summary>
    public async Task<IReadOnlyList<OfferView>> ForListingAsync(long listingId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Views(db, db.ListingOffers.AsNoTracking().Where(offer => offer.ListingId == listingId)
                .OrderByDescending(offer => offer.SentAt).ThenByDescending(offer => offer.Id))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether FlipFlow can send offers on the marketplace.</summary>
    public bool CanSendOffers(Marketplace marketplace) => Senders().Any(sender => sender.Marketplace == marketplace);

    /// <summary>The offer's price: the discounted price rounded to cents, raised to the floor (rounded up to cents) when under it.</summary>
    public static decimal PriceOf(decimal listingPrice, decimal discountPercent, decimal floorPercent, decimal? floorPrice)
    {
        var discounted = Math.Round(listingPrice * (1 - discountPercent / 100m), 2, MidpointRounding.AwayFromZero);
        var floor = Math.Max(floorPrice ?? 0m, listingPrice * floorPercent / 100m);
        var floorInCents = Math.Ceiling(floor * 100m) / 100m;
        return Math.Max(discounted, floorInCents);
    }

    /// <summary>The offers with their listings, in the offers' order.</summary>
    private static IQueryable<OfferView> Views(FlipFlowDbContext db, IQueryable<ListingOffer> offers) =>
        from offer in offers
        join listing in db.Listings on offer.ListingId equals listing.Id
        select new OfferView(offer.Id, offer.ListingId, listing.Product!.Sku, listing.Product.Title, listing.Marketplace, listing.Price,
            offer.Price, offer.Currency, offer.DiscountPercent, offer.Watchers, offer.Status, offer.RemoteId, offer.Error, offer.SentBy, offer.SentAt);

    private async Task<ListingOffer> SendAsync(Candidate listing, decimal discountPercent, decimal? floorPrice, string sentBy,
        CancellationToken cancellationToken)
    {
        var name = $"Listing {listing.Id} ({listing.Title}) on {listing.Marketplace.DisplayName()}";
        if (listing.Status != ListingStatus.Active || listing.RemoteId is null)
        {
            throw new OfferRefusedException($"{name} is {listing.Status}: offers go only to live listings.");
        }
        if (listing.Watchers is not > 0)
        {
            throw new OfferRefusedException(listing.Watchers is null
                ? $"{name} has no watcher count: {listing.Marketplace.DisplayName()} has not reported its watchers."
                : $"{name} has no watchers to send an offer to.");
        }
        var sender = Senders().LastOrDefault(candidate => candidate.Marketplace == listing.Marketplace)
            ?? throw new OfferRefusedException($"{listing.Marketplace.DisplayName()} cannot send offers to watchers: {name} gets none.");
        var price = PriceOf(listing.Price, discountPercent, options.Value.FloorPercent, floorPrice);
        if (price >= listing.Price)
        {
            throw new OfferRefusedException(
                $"{name}: the floor ({Money(price, listing.Currency)}) leaves no discount off its price of {Money(listing.Price, listing.Currency)}.");
        }
        var offer = new ListingOffer
        {
            ListingId = listing.Id,
            Price = price,
            Currency = listing.Currency,
            DiscountPercent = discountPercent,
            Watchers = listing.Watchers.Value,
            SentBy = sentBy,
        };
        try
        {
            var message = $"Thanks for watching {listing.Title}: it is yours for {Money(price, listing.Currency)} instead of {Money(listing.Price, listing.Currency)}.";
            var delivery = await sender.SendOfferToWatchersAsync(listing.RemoteId, price, listing.Currency, message, cancellationToken);
            offer.Status = OfferStatus.Sent;
            offer.RemoteId = Cut(delivery.RemoteId, 100);
            if (delivery.Buyers > 0)
            {
                offer.Watchers = delivery.Buyers;
            }
        }
        catch (MarketplaceException failure)
        {
            offer.Status = OfferStatus.Failed;
            offer.Error = Cut(failure.Message, 1000);
        }
        offer.SentAt = clock.GetUtcNow();
        // Recorded even when the caller has given up: the marketplace may have acted.
        using (await writes.EnterAsync(CancellationToken.None))
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.ListingOffers.Add(offer);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return offer;
    }

    // eBay's typed HTTP client is transient: the senders are resolved per use, never kept by this singleton. The last one
    // registered for a marketplace wins, as in dependency injection.
    private IEnumerable<IOfferSender> Senders() => services.GetServices<IOfferSender>();

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";

    private static string? Cut(string? text, int length) => text is { } value && value.Length > length ? value[..length] : text;

    private sealed record Candidate(long Id, Marketplace Marketplace, ListingStatus Status, string? RemoteId, decimal Price, string Currency,
        int? Watchers, string Title);
}
