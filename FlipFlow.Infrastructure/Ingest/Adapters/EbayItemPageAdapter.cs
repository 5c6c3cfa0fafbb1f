using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// Reads an eBay item page (<c>ebay.&lt;tld&gt;/itm/&lt;id&gt;</c> or <c>/itm/&lt;slug&gt;/&lt;id&gt;</c>). eBay's own markup
/// says more than its structured data (the seller and its feedback, a sold banner), so it is read first; its
/// microdata and JSON-LD fill what the markup left out. A page without a sold or ended banner or a sold-out
/// availability is an active listing: that is what eBay serves at a live item's address.
/// </summary>
public sealed partial class EbayItemPageAdapter : IListingPageAdapter
{
    public const string NoItem = "No eBay item found on the page: it has no item title or price. eBay may have served a sign-in or robot check instead.";

    // Where eBay's item page puts its status messages; its recommendations ("sold" counts, "ended soon") live elsewhere.
    private const string StatusBanners =
        ".d-statusmessage, .x-statusmessage, .ux-message, .vi-status-msg, [role=alert], [role=status], [data-testid=d-statusmessage]";

    public string Name => "ebay-item";

    public int Version => 1;

    public bool Handles(Uri address) => ItemAddress(address) is not null;

    public PageRead Read(Uri address, string body, string? mediaType)
    {
        var page = new HtmlParser().ParseDocument(body);
        var baseAddress = PageValues.BaseOf(page, address);
        var draft = FromMarkup(page, baseAddress)
            .FillFrom(JsonLdProducts.FromPage(page, baseAddress))
            .FillFrom(FromOpenGraph(page, baseAddress));
        if (draft.IsEmpty)
        {
            return PageRead.Failed(NoItem);
        }
        var item = ItemAddress(address) ?? ItemAddress(draft.CanonicalUrl);
        // Only an eBay item number names the item: a JSON-LD productID may be a catalogue id shared by many listings.
        draft.ItemId = ItemIdOnPage(page) ?? item?.Id;
        draft.CanonicalUrl = draft.ItemId is { } id ? $"https://www.ebay.{item?.Domain ?? "com"}/itm/{id}" : draft.CanonicalUrl;
        draft.Status ??= MarketListingStatus.Active;
        return PageRead.Read(draft.ToListing(MarketPlatform.Ebay));
    }

    /// <summary>The item number and the eBay domain ("com", "co.uk") of an item address; null for any other address.</summary>
    private static EbayItem? ItemAddress(Uri? address)
    {
        if (address is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            return null;
        }
        var host = EbayHost().Match(address.Host);
        var path = ItemPath().Match(address.AbsolutePath);
        return host.Success && path.Success ? new EbayItem(path.Groups["id"].Value, host.Groups["domain"].Value.ToLowerInvariant()) : null;
    }

    private static EbayItem? ItemAddress(string? address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? ItemAddress(uri) : null;

    private static ListingDraft FromMarkup(IDocument page, Uri baseAddress)
    {
        var (price, currency) = Price(page);
        return new ListingDraft
        {
            Title = Title(page),
            Price = price,
            Currency = currency,
            Condition = Condition(page),
            SellerText = Seller(page),
            Images = PageValues.Images(baseAddress, page.QuerySelectorAll("div.ux-image-carousel-item img")
                .Select(image => image.GetAttribute("data-zoom-src") ?? image.GetAttribute("src") ?? image.GetAttribute("data-src"))),
            Status = Banner(page) ?? PageValues.Availability(ItemProperty(page, "availability")),
            CanonicalUrl = PageValues.Absolute(baseAddress, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href")),
        };
    }

    private static ListingDraft FromOpenGraph(IDocument page, Uri baseAddress) => new()
    {
        Title = Untagged(PageValues.Meta(page, "og:title")),
        Images = PageValues.Images(baseAddress, PageValues.Metas(page, "og:image")),
        CanonicalUrl = PageValues.Absolute(baseAddress, PageValues.Meta(page, "og:url")),
    };

    private static string? Title(IDocument page) =>
        Untagged(PageValues.Clean(page.QuerySelector("h1.x-item-title__mainTitle span")?.TextContent)
            ?? PageValues.Clean(page.QuerySelector("h1.x-item-title__mainTitle")?.TextContent));

    // eBay titles its pages "<title> | eBay" (or "| eBay UK"); the listing's title is what comes before.
    private static string? Untagged(string? title) => title is null ? null : PageValues.Clean(EbaySuffix().Replace(title, ""));

    /// <summary>The microdata price when given (exact, with its code); else the primary price as shown ("US $24.99", "£18.00").</summary>
    private static (decimal? Price, string? Currency) Price(IDocument page)
    {
        var shown = PageValues.Clean(page.QuerySelector(".x-price-primary .ux-textspans")?.TextContent
            ?? page.QuerySelector(".x-price-primary")?.TextContent);
        var price = PageValues.Price(ItemProperty(page, "price")) ?? PageValues.Price(shown);
        var currency = PageValues.Currency(ItemProperty(page, "priceCurrency")) ?? PageValues.Currency(shown);
        return (price, currency);
    }

    private static string? Condition(IDocument page) =>
        PageValues.Clean(page.QuerySelector(".x-item-condition-text .ux-textspans")?.TextContent)
        ?? PageValues.Clean(page.QuerySelector(".x-item-condition-text")?.TextContent)
        ?? PageValues.Condition(ItemProperty(page, "itemCondition"));

    /// <summary>
    /// The seller as the seller card shows it, in the form the seller rule reads: "name (1234) 99.8% positive". Without a
    /// name shown, the <c>/usr/name</c> link, which names the user even where the card links to a store.
    /// </summary>
    private static string? Seller(IDocument page)
    {
        var card = page.QuerySelector(".x-sellercard-atf__info__about-seller");
        var name = PageValues.Clean(card?.QuerySelector("a")?.TextContent) ?? PageValues.Clean(card?.GetAttribute("title"));
        if (card is null || name is null)
        {
            return page.QuerySelectorAll("a[href*='/usr/']").Select(link => UserPath().Match(link.GetAttribute("href") ?? ""))
                .FirstOrDefault(found => found.Success)?.Value;
        }
        var facts = (page.QuerySelector(".x-sellercard-atf__info") ?? card).TextContent;
        var score = FeedbackScore().Match(facts);
        var percent = FeedbackPercent().Match(facts);
        return PageValues.Clean($"{name} {(score.Success ? $"({score.Groups["score"].Value})" : "")} {(percent.Success ? percent.Value : "")}");
    }

    private static MarketListingStatus? Banner(IDocument page)
    {
        var text = string.Join("\n", page.QuerySelectorAll(StatusBanners).Select(banner => banner.TextContent));
        return SoldBanner().IsMatch(text) ? MarketListingStatus.Sold
            : EndedBanner().IsMatch(text) ? MarketListingStatus.Ended
            : null;
    }

    // eBay shows "eBay item number: 123456789012" in the description tab; a relisted item's page may differ from its address.
    private static string? ItemIdOnPage(IDocument page) =>
        ItemNumber().Match(page.QuerySelector(".ux-layout-section__textual-display--itemId")?.TextContent ?? "") is { Success: true } found
            ? found.Value
            : null;

    private static string? ItemProperty(IDocument page, string name) =>
        page.QuerySelectorAll($"[itemprop='{name}']").Select(PageValues.ItemValue).FirstOrDefault(value => value is not null);

    private sealed record EbayItem(string Id, string Domain);

    [GeneratedRegex(@"^(?:[a-z0-9-]+\.)*ebay\.(?<domain>[a-z]{2,3}(?:\.[a-z]{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex EbayHost();

    [GeneratedRegex(@"^/itm/(?:[^/]+/)?(?<id>\d{6,19})/?$")]
    private static partial Regex ItemPath();

    [GeneratedRegex(@"\s*\|\s*eBay(?:\s+[A-Z]{2,3})?\s*$")]
    private static partial Regex EbaySuffix();

    [GeneratedRegex(@"/usr/[^/?#\s]+")]
    private static partial Regex UserPath();

    [GeneratedRegex(@"\(\s*(?<score>[\d.,]+[KkMm]?)\s*\)")]
    private static partial Regex FeedbackScore();

    [GeneratedRegex(@"\d{1,3}(?:\.\d+)?%\s*positive", RegexOptions.IgnoreCase)]
    private static partial Regex FeedbackPercent();

    [GeneratedRegex(@"\b(?:this (?:listing|item) (?:sold|was sold)|sold on\b|item sold\b|^\s*sold\s*$)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SoldBanner();

    [GeneratedRegex(@"\b(?:this listing (?:has |was )?ended|listing (?:has )?ended|bidding (?:has )?ended|was ended by the seller)", RegexOptions.IgnoreCase)]
    private static partial Regex EndedBanner();

    [GeneratedRegex(@"\d{6,19}")]
    private static partial Regex ItemNumber();
}
