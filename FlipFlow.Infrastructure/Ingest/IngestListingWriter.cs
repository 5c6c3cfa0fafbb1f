using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>What writing one imported page did: the listing's id and how the address ended.</summary>
public sealed record IngestWritten(long ListingId, IngestItemStatus Status, bool Created, bool PriceChanged);

/// <summary>
/// Writes what an adapter read from a page as a market listing, in one transaction with the address's end and its
/// import's counts. The listing is found by its key (<see cref="IngestListingKey"/>), so importing it again updates it:
/// title, price, status, condition, images and when it was last seen and last changed. Its title is read by the
/// <see cref="TitleParser"/>, its seller by the seller rule (<see cref="SellerIdentities"/>), and a SKU the page gives,
/// when the title names no card, by the SKU mappings (a SKU the resolver is unsure of waits in the review queue). A price
/// that moves by at least <c>Ingestion:PriceChangeThresholdPercent</c> is kept as a
/// <see cref="MarketListingEventKind.PriceChanged"/> event.
/// </summary>
public sealed class IngestListingWriter(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes,
    IOptions<IngestionOptions> options,
    TimeProvider clock)
{
    /// <summary>How long the catalogue read for titles and SKUs is kept before it is read again.</summary>
    private static readonly TimeSpan CatalogueAge = TimeSpan.FromMinutes(5);

    private Catalogue? catalogue;

    public async Task<IngestWritten> WriteAsync(IngestItem item, PageListing page, IListingPageAdapter adapter, CancellationToken cancellationToken)
    {
        var (titles, skus) = await CatalogueAsync(cancellationToken);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var (platform, externalId) = IngestListingKey.For(page, new Uri(item.CanonicalUrl));
        var listing = await db.MarketListings.FirstOrDefaultAsync(row => row.Platform == platform && row.ExternalId == externalId, cancellationToken);
        var created = listing is null;
        var priceChanged = false;
        if (listing is null)
        {
            listing = new MarketListing
            {
                Platform = platform,
                ExternalId = externalId,
                Title = page.Title!,
                Currency = page.Currency!,
                Source = MarketSourceKind.UrlImport,
                FirstSeenAt = now,
            };
            db.MarketListings.Add(listing);
            ApplyPage(listing, page, item, now);
            listing.Apply(titles.Parse(listing.Title));
        }
        else
        {
            priceChanged = RecordChanges(db, listing, page, now);
            var titleChanged = listing.Title != Clip(page.Title!, MarketListing.TitleMaxLength);
            ApplyPage(listing, page, item, now);
            if (titleChanged)
            {
                listing.Apply(titles.Parse(listing.Title));
            }
        }
        await SellerIdentities.LinkAsync(db, [listing], cancellationToken);
        await ApplySkuAsync(db, listing, page, skus, item, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var status = page.IsPartial ? IngestItemStatus.Partial : IngestItemStatus.Succeeded;
        var ended = await db.IngestItems.Where(row => row.Id == item.Id && row.Status == IngestItemStatus.Running).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.Status, status)
            .SetProperty(row => row.MarketListingId, listing.Id)
            .SetProperty(row => row.Adapter, adapter.Name)
            .SetProperty(row => row.AdapterVersion, adapter.Version)
            .SetProperty(row => row.Quality, page.Quality)
            .SetProperty(row => row.Found, string.Join(",", page.Found))
            .SetProperty(row => row.FinishedAt, now), cancellationToken);
        if (ended > 0)
        {
            await IngestProgress.EndedAsync(db, item.SessionId, status, ended, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new IngestWritten(listing.Id, status, created, priceChanged);
    }

    /// <summary>Adds the events a change of price or status makes; true when the price moved past the threshold.</summary>
    private bool RecordChanges(FlipFlowDbContext db, MarketListing listing, PageListing page, DateTimeOffset now)
    {
        var price = page.Price!.Value;
        var passes = listing.Currency == page.Currency
            && PriceChangeRule.Passes(listing.Price, price, options.Value.PriceChangeThresholdPercent);
        if (passes)
        {
            db.MarketListingEvents.Add(MarketListingEvent.Of(listing.Id, MarketListingEventKind.PriceChanged, MarketListingEvent.Money(listing.Price), MarketListingEvent.Money(price), now));
        }
        if (page.Status is { } status && status != listing.Status && status != MarketListingStatus.Active)
        {
            var kind = status == MarketListingStatus.Sold ? MarketListingEventKind.Sold : MarketListingEventKind.Ended;
            db.MarketListingEvents.Add(MarketListingEvent.Of(listing.Id, kind, listing.Status.ToString(), status.ToString(), now));
        }
        return passes;
    }

    private static void ApplyPage(MarketListing listing, PageListing page, IngestItem item, DateTimeOffset now)
    {
        var images = page.Images.Count == 0 ? listing.ImageUrls : Clip(string.Join("\n", page.Images), MarketListing.ImageUrlsMaxLength);
        var title = Clip(page.Title!, MarketListing.TitleMaxLength);
        var status = page.Status ?? listing.Status;
        var changed = listing.Id == 0 || listing.Title != title || listing.Price != page.Price || listing.Currency != page.Currency
            || listing.Status != status || listing.ImageUrls != images;
        listing.Title = title;
        listing.Price = page.Price!.Value;
        listing.Currency = page.Currency!;
        listing.Status = status;
        listing.SoldAt = status == MarketListingStatus.Sold ? listing.SoldAt ?? now : null;
        listing.Url = Clip(page.CanonicalUrl ?? item.CanonicalUrl, MarketListing.UrlMaxLength);
        listing.Condition = page.Condition is null ? listing.Condition : Clip(page.Condition, MarketListing.ConditionMaxLength);
        listing.ImageUrls = images;
        listing.SellerText = page.SellerText is null ? listing.SellerText : Clip(page.SellerText, 500);
        listing.LastSeenAt = now;
        if (changed)
        {
            listing.LastModifiedAt = now;
        }
    }

    /// <summary>A title that names no card takes the card of the page's SKU, when its mapping is sure.</summary>
    private static async Task ApplySkuAsync(FlipFlowDbContext db, MarketListing listing, PageListing page, SkuResolver resolver, IngestItem item,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (listing.CardId is not null || string.IsNullOrWhiteSpace(page.Sku) || page.Sku.Length > 100)
        {
            return;
        }
        var sku = page.Sku.Trim();
        var lookup = new SkuLookup(resolver, $"import {item.SessionId}", now);
        await lookup.LoadAsync(db, [(listing.Platform, sku, listing.Title)], cancellationToken);
        var mapping = lookup.Use(listing.Platform, sku);
        foreach (var unsaved in lookup.TakeUnsaved())
        {
            db.SkuMappings.Update(unsaved);
        }
        await lookup.SaveRowsSeenAsync(db, cancellationToken);
        if (mapping is { Status: SkuMappingStatus.Mapped, CardId: { } cardId })
        {
            listing.CardId = cardId;
            listing.Treatment ??= mapping.Treatment;
            listing.ParseConfidence = mapping.Confidence;
        }
    }

    private async Task<(TitleParser Titles, SkuResolver Skus)> CatalogueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (catalogue is { } kept && now - kept.ReadAt < CatalogueAge)
        {
            return (kept.Titles, kept.Skus);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cards = await db.Cards.AsNoTracking().ToListAsync(cancellationToken);
        var read = new Catalogue(now, new TitleParser(cards), new SkuResolver(cards));
        catalogue = read;
        return (read.Titles, read.Skus);
    }

    /// <summary>The parsers over the catalogue as read at one time; replaced whole, so workers reading it at once see one or the other.</summary>
    private sealed record Catalogue(DateTimeOffset ReadAt, TitleParser Titles, SkuResolver Skus);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
